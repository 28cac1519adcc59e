package dev.synapse.interop.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol-buffer wire encodings an ONNX file needs (varints, fixed 32-bit floats and
 * length-delimited fields), written by hand so that no generated code or protobuf runtime is needed.
 */
final class ProtoEncoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoEncoder varint(int field, long value) {
        tag(field, 0);
        rawVarint(value);
        return this;
    }

    ProtoEncoder fixed32(int field, float value) {
        tag(field, 5);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write((bits >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    ProtoEncoder bytes(int field, byte[] value) {
        tag(field, 2);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoEncoder string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoEncoder message(int field, ProtoEncoder nested) {
        return bytes(field, nested.toByteArray());
    }

    byte[] toByteArray() {
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
}
