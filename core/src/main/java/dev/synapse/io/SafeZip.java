package dev.synapse.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * The zip container of Synapse model files and checkpoints, read defensively and written plainly.
 *
 * <p>Reading works on the file in pieces ({@link ByteSource}): the end record and the central
 * directory are read first, and an entry's data only when it is opened, as a stream of its declared
 * size. It trusts nothing: the central directory must sit
 * where the end record says, entries are bounded in number, every name must be one the caller
 * expects (no duplicates, no {@code ..}, no absolute or backslash paths), local headers must agree
 * with the directory, entries may not overlap, sizes are checked against the file and against the
 * caller's limits before anything is allocated, inflating stops at the declared size (zip bombs),
 * and every entry's CRC-32 is verified. Zip64, encryption, multi-disk archives and methods other
 * than stored and deflated are refused.
 *
 * <p>Writing produces a standard archive (Python's {@code zipfile} and {@code unzip} read it), with
 * sizes and CRCs in the local headers and a fixed timestamp, so the same content gives the same
 * bytes.
 */
final class SafeZip {
    private static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int END = 0x06054b50;
    /** 1980-01-01 00:00 in DOS date/time: the timestamp of every entry. */
    private static final int DOS_TIME = 0;

    private static final int DOS_DATE = (1 << 5) | 1;
    /** Deflate cannot expand data by more than about 1032:1; a larger claim is a bomb. */
    private static final long MAX_DEFLATE_RATIO = 1100;

    private SafeZip() {}

    /** What one archive may hold. */
    record Limits(Set<String> allowedNames, int maxEntries, long maxEntryBytes, long maxTotalBytes) {}

    /** One entry to write: stored (for tensors, already dense) or deflated (for JSON). */
    record Entry(String name, byte[] data, boolean deflate) {}

    // ---- writing ---------------------------------------------------------------------------------

    static void write(OutputStream out, List<Entry> entries) throws IOException {
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        long offset = 0;
        for (Entry e : entries) {
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            byte[] body = e.deflate() ? deflate(e.data()) : e.data();
            int method = e.deflate() ? 8 : 0;
            CRC32 crc = new CRC32();
            crc.update(e.data());
            long crcValue = crc.getValue();
            // An array's length always fits the 32-bit size fields; the offsets past it may not.
            if (offset + body.length > 0xFFFF_FFFFL) {
                throw new IOException("model file larger than 4 GiB (zip64) is not supported");
            }
            ByteBuffer local = le(30 + name.length);
            local.putInt(LOCAL)
                    .putShort((short) 20)
                    .putShort((short) 0x0800)
                    .putShort((short) method)
                    .putShort((short) DOS_TIME)
                    .putShort((short) DOS_DATE)
                    .putInt((int) crcValue)
                    .putInt(body.length)
                    .putInt(e.data().length)
                    .putShort((short) name.length)
                    .putShort((short) 0)
                    .put(name);
            out.write(local.array());
            out.write(body);
            ByteBuffer cen = le(46 + name.length);
            cen.putInt(CENTRAL)
                    .putShort((short) 20)
                    .putShort((short) 20)
                    .putShort((short) 0x0800)
                    .putShort((short) method)
                    .putShort((short) DOS_TIME)
                    .putShort((short) DOS_DATE)
                    .putInt((int) crcValue)
                    .putInt(body.length)
                    .putInt(e.data().length)
                    .putShort((short) name.length)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putInt(0)
                    .putInt((int) offset)
                    .put(name);
            central.write(cen.array());
            offset += local.capacity() + body.length;
        }
        byte[] cd = central.toByteArray();
        ByteBuffer end = le(22);
        end.putInt(END)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) entries.size())
                .putShort((short) entries.size())
                .putInt(cd.length)
                .putInt((int) offset)
                .putShort((short) 0);
        out.write(cd);
        out.write(end.array());
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
            byte[] buf = new byte[1 << 16];
            while (!d.finished()) {
                int n = d.deflate(buf);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---- reading ---------------------------------------------------------------------------------

    /** An entry found by {@link #directory}, checked against the directory, its local header and the limits. */
    record Located(String name, int method, long crc, long compressed, long size, long dataAt) {}

    /** The entries of {@code zip} by name, in directory order, each read whole and verified. */
    static Map<String, byte[]> read(byte[] zip, String source, Limits limits) throws CorruptFileException {
        ByteSource src = ByteSource.of(zip);
        try {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (Located e : directory(src, source, limits)) {
                try (InputStream in = open(src, e, source)) {
                    out.put(e.name(), in.readAllBytes());
                }
            }
            return out;
        } catch (CorruptFileException e) {
            throw e;
        } catch (IOException e) {
            throw bad(source, Objects.requireNonNullElse(e.getMessage(), e.toString()));
        }
    }

    /**
     * Reads and checks the end record, the central directory and every local header, allocating only
     * those; returns the entries in directory order. Entry data is read later, through {@link #open}.
     */
    static List<Located> directory(ByteSource src, String source, Limits limits) throws IOException {
        long fileSize = src.size();
        int tailLength = (int) Math.min(fileSize, 22 + 0xFFFF);
        long tailAt = fileSize - tailLength;
        byte[] tail = new byte[tailLength];
        src.readFully(tailAt, ByteBuffer.wrap(tail));
        ByteBuffer t = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
        int endInTail = findEnd(tail, source);
        long endAt = tailAt + endInTail;
        int disk = u16(t, endInTail + 4);
        int cdDisk = u16(t, endInTail + 6);
        int onDisk = u16(t, endInTail + 8);
        int total = u16(t, endInTail + 10);
        long cdSize = u32(t, endInTail + 12);
        long cdOffset = u32(t, endInTail + 16);
        if (disk != 0 || cdDisk != 0 || onDisk != total) {
            throw bad(source, "multi-disk zip archives are not supported");
        }
        if (total == 0xFFFF || cdSize == 0xFFFF_FFFFL || cdOffset == 0xFFFF_FFFFL) {
            throw bad(source, "zip64 archives are not supported");
        }
        if (total > limits.maxEntries()) {
            throw bad(source, total + " entries, more than the " + limits.maxEntries() + " a Synapse file has");
        }
        if (cdOffset + cdSize != endAt) {
            throw bad(
                    source,
                    "the central directory [" + cdOffset + ", +" + cdSize + ") does not end at the end record (" + endAt
                            + "); truncated or not a Synapse file");
        }
        // Each directory record is 46 bytes plus three 16-bit lengths: a larger directory is not one of ours.
        if (cdSize > (long) total * (46 + 3 * 0xFFFF)) {
            throw bad(source, "a central directory of " + cdSize + " bytes for " + total + " entries");
        }
        byte[] cd = new byte[(int) cdSize];
        src.readFully(cdOffset, ByteBuffer.wrap(cd));
        ByteBuffer b = ByteBuffer.wrap(cd).order(ByteOrder.LITTLE_ENDIAN);
        List<long[]> spans = new ArrayList<>();
        List<Located> out = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        long totalBytes = 0;
        int at = 0;
        for (int i = 0; i < total; i++) {
            if (at + 46 > cd.length || b.getInt(at) != CENTRAL) {
                throw bad(source, "central directory entry " + i + " is damaged");
            }
            int flags = u16(b, at + 8);
            int method = u16(b, at + 10);
            long crc = u32(b, at + 16);
            long compressed = u32(b, at + 20);
            long size = u32(b, at + 24);
            int nameLength = u16(b, at + 28);
            int extraLength = u16(b, at + 30);
            int commentLength = u16(b, at + 32);
            long localAt = u32(b, at + 42);
            int next = at + 46 + nameLength + extraLength + commentLength;
            if (next > cd.length) {
                throw bad(source, "central directory entry " + i + " runs past the directory");
            }
            String name = name(cd, at + 46, nameLength, source);
            if (!limits.allowedNames().contains(name)) {
                throw bad(
                        source, "unexpected entry '" + name + "'; a Synapse file holds only " + limits.allowedNames());
            }
            if (!names.add(name)) {
                throw bad(source, "entry '" + name + "' appears twice");
            }
            if ((flags & 1) != 0) {
                throw bad(source, "entry '" + name + "' is encrypted");
            }
            if (method != 0 && method != 8) {
                throw bad(
                        source,
                        "entry '" + name + "' uses compression method " + method
                                + " (only stored and deflated are read)");
            }
            if (size > limits.maxEntryBytes() || (totalBytes += size) > limits.maxTotalBytes()) {
                throw bad(source, "entry '" + name + "' declares " + size + " bytes, more than allowed");
            }
            if (method == 0 && compressed != size) {
                throw bad(
                        source, "stored entry '" + name + "' has compressed size " + compressed + " but size " + size);
            }
            if (method == 8 && size > Math.max(1024, compressed * MAX_DEFLATE_RATIO)) {
                throw bad(
                        source,
                        "entry '" + name + "' claims " + size + " bytes from " + compressed
                                + " compressed bytes, more than deflate can produce (zip bomb?)");
            }
            if (localAt + 30 > cdOffset) {
                throw bad(source, "entry '" + name + "' has no local header at " + localAt);
            }
            byte[] local = new byte[30];
            src.readFully(localAt, ByteBuffer.wrap(local));
            ByteBuffer l = ByteBuffer.wrap(local).order(ByteOrder.LITTLE_ENDIAN);
            if (l.getInt(0) != LOCAL) {
                throw bad(source, "entry '" + name + "' has no local header at " + localAt);
            }
            int localName = u16(l, 26);
            int localExtra = u16(l, 28);
            long dataAt = localAt + 30 + localName + localExtra;
            if (dataAt + compressed > cdOffset) {
                throw bad(
                        source, "entry '" + name + "' runs past the start of the central directory (truncated file?)");
            }
            byte[] localNameBytes = new byte[localName];
            src.readFully(localAt + 30, ByteBuffer.wrap(localNameBytes));
            if (!name.equals(name(localNameBytes, 0, localName, source)) || u16(l, 8) != method) {
                throw bad(source, "entry '" + name + "': the local header disagrees with the central directory");
            }
            spans.add(new long[] {localAt, dataAt + compressed});
            out.add(new Located(name, method, crc, compressed, size, dataAt));
            at = next;
        }
        if (at != cd.length) {
            throw bad(source, "the central directory holds more than its " + total + " entries");
        }
        spans.sort((x, y) -> Long.compare(x[0], y[0]));
        for (int i = 1; i < spans.size(); i++) {
            if (spans.get(i)[0] < spans.get(i - 1)[1]) {
                throw bad(source, "entries overlap");
            }
        }
        return out;
    }

    /**
     * The bytes of {@code e} as a stream of exactly its declared size, inflated in pieces. Reading its
     * last byte verifies the CRC-32 and, for deflated data, that the stream ends there with no data
     * after it; a violation is a {@link CorruptFileException} from {@code read}.
     */
    static InputStream open(ByteSource src, Located e, String source) throws IOException {
        return new EntryStream(src, e, source);
    }

    private static final class EntryStream extends InputStream {
        private final ByteSource src;
        private final Located e;
        private final String source;
        private final CRC32 crc = new CRC32();
        private final @Nullable Inflater inflater;
        private final byte[] input;
        private long fed;
        private long produced;

        EntryStream(ByteSource src, Located e, String source) throws IOException {
            this.src = src;
            this.e = e;
            this.source = source;
            this.inflater = e.method() == 8 ? new Inflater(true) : null;
            // Stored entries are read straight into the caller's buffer and need no input buffer.
            this.input = new byte[inflater == null ? 0 : (int) Math.min(1 << 16, Math.max(1, e.compressed()))];
            if (e.size() == 0) {
                verifyEnd();
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // InputStream's contract: asking for nothing reads nothing (readNBytes does so when its buffer fills).
            if (len == 0) {
                return 0;
            }
            if (produced == e.size()) {
                return -1;
            }
            int want = (int) Math.min(len, e.size() - produced);
            int n;
            if (inflater == null) {
                src.readFully(e.dataAt() + produced, ByteBuffer.wrap(b, off, want));
                n = want;
            } else {
                n = inflate(inflater, b, off, want);
            }
            crc.update(b, off, n);
            produced += n;
            if (produced == e.size()) {
                verifyEnd();
            }
            return n;
        }

        private int inflate(Inflater inflater, byte[] b, int off, int len) throws IOException {
            try {
                while (true) {
                    int before = inflater.getRemaining();
                    int n = inflater.inflate(b, off, len);
                    if (n > 0) {
                        return n;
                    }
                    if (inflater.finished()) {
                        throw bad(
                                source,
                                "entry '" + e.name() + "' inflates to " + produced + " bytes, not the declared "
                                        + e.size());
                    }
                    needMoreInput(inflater, before);
                }
            } catch (DataFormatException x) {
                throw bad(source, "entry '" + e.name() + "' is not valid deflate data: " + x.getMessage());
            }
        }

        /**
         * After an inflate call that produced nothing and did not finish: feeds the next piece when the
         * inflater has used up its input. An inflater that still holds input may just have read a block
         * header (no output yet), so it is only an error if it consumed nothing.
         */
        private void needMoreInput(Inflater inflater, int remainingBefore) throws IOException {
            if (inflater.needsDictionary()) {
                throw bad(
                        source, "entry '" + e.name() + "' is not valid deflate data: it asks for a preset dictionary");
            }
            if (inflater.needsInput()) {
                if (!feed(inflater)) {
                    throw bad(source, "entry '" + e.name() + "' ends before its compressed stream does (truncated?)");
                }
            } else if (inflater.getRemaining() == remainingBefore) {
                throw bad(source, "entry '" + e.name() + "' is not valid deflate data: the inflater makes no progress");
            }
        }

        /** Gives the inflater the next piece of compressed data; false when there is none left. */
        private boolean feed(Inflater inflater) throws IOException {
            if (fed == e.compressed()) {
                return false;
            }
            int n = (int) Math.min(input.length, e.compressed() - fed);
            src.readFully(e.dataAt() + fed, ByteBuffer.wrap(input, 0, n));
            fed += n;
            inflater.setInput(input, 0, n);
            return true;
        }

        private void verifyEnd() throws IOException {
            if (inflater != null) {
                byte[] probe = new byte[1];
                try {
                    while (!inflater.finished()) {
                        // Output is full: one more byte would be past the declared size.
                        int before = inflater.getRemaining();
                        if (inflater.inflate(probe) > 0) {
                            throw bad(
                                    source,
                                    "entry '" + e.name() + "' inflates to more than its declared " + e.size()
                                            + " bytes");
                        }
                        if (!inflater.finished()) {
                            needMoreInput(inflater, before);
                        }
                    }
                } catch (DataFormatException x) {
                    throw bad(source, "entry '" + e.name() + "' is not valid deflate data: " + x.getMessage());
                }
                if (inflater.getRemaining() != 0 || fed != e.compressed()) {
                    throw bad(source, "entry '" + e.name() + "' has data after its compressed stream");
                }
            }
            if (crc.getValue() != e.crc()) {
                throw bad(source, "entry '" + e.name() + "' fails its CRC-32 check (damaged file)");
            }
        }

        @Override
        public void close() {
            if (inflater != null) {
                inflater.end();
            }
        }
    }

    private static int findEnd(byte[] zip, String source) throws CorruptFileException {
        // No archive comment is written, so the end record is the last 22 bytes; a comment is tolerated
        // only if it reaches exactly to the end of the file.
        int last = zip.length - 22;
        for (int at = last; at >= 0 && at >= last - 0xFFFF; at--) {
            if (zip[at] == 0x50 && zip[at + 1] == 0x4b && zip[at + 2] == 5 && zip[at + 3] == 6) {
                int comment = (zip[at + 20] & 0xFF) | (zip[at + 21] & 0xFF) << 8;
                if (at + 22 + comment == zip.length) {
                    return at;
                }
            }
        }
        throw bad(source, "not a Synapse model file (no zip end record; truncated, or another format)");
    }

    private static String name(byte[] zip, int at, int length, String source) throws CorruptFileException {
        if (length == 0 || length > 128) {
            throw bad(source, "an entry name of " + length + " bytes");
        }
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int c = zip[at + i] & 0xFF;
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '-'
                    || c == '.'
                    || c == '/';
            if (!ok) {
                throw bad(source, "an entry name holds the byte 0x" + Integer.toHexString(c));
            }
            sb.append((char) c);
        }
        String n = sb.toString();
        if (n.startsWith("/") || n.contains("..") || n.contains("//")) {
            throw bad(source, "the entry path '" + n + "' is absolute or climbs out with '..'");
        }
        return n;
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xFFFF;
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xFFFF_FFFFL;
    }

    private static CorruptFileException bad(String source, String what) {
        return new CorruptFileException(source + ": " + what);
    }
}
