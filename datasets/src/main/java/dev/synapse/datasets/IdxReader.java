package dev.synapse.datasets;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST, Fashion-MNIST, KMNIST and EMNIST: a big-endian magic number
 * {@code 0x0000TTNN} (type {@code TT}, {@code NN} dimensions), the dimensions as 32-bit integers, then
 * the elements. Plain and gzip files are accepted. Only unsigned bytes ({@code TT = 0x08}) are
 * supported: every file of those datasets holds bytes.
 *
 * <p>Everything is checked before the element array is allocated: the magic number, the number of
 * dimensions, each dimension, and the length the header implies against the file's length (for gzip,
 * against the uncompressed length recorded in the gzip trailer). A truncated or corrupt file therefore
 * gets a {@link DatasetException} that says so, never an {@code OutOfMemoryError} or garbage.
 */
public final class IdxReader {
    private static final int UBYTE = 0x08;
    private static final int MAX_DIMS = 4;

    private IdxReader() {}

    /** The dimensions and the unsigned byte elements of an IDX file. */
    public record Idx(int[] dims, byte[] data) {
        /** Number of items along the first axis. */
        public int count() {
            return dims[0];
        }
    }

    /** Reads an IDX file, plain or gzip-compressed. */
    public static Idx read(Path file) {
        try {
            long length = Files.size(file);
            if (isGzip(file)) {
                long isize = gzipTrailerSize(file, length);
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                    return parse(in, file.toString(), -1, isize);
                }
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString(), length, -1);
            }
        } catch (ZipException | EOFException e) {
            throw corrupt(file.toString(), "the gzip stream is damaged (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an IDX file held in memory (e.g. a zip entry), plain or gzip-compressed; {@code name} is for messages. */
    public static Idx read(byte[] bytes, String name) {
        try {
            if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B) {
                if (bytes.length < 18) {
                    throw corrupt(name, "the gzip file is only " + bytes.length + " bytes long", null);
                }
                int n = bytes.length;
                long isize = (bytes[n - 4] & 0xFFL)
                        | (bytes[n - 3] & 0xFFL) << 8
                        | (bytes[n - 2] & 0xFFL) << 16
                        | (bytes[n - 1] & 0xFFL) << 24;
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16)) {
                    return parse(in, name, -1, isize);
                }
            }
            return parse(new ByteArrayInputStream(bytes), name, bytes.length, -1);
        } catch (ZipException | EOFException e) {
            throw corrupt(name, "the gzip stream is damaged (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses from {@code in}; {@code plainLength} is the exact byte length of a plain file (or -1),
     * {@code gzipSize} the uncompressed length modulo 2^32 from a gzip trailer (or -1).
     */
    private static Idx parse(InputStream raw, String name, long plainLength, long gzipSize) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw corrupt(name, "it is shorter than an IDX header (" + head.length + " bytes)", null);
        }
        if (head[0] != 0 || head[1] != 0) {
            throw corrupt(
                    name,
                    String.format(
                            "the magic number 0x%02X%02X%02X%02X is not an IDX one (0x0000TTNN)",
                            head[0], head[1], head[2], head[3]),
                    null);
        }
        int type = head[2] & 0xFF;
        int nd = head[3] & 0xFF;
        if (type != UBYTE) {
            throw corrupt(
                    name,
                    String.format(
                            "element type 0x%02X is not supported; MNIST-family files hold unsigned " + "bytes (0x08)",
                            type),
                    null);
        }
        if (nd < 1 || nd > MAX_DIMS) {
            throw corrupt(name, "it declares " + nd + " dimensions; expected 1 to " + MAX_DIMS, null);
        }
        byte[] dimBytes = in.readNBytes(4 * nd);
        if (dimBytes.length < 4 * nd) {
            throw corrupt(name, "the header is truncated (" + nd + " dimensions declared)", null);
        }
        int[] dims = new int[nd];
        long count = 1;
        for (int i = 0; i < nd; i++) {
            dims[i] = (dimBytes[4 * i] & 0xFF) << 24
                    | (dimBytes[4 * i + 1] & 0xFF) << 16
                    | (dimBytes[4 * i + 2] & 0xFF) << 8
                    | (dimBytes[4 * i + 3] & 0xFF);
            if (dims[i] < 0) {
                throw corrupt(name, "dimension " + i + " is negative (" + dims[i] + ")", null);
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE - 16) {
                throw corrupt(name, "the dimensions " + Arrays.toString(dims) + " describe more than 2 GB", null);
            }
        }
        long expected = 4L + 4L * nd + count;
        if (plainLength >= 0 && plainLength != expected) {
            throw corrupt(
                    name,
                    "the header " + Arrays.toString(dims) + " implies " + expected + " bytes but the file has "
                            + plainLength + (plainLength < expected ? " (truncated)" : " (extra bytes)"),
                    null);
        }
        if (gzipSize >= 0 && (expected & 0xFFFFFFFFL) != gzipSize) {
            throw corrupt(
                    name,
                    "the header " + Arrays.toString(dims) + " implies " + expected
                            + " uncompressed bytes but the gzip trailer records " + gzipSize
                            + " (truncated or corrupt)",
                    null);
        }
        byte[] data = in.readNBytes((int) count);
        if (data.length < count) {
            throw corrupt(name, "it ends after " + data.length + " of " + count + " data bytes (truncated)", null);
        }
        // Reading to the end makes GZIPInputStream check the CRC, and catches trailing bytes.
        if (in.read() != -1) {
            throw corrupt(name, "it has bytes after the " + count + " data bytes its header declares", null);
        }
        return new Idx(dims, data);
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(2);
            return b.length == 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B;
        }
    }

    private static long gzipTrailerSize(Path file, long length) throws IOException {
        if (length < 18) {
            throw corrupt(file.toString(), "the gzip file is only " + length + " bytes long", null);
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(length - 4);
            byte[] b = new byte[4];
            f.readFully(b);
            return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
        }
    }

    static DatasetException corrupt(String name, String why, Throwable cause) {
        return new DatasetException(
                name + " is not a valid IDX file: " + why
                        + ". Delete it so that it is downloaded again, or replace it with a good copy.",
                cause);
    }
}
