package dev.synapse.interop.onnx;

import dev.synapse.io.ProtoWriter;

/** One node attribute ({@code AttributeProto}), encoded when made. */
final class EncodedAttribute {
    // AttributeProto fields and AttributeType values of onnx.proto.
    private static final int NAME = 1;
    private static final int F = 2;
    private static final int I = 3;
    private static final int S = 4;
    private static final int INTS = 8;
    private static final int STRINGS = 9;
    private static final int TYPE = 20;

    private final ProtoWriter proto;

    private EncodedAttribute(String name, int type) {
        this.proto = new ProtoWriter().string(NAME, name).varint(TYPE, type);
    }

    static EncodedAttribute f(String name, double value) {
        EncodedAttribute a = new EncodedAttribute(name, 1);
        a.proto.fixed32(F, (float) value);
        return a;
    }

    static EncodedAttribute i(String name, long value) {
        EncodedAttribute a = new EncodedAttribute(name, 2);
        a.proto.varint(I, value);
        return a;
    }

    static EncodedAttribute s(String name, String value) {
        EncodedAttribute a = new EncodedAttribute(name, 3);
        a.proto.string(S, value);
        return a;
    }

    static EncodedAttribute ints(String name, long... values) {
        EncodedAttribute a = new EncodedAttribute(name, 7);
        for (long v : values) {
            a.proto.varint(INTS, v);
        }
        return a;
    }

    static EncodedAttribute ints(String name, int... values) {
        long[] l = new long[values.length];
        for (int k = 0; k < values.length; k++) {
            l[k] = values[k];
        }
        return ints(name, l);
    }

    static EncodedAttribute strings(String name, String... values) {
        EncodedAttribute a = new EncodedAttribute(name, 8);
        for (String v : values) {
            a.proto.string(STRINGS, v);
        }
        return a;
    }

    ProtoWriter proto() {
        return proto;
    }
}
