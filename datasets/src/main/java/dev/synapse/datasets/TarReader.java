package dev.synapse.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Walks the entries of a ustar/GNU tar stream: just enough to read CIFAR-10's archive with the JDK
 * alone. Each header's checksum and size field are validated, so a damaged archive is reported as such.
 */
final class TarReader {
    private static final int BLOCK = 512;

    private final InputStream in;
    private final String name;
    private long remaining;

    TarReader(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    /** One entry: its path, size and whether it is a regular file. */
    record Entry(String path, long size, boolean regularFile) {}

    /** The next entry, or null at the end of the archive. Unread data of the previous entry is skipped. */
    Entry next() throws IOException {
        skip(remaining + padding(remaining));
        remaining = 0;
        byte[] h = in.readNBytes(BLOCK);
        if (h.length == 0 || isZero(h)) {
            return null;
        }
        if (h.length < BLOCK) {
            throw bad("the archive ends inside an entry header (truncated)");
        }
        long stored = octal(h, 148, 8, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
        }
        if (sum != stored) {
            throw bad("an entry header has a wrong checksum (corrupt)");
        }
        String path = text(h, 0, 100);
        String prefix = text(h, 345, 155);
        if (!prefix.isEmpty() && h[257] == 'u') {
            path = prefix + "/" + path;
        }
        long size = octal(h, 124, 12, "size");
        byte type = h[156];
        remaining = size;
        return new Entry(path, size, type == '0' || type == 0);
    }

    /** Reads the whole current entry; its size must have been checked by the caller. */
    byte[] readEntry(long size) throws IOException {
        if (size != remaining) {
            throw new IllegalStateException("readEntry: size " + size + " is not the entry's " + remaining);
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw bad("an entry ends after " + data.length + " of " + size + " bytes (truncated)");
        }
        remaining = 0;
        skip(padding(size));
        return data;
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw bad("the archive ends inside an entry (truncated)");
                }
                s = 1;
            }
            left -= s;
        }
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private long octal(byte[] h, int off, int len, String field) throws EOFException {
        long v = 0;
        boolean any = false;
        for (int i = off; i < off + len; i++) {
            int c = h[i] & 0xFF;
            if (c == 0 || c == ' ') {
                if (any) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7') {
                throw bad("an entry's " + field + " field is not an octal number (corrupt)");
            }
            v = v * 8 + (c - '0');
            any = true;
        }
        return v;
    }

    private static String text(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private DatasetException bad(String why) {
        return new DatasetException(
                name + " is not a valid tar archive: " + why + ". Delete it so that it is downloaded again.");
    }
}
