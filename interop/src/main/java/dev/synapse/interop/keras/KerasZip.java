package dev.synapse.interop.keras;

import dev.synapse.io.CorruptFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the entries of a {@code .keras} zip that Synapse uses, bounded: a few entries, the known names
 * only (others, such as {@code assets/}, are skipped unread), sizes declared in the central directory
 * checked against the file's size and a deflate ratio before anything is allocated, and each entry's
 * length and CRC-32 checked as it is read.
 */
final class KerasZip {
    private static final Set<String> WANTED = Set.of(KerasFiles.CONFIG, KerasFiles.METADATA, KerasFiles.WEIGHTS);
    private static final int MAX_ENTRIES = 4096;
    /** Deflate cannot shrink data by more than about 1032:1. */
    private static final long MAX_RATIO = 1032;

    private static final long MAX_JSON = 64L << 20;
    private static final long MAX_ENTRY = Integer.MAX_VALUE - 8;

    private KerasZip() {}

    static Map<String, byte[]> read(Path file, String source) throws IOException {
        long fileSize = Files.size(file);
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            int count = 0;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (++count > MAX_ENTRIES) {
                    throw new CorruptFileException(source + ": more than " + MAX_ENTRIES + " zip entries");
                }
                if (!WANTED.contains(e.getName())) {
                    continue;
                }
                String where = source + "!" + e.getName();
                if (out.containsKey(e.getName())) {
                    throw new CorruptFileException(where + ": the entry appears twice");
                }
                long size = e.getSize();
                long compressed = e.getCompressedSize();
                long limit = e.getName().endsWith(".json") ? MAX_JSON : MAX_ENTRY;
                if (size < 0
                        || compressed < 0
                        || compressed > fileSize
                        || size > limit
                        || size > Math.max(compressed, 1) * MAX_RATIO + 1024) {
                    throw new CorruptFileException(where + ": declared size " + size + " (compressed " + compressed
                            + ") is implausible for a file of " + fileSize + " bytes");
                }
                out.put(e.getName(), readEntry(zip, e, (int) size, where));
            }
        } catch (CorruptFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptFileException(source + ": not a readable zip: " + KerasFiles.message(e), e);
        }
        return out;
    }

    private static byte[] readEntry(ZipFile zip, ZipEntry e, int size, String where) throws IOException {
        byte[] data = new byte[size];
        try (InputStream in = zip.getInputStream(e)) {
            int got = in.readNBytes(data, 0, size);
            if (got != size || in.read() != -1) {
                throw new CorruptFileException(where + ": holds other than its declared " + size + " bytes");
            }
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new CorruptFileException(where + ": CRC-32 mismatch");
        }
        return data;
    }
}
