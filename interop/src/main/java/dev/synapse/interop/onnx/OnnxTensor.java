package dev.synapse.interop.onnx;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One ONNX {@code TensorProto} read into memory: floating types (float, double, float16, bfloat16) as
 * {@code floats}, integer and boolean types as {@code longs}; a type Synapse does not read (strings,
 * complex, 8-bit floats) keeps both null and is refused where it is used.
 *
 * @param name the initializer or constant's name (may be empty)
 * @param dataType the ONNX {@code TensorProto.DataType} code
 * @param dims the shape
 */
public record OnnxTensor(String name, int dataType, long[] dims, float @Nullable [] floats, long @Nullable [] longs) {
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int UINT16 = 4;
    static final int INT16 = 5;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int BOOL = 9;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;
    static final int BFLOAT16 = 16;

    /** The number of elements, the product of the dims. */
    public long size() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** The dims as ints (every dim was checked to fit when read). */
    public int[] shape() {
        int[] s = new int[dims.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (int) dims[i];
        }
        return s;
    }

    /** True for float, double, float16 and bfloat16. */
    public boolean isFloating() {
        return floats != null;
    }

    /** The values as doubles, whatever their type; empty for an unreadable type. */
    public double[] asDoubles() {
        if (floats != null) {
            double[] d = new double[floats.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = floats[i];
            }
            return d;
        }
        if (longs != null) {
            return Arrays.stream(longs).asDoubleStream().toArray();
        }
        return new double[0];
    }

    @Override
    public String toString() {
        return "tensor '" + name + "' (type " + dataType + ", dims " + Arrays.toString(dims) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnnxTensor t
                && name.equals(t.name)
                && dataType == t.dataType
                && Arrays.equals(dims, t.dims)
                && Arrays.equals(floats, t.floats)
                && Arrays.equals(longs, t.longs);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(dims);
    }
}
