package dev.synapse.io;

import java.nio.charset.StandardCharsets;

/**
 * Reads protocol-buffer wire format from a byte range (TensorBoard event files, ONNX models), checking every length
 * against the bytes left before anything is allocated. Malformed input is a {@link WireException} that says what is
 * wrong and at which byte; the caller, who knows the file and the message being read, turns it into a
 * {@link CorruptFileException}.
 */
public final class ProtoReader {
    /** Wire type of int32/int64/uint64/bool/enum fields. */
    public static final int VARINT = 0;
    /** Wire type of double/fixed64 fields. */
    public static final int FIXED64 = 1;
    /** Wire type of string/bytes/message/packed fields. */
    public static final int LENGTH_DELIMITED = 2;
    /** Wire type of float/fixed32 fields. */
    public static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;

    /** A reader over {@code buf[start, end)}. */
    public ProtoReader(byte[] buf, int start, int end) {
        if (start < 0 || start > end || end > buf.length) {
            throw new IndexOutOfBoundsException(
                    "range [" + start + ", " + end + ") of a " + buf.length + "-byte buffer");
        }
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    /** A malformed wire encoding: the message says what and at which byte. */
    public static final class WireException extends Exception {
        private static final long serialVersionUID = 1L;

        private final String reason;

        /** A malformed encoding, {@code reason} saying what and where. */
        public WireException(String reason) {
            super(reason);
            this.reason = reason;
        }

        /** What is wrong and at which byte (the message, never null). */
        public String reason() {
            return reason;
        }
    }

    /** Whether a field is left in the range. */
    public boolean hasMore() {
        return pos < end;
    }

    /** The byte position of the next read. */
    public int position() {
        return pos;
    }

    /** The next field's tag: field number in the high bits, wire type in the low three ({@code tag & 7}). */
    public int tag() throws WireException {
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

    /** A varint of at most ten bytes. */
    public long varint() throws WireException {
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

    /** Four little-endian bytes ({@code Float.intBitsToFloat} gives a float field). */
    public int fixed32() throws WireException {
        need(4);
        int v = (buf[pos] & 0xff)
                | (buf[pos + 1] & 0xff) << 8
                | (buf[pos + 2] & 0xff) << 16
                | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    /** Eight little-endian bytes ({@code Double.longBitsToDouble} gives a double field). */
    public long fixed64() throws WireException {
        need(8);
        long lo = fixed32() & 0xffffffffL;
        long hi = fixed32() & 0xffffffffL;
        return lo | hi << 32;
    }

    /** The length of the next length-delimited field, checked against the bytes left. */
    public int length() throws WireException {
        long n = varint();
        if (n < 0 || n > end - pos) {
            throw new WireException(
                    "a field at byte " + pos + " claims " + n + " bytes but only " + (end - pos) + " are left");
        }
        return (int) n;
    }

    /** A reader over the next length-delimited field (a nested message), which this reader then skips. */
    public ProtoReader nested() throws WireException {
        int n = length();
        ProtoReader r = new ProtoReader(buf, pos, pos + n);
        pos += n;
        return r;
    }

    /** The next length-delimited field's bytes. */
    public byte[] bytes() throws WireException {
        int n = length();
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    /** The next length-delimited field as UTF-8 text. */
    public String string() throws WireException {
        int n = length();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** The next length-delimited field as packed doubles. */
    public double[] packedDoubles() throws WireException {
        int n = length();
        if (n % 8 != 0) {
            throw new WireException("packed doubles of " + n + " bytes (not a multiple of 8) at byte " + pos);
        }
        double[] out = new double[n / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.longBitsToDouble(fixed64());
        }
        return out;
    }

    /** Skips one field of the given tag's wire type. */
    public void skip(int tag) throws WireException {
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
