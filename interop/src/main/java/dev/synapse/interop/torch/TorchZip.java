package dev.synapse.interop.torch;

import dev.synapse.io.CorruptFileException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The zip container of {@code torch.save}: stored (uncompressed) entries whose data start 64-byte aligned. Reading
 * takes the central directory as the truth (torch's local headers carry zero sizes and a data descriptor), checks
 * every offset and size against the file before reading, and reads an entry only when asked, verifying its CRC-32.
 * Zip64 records (which torch writes once a file passes 4 GiB) are followed: the zip64 end record through its
 * locator, and each entry's 64-bit sizes and offset from its zip64 extra field. Compressed entries and multi-disk
 * archives are refused: torch writes neither.
 */
final class TorchZip implements AutoCloseable {
    private static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int END = 0x06054b50;
    private static final int ZIP64_END = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EXTRA = 0x0001;
    private static final long MASK32 = 0xFFFF_FFFFL;
    /** Where torch aligns each entry's data (its {@code .storage_alignment}). */
    static final int ALIGNMENT = 64;

    private static final int MAX_ENTRIES = 1 << 20;

    /** One entry: its data's position and size in the file, and its CRC-32. */
    record Entry(String name, long dataAt, long size, int crc) {}

    private final FileChannel channel;
    private final String file;
    private final Map<String, Entry> entries;

    private TorchZip(FileChannel channel, String file) throws IOException {
        this.channel = channel;
        this.file = file;
        this.entries = directory();
    }

    static TorchZip open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new TorchZip(ch, path.toString());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The entries by name, in directory order. */
    Map<String, Entry> entries() {
        return entries;
    }

    /** Reads one entry whose size the caller has bounded, and checks its CRC-32. */
    byte[] read(Entry e) throws IOException {
        if (e.size() > Integer.MAX_VALUE - 8) {
            throw corrupt("entry '" + e.name() + "' of " + e.size() + " bytes is too large to read at once");
        }
        byte[] data = readAt(e.dataAt(), (int) e.size(), "entry '" + e.name() + "'");
        CRC32 crc = new CRC32();
        crc.update(data);
        if ((int) crc.getValue() != e.crc()) {
            throw corrupt("entry '" + e.name() + "' fails its CRC-32 check");
        }
        return data;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private Map<String, Entry> directory() throws IOException {
        long size = channel.size();
        if (size < 22) {
            throw corrupt("not a zip archive (" + size + " bytes)");
        }
        int tailLength = (int) Math.min(size, 22 + 0xFFFF);
        ByteBuffer tail = le(readAt(size - tailLength, tailLength, "the end record"));
        int end = -1;
        for (int i = tailLength - 22; i >= 0; i--) {
            if (tail.getInt(i) == END) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw corrupt("no zip end record (truncated, or not a torch.save file)");
        }
        long endAt = size - tailLength + end;
        long count = Short.toUnsignedInt(tail.getShort(end + 10));
        long cdSize = Integer.toUnsignedLong(tail.getInt(end + 12));
        long cdOffset = Integer.toUnsignedLong(tail.getInt(end + 16));
        if (tail.getShort(end + 4) != 0 || tail.getShort(end + 6) != 0) {
            throw corrupt("multi-disk archive; torch writes one file");
        }
        if (count == 0xFFFF || cdSize == MASK32 || cdOffset == MASK32) {
            // The real values are in the zip64 end record, found through the locator just before this one.
            long[] zip64 = zip64End(endAt);
            count = zip64[0];
            cdSize = zip64[1];
            cdOffset = zip64[2];
            endAt = zip64[3];
        }
        if (count > MAX_ENTRIES || cdSize > Integer.MAX_VALUE - 8 || cdOffset < 0 || cdOffset + cdSize > endAt) {
            throw corrupt("the central directory [" + cdOffset + ", +" + cdSize + ") of " + count
                    + " entries does not fit before the end record at " + endAt);
        }
        ByteBuffer cd = le(readAt(cdOffset, (int) cdSize, "the central directory"));
        Map<String, Entry> out = new LinkedHashMap<>();
        int p = 0;
        for (int i = 0; i < count; i++) {
            if (p + 46 > cdSize || cd.getInt(p) != CENTRAL) {
                throw corrupt("central directory record " + i + " is malformed");
            }
            int method = Short.toUnsignedInt(cd.getShort(p + 10));
            int crc = cd.getInt(p + 16);
            long compressed = Integer.toUnsignedLong(cd.getInt(p + 20));
            long length = Integer.toUnsignedLong(cd.getInt(p + 24));
            int nameLength = Short.toUnsignedInt(cd.getShort(p + 28));
            int extra = Short.toUnsignedInt(cd.getShort(p + 30));
            int comment = Short.toUnsignedInt(cd.getShort(p + 32));
            long localAt = Integer.toUnsignedLong(cd.getInt(p + 42));
            if (p + 46L + nameLength + extra + comment > cdSize) {
                throw corrupt("central directory record " + i + " runs past the directory");
            }
            String name = new String(cd.array(), p + 46, nameLength, StandardCharsets.UTF_8);
            if (length == MASK32 || compressed == MASK32 || localAt == MASK32) {
                long[] wide = zip64Extra(cd, p + 46 + nameLength, extra, length, compressed, localAt, name);
                length = wide[0];
                compressed = wide[1];
                localAt = wide[2];
            }
            p += 46 + nameLength + extra + comment;
            if (method != 0 || compressed != length) {
                throw corrupt("entry '" + name + "' is compressed (method " + method + "); torch stores entries");
            }
            if (localAt < 0 || length < 0 || localAt + 30 > cdOffset) {
                throw corrupt("entry '" + name + "' has its header at " + localAt + ", past the data");
            }
            ByteBuffer local = le(readAt(localAt, 30, "entry '" + name + "'"));
            if (local.getInt(0) != LOCAL || Short.toUnsignedInt(local.getShort(26)) != nameLength) {
                throw corrupt("entry '" + name + "' has no matching local header at " + localAt);
            }
            long dataAt = localAt + 30 + nameLength + Short.toUnsignedInt(local.getShort(28));
            if (dataAt + length > cdOffset) {
                throw corrupt("entry '" + name + "' of " + length + " bytes at " + dataAt
                        + " runs into the central directory at " + cdOffset);
            }
            if (out.put(name, new Entry(name, dataAt, length, crc)) != null) {
                throw corrupt("entry '" + name + "' appears twice");
            }
        }
        return out;
    }

    /**
     * The zip64 end record's entry count, directory size and offset, and its own position (where the directory
     * must end), found through the zip64 locator that precedes the end record at {@code endAt}.
     */
    private long[] zip64End(long endAt) throws IOException {
        if (endAt < 20) {
            throw corrupt("the end record says zip64 but there is no room for a zip64 locator before it");
        }
        ByteBuffer locator = le(readAt(endAt - 20, 20, "the zip64 locator"));
        if (locator.getInt(0) != ZIP64_LOCATOR) {
            throw corrupt("the end record says zip64 but no zip64 locator precedes it");
        }
        long at = locator.getLong(8);
        if (locator.getInt(4) != 0 || locator.getInt(16) > 1) {
            throw corrupt("multi-disk zip64 archive; torch writes one file");
        }
        if (at < 0 || at + 56 > endAt - 20) {
            throw corrupt("the zip64 end record's offset " + at + " lies outside the file before its locator");
        }
        ByteBuffer record = le(readAt(at, 56, "the zip64 end record"));
        if (record.getInt(0) != ZIP64_END) {
            throw corrupt("no zip64 end record at " + at + ", where the locator points");
        }
        long entries = record.getLong(32);
        long cdSize = record.getLong(40);
        long cdOffset = record.getLong(48);
        if (record.getInt(16) != 0 || record.getInt(20) != 0 || entries != record.getLong(24)) {
            throw corrupt("multi-disk zip64 archive; torch writes one file");
        }
        if (entries < 0 || cdSize < 0 || cdOffset < 0) {
            throw corrupt("the zip64 end record holds negative sizes (" + entries + " entries, directory of " + cdSize
                    + " bytes at " + cdOffset + ")");
        }
        return new long[] {entries, cdSize, cdOffset, at};
    }

    /**
     * An entry's size, compressed size and local header offset where its central record holds 0xFFFFFFFF: the
     * zip64 extra field holds those (and only those) as 8-byte values, in that order.
     */
    private long[] zip64Extra(
            ByteBuffer cd, int from, int length, long size, long compressed, long localAt, String name)
            throws CorruptFileException {
        long[] values = {size, compressed, localAt};
        int p = from;
        while (p + 4 <= from + length) {
            int id = Short.toUnsignedInt(cd.getShort(p));
            int fieldLength = Short.toUnsignedInt(cd.getShort(p + 2));
            if (p + 4 + fieldLength > from + length) {
                break;
            }
            if (id == ZIP64_EXTRA) {
                int q = p + 4;
                for (int i = 0; i < 3; i++) {
                    if (values[i] == MASK32) {
                        if (q + 8 > p + 4 + fieldLength) {
                            throw corrupt("entry '" + name + "' has a zip64 extra field of " + fieldLength
                                    + " bytes, too short for the sizes its record leaves to it");
                        }
                        values[i] = cd.getLong(q);
                        q += 8;
                    }
                }
                return values;
            }
            p += 4 + fieldLength;
        }
        throw corrupt("entry '" + name + "' leaves its sizes to zip64 but has no zip64 extra field");
    }

    private byte[] readAt(long at, int length, String what) throws IOException {
        if (at < 0 || length < 0 || at + length > channel.size()) {
            throw corrupt(
                    what + " [" + at + ", +" + length + ") lies outside the file of " + channel.size() + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, at + buf.position()) < 0) {
                throw corrupt(what + " ends early (truncated file)");
            }
        }
        return buf.array();
    }

    private CorruptFileException corrupt(String message) {
        return new CorruptFileException(file + ": " + message);
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---- writing ---------------------------------------------------------------------------------

    /** Writes {@code entries} (name to bytes, in order) stored, each entry's data 64-byte aligned as torch does. */
    static void write(OutputStream out, List<Map.Entry<String, byte[]>> entries) throws IOException {
        write(out, entries, ZIP64_ABOVE);
    }

    /** Offsets and counts from this one on are written in zip64 fields (0xFFFFFFFF marks a field as moved there). */
    static final long ZIP64_ABOVE = 0xFFFF_FFFFL;

    /**
     * Writes {@code entries} as {@link #write(OutputStream, List)}, with an offset of {@code zip64Above} or more (and a
     * directory past it, or more than 65,535 entries) written in zip64 records as torch's writer does past 4 GiB: an
     * entry's local header offset in the zip64 extra field of its central record, the directory's place, size and
     * count in a zip64 end record that a locator before the classic end record points to. An entry's own size always
     * fits 32 bits: each is one Java array. Tests pass a small {@code zip64Above} to write those records into a small
     * file.
     */
    static void write(OutputStream out, List<Map.Entry<String, byte[]>> entries, long zip64Above) throws IOException {
        java.io.ByteArrayOutputStream central = new java.io.ByteArrayOutputStream();
        long offset = 0;
        for (Map.Entry<String, byte[]> e : entries) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] data = e.getValue();
            CRC32 crc32 = new CRC32();
            crc32.update(data);
            int crc = (int) crc32.getValue();
            // Padding in an extra field ("FB", as torch's writer) moves the data to the next aligned offset;
            // the field itself takes 4 bytes, so the padding is what remains after them.
            long unpadded = offset + 30 + name.length + 4;
            int pad = (int) ((ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT);
            ByteBuffer local = ByteBuffer.allocate(30 + name.length + 4 + pad).order(ByteOrder.LITTLE_ENDIAN);
            local.putInt(LOCAL)
                    .putShort((short) 20)
                    .putShort((short) 0x0800)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0x21)
                    .putInt(crc)
                    .putInt(data.length)
                    .putInt(data.length)
                    .putShort((short) name.length)
                    .putShort((short) (4 + pad))
                    .put(name)
                    .put((byte) 'F')
                    .put((byte) 'B')
                    .putShort((short) pad);
            for (int i = 0; i < pad; i++) {
                local.put((byte) 'Z');
            }
            out.write(local.array());
            out.write(data);
            boolean wide = offset >= zip64Above;
            ByteBuffer record =
                    ByteBuffer.allocate(46 + name.length + (wide ? 12 : 0)).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(CENTRAL)
                    .putShort((short) (wide ? 45 : 20))
                    .putShort((short) (wide ? 45 : 20))
                    .putShort((short) 0x0800)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0x21)
                    .putInt(crc)
                    .putInt(data.length)
                    .putInt(data.length)
                    .putShort((short) name.length)
                    .putShort((short) (wide ? 12 : 0))
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putInt(0)
                    .putInt(wide ? 0xFFFF_FFFF : (int) offset)
                    .put(name);
            if (wide) {
                // Only the fields marked 0xFFFFFFFF move to the extra field: here the local header's offset.
                record.putShort((short) 1).putShort((short) 8).putLong(offset);
            }
            central.write(record.array());
            offset += local.capacity() + data.length;
        }
        byte[] directory = central.toByteArray();
        central.writeTo(out);
        long directoryEnd = offset + directory.length;
        boolean zip64 = offset >= zip64Above || directory.length >= zip64Above || entries.size() > 0xFFFE;
        if (zip64) {
            ByteBuffer record = ByteBuffer.allocate(56 + 20).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(ZIP64_END)
                    .putLong(44)
                    .putShort((short) 45)
                    .putShort((short) 45)
                    .putInt(0)
                    .putInt(0)
                    .putLong(entries.size())
                    .putLong(entries.size())
                    .putLong(directory.length)
                    .putLong(offset);
            record.putInt(ZIP64_LOCATOR).putInt(0).putLong(directoryEnd).putInt(1);
            out.write(record.array());
        }
        ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        end.putInt(END)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) (zip64 ? 0xFFFF : entries.size()))
                .putShort((short) (zip64 ? 0xFFFF : entries.size()))
                .putInt(zip64 ? 0xFFFF_FFFF : directory.length)
                .putInt(zip64 ? 0xFFFF_FFFF : (int) offset)
                .putShort((short) 0);
        out.write(end.array());
    }
}
