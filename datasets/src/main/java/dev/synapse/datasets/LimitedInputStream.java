package dev.synapse.datasets;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that refuses to yield more than a known number of bytes: wrapped around an inflating
 * stream it stops a gzip bomb as soon as its output passes the size the content is known to have,
 * instead of inflating all of it first.
 */
final class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private final String name;
    private long count;

    /** Raised when more than the limit comes out of the stream. */
    static final class TooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLongException(String message) {
            super(message);
        }
    }

    /** {@code in}, cut off after {@code limit} bytes; {@code name} is for the message. */
    LimitedInputStream(InputStream in, long limit, String name) {
        super(in);
        this.limit = limit;
        this.name = name;
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        // Ask for at most one byte past the limit: enough to tell "too long" from "exactly the limit".
        int n = in.read(b, off, (int) Math.min(len, limit - count + 1));
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw new TooLongException(
                        name + " holds more than " + limit + " bytes, the size of the expected content");
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping still inflates: route it through read so that it counts.
        byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(left, buf.length));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
