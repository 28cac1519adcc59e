package dev.synapse.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes protocol-buffer wire format field by field (varints, fixed 32/64-bit, length-delimited, packed doubles), so
 * that TensorBoard event files and ONNX models are written without generated code or a protobuf runtime. Fields are
 * written in call order; a nested message is built in its own writer and added with {@link #message}.
 */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A new, empty message. */
    public ProtoWriter() {}

    /** A varint field (int32, int64, uint64, bool and enum fields; negative values take ten bytes, as protobuf's). */
    public ProtoWriter varint(int field, long value) {
        tag(field, ProtoReader.VARINT);
        rawVarint(value);
        return this;
    }

    /** A {@code double} field (wire type fixed64). */
    public ProtoWriter fixed64(int field, double value) {
        tag(field, ProtoReader.FIXED64);
        rawLittleEndian(Double.doubleToRawLongBits(value), 8);
        return this;
    }

    /** A {@code float} field (wire type fixed32). */
    public ProtoWriter fixed32(int field, float value) {
        tag(field, ProtoReader.FIXED32);
        rawLittleEndian(Float.floatToRawIntBits(value) & 0xFFFFFFFFL, 4);
        return this;
    }

    /** A {@code bytes} field. */
    public ProtoWriter bytes(int field, byte[] value) {
        tag(field, ProtoReader.LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    /** A {@code string} field, in UTF-8. */
    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A nested message field. */
    public ProtoWriter message(int field, ProtoWriter nested) {
        return bytes(field, nested.toByteArray());
    }

    /** A packed repeated {@code double} field. */
    public ProtoWriter packedDoubles(int field, double[] values) {
        ProtoWriter p = new ProtoWriter();
        for (double v : values) {
            p.rawLittleEndian(Double.doubleToRawLongBits(v), 8);
        }
        return bytes(field, p.toByteArray());
    }

    /** The message's bytes so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void rawLittleEndian(long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }
}
