package dev.synapse.interop.onnx;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One node attribute ({@code AttributeProto}); only the field its {@code type} names is meaningful.
 *
 * @param type the ONNX {@code AttributeType} code (1 float, 2 int, 3 string, 4 tensor, 5 graph, 6
 *     floats, 7 ints, 8 strings)
 */
public record OnnxAttribute(
        String name,
        int type,
        float f,
        long i,
        String s,
        @Nullable OnnxTensor t,
        @Nullable OnnxGraph g,
        float[] floats,
        long[] ints,
        List<String> strings) {
    static final int FLOAT = 1;
    static final int INT = 2;
    static final int STRING = 3;
    static final int TENSOR = 4;
    static final int GRAPH = 5;
    static final int FLOATS = 6;
    static final int INTS = 7;
    static final int STRINGS = 8;
}
