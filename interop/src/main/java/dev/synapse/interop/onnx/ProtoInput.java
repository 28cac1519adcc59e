package dev.synapse.interop.onnx;

import java.nio.charset.StandardCharsets;

/**
 * Reads protocol-buffer wire format from a byte range, checking every length against the bytes left
 * before anything is allocated. Failures are {@link WireException}s that the caller turns into a
 * {@code CorruptFileException} naming the file and the entry being read.
 */
final class ProtoInput {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;

    ProtoInput(byte[] buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    /** A malformed wire encoding: the message says what and where. */
    static final class WireException extends Exception {
        private static final long serialVersionUID = 1L;

        private final String reason;

        WireException(String reason) {
            super(reason);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    boolean hasMore() {
        return pos < end;
    }

    int position() {
        return pos;
    }

    /** The next field's tag: field number in the high bits, wire type in the low three. */
    int tag() throws WireException {
        long t = varint();
        if (t <= 0 || t > Integer.MAX_VALUE || (t >>> 3) == 0) {
            throw new WireException("invalid field tag " + t + " at byte " + pos);
        }
        int wire = (int) (t & 7);
        if (wire != VARINT && wire != FIXED64 && wire != LENGTH_DELIMITED && wire != FIXED32) {
            throw new WireException("unsupported wire type " + wire + " at byte " + pos);
        }
        return (int) t;
    }

    long varint() throws WireException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new WireException("truncated varint at byte " + pos);
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new WireException("varint longer than 10 bytes at byte " + pos);
    }

    int fixed32() throws WireException {
        need(4);
        int v = (buf[pos] & 0xff)
                | (buf[pos + 1] & 0xff) << 8
                | (buf[pos + 2] & 0xff) << 16
                | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    long fixed64() throws WireException {
        long lo = fixed32() & 0xffffffffL;
        long hi = fixed32() & 0xffffffffL;
        return lo | hi << 32;
    }

    /** The length of the next length-delimited field, checked against the bytes left. */
    int length() throws WireException {
        long n = varint();
        if (n < 0 || n > end - pos) {
            throw new WireException(
                    "a field at byte " + pos + " claims " + n + " bytes but only " + (end - pos) + " are left");
        }
        return (int) n;
    }

    /** A sub-reader over the next length-delimited field. */
    ProtoInput nested() throws WireException {
        int n = length();
        ProtoInput r = new ProtoInput(buf, pos, pos + n);
        pos += n;
        return r;
    }

    byte[] bytes() throws WireException {
        int n = length();
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    String string() throws WireException {
        int n = length();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** Skips one field of the given tag's wire type. */
    void skip(int tag) throws WireException {
        switch (tag & 7) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(length());
            case FIXED32 -> advance(4);
            default -> throw new WireException("unsupported wire type " + (tag & 7) + " at byte " + pos);
        }
    }

    private void advance(int n) throws WireException {
        need(n);
        pos += n;
    }

    private void need(int n) throws WireException {
        if (n > end - pos) {
            throw new WireException(
                    "truncated field at byte " + pos + ": needs " + n + " bytes, " + (end - pos) + " left");
        }
    }
}
