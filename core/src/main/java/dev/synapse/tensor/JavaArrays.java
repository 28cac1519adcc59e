package dev.synapse.tensor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between nested Java arrays of any rank and flat row-major primitive arrays, and allocates the
 * host arrays tensors are built on ({@link #allocate}).
 */
public final class JavaArrays {
    private JavaArrays() {}

    /** A flat primitive array and the shape it came from. */
    record Flat(Object data, int[] shape) {}

    static Flat flatten(Object array) {
        if (array == null || !array.getClass().isArray()) {
            throw new IllegalArgumentException("fromArray: expected a Java array, got "
                    + (array == null ? "null" : array.getClass().getSimpleName()));
        }
        List<Integer> dims = new ArrayList<>();
        Class<?> c = array.getClass();
        Object probe = array;
        while (c.isArray()) {
            int len = Array.getLength(probe);
            dims.add(len);
            c = c.getComponentType();
            if (c.isArray()) {
                if (len == 0) {
                    throw new IllegalArgumentException(
                            "fromArray: an empty outer array leaves the inner sizes unknown");
                }
                probe = Array.get(probe, 0);
            }
        }
        DType dtype = elementType(c);
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        Object flat = allocate(dtype, shape);
        int[] pos = {0};
        copyInto(array, 0, shape, flat, pos);
        return new Flat(flat, shape);
    }

    /**
     * The Java element type a dtype is stored in: {@code short} for float16, bfloat16 (their bits) and int16,
     * {@code byte} for int8 and uint8 (uint8 read as 0..255).
     */
    public static Class<?> storageType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> float.class;
            case FLOAT64 -> double.class;
            case INT32 -> int.class;
            case INT64 -> long.class;
            case BOOL -> boolean.class;
            case FLOAT16, BFLOAT16, INT16 -> short.class;
            case INT8, UINT8 -> byte.class;
        };
    }

    /** The most elements a Java array holds: the largest array the JVM allocates, so the CPU backend's limit. */
    public static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

    /**
     * The element count of {@code shape} as the length of one Java array.
     *
     * @param what the op or caller, for the error message
     * @throws IllegalArgumentException naming the shape, its element count and the limit when a Java array cannot
     *     hold it
     */
    public static int length(int[] shape, String what) {
        long n = Shape.numel(shape);
        if (n > MAX_LENGTH) {
            throw new IllegalArgumentException(what + ": shape " + Shape.format(shape) + " has " + n
                    + " elements, more than the " + MAX_LENGTH + " a Java array (and so a CPU tensor) can hold;"
                    + " split it into smaller tensors, or keep it on a device backend, which holds more");
        }
        return (int) n;
    }

    /**
     * A new flat host array ({@code float[]}, ...) for a tensor of this dtype and shape: where tensors
     * built on the host get their buffer, so a request beyond the heap says what it asked for.
     *
     * @throws IllegalArgumentException when the element count exceeds {@link #MAX_LENGTH}
     * @throws TensorAllocationError    when the heap cannot hold it
     */
    public static Object allocate(DType dtype, int[] shape) {
        int n = length(shape, "host array of " + dtype);
        try {
            return switch (dtype) {
                case FLOAT32 -> new float[n];
                case FLOAT64 -> new double[n];
                case INT32 -> new int[n];
                case INT64 -> new long[n];
                case BOOL -> new boolean[n];
                case FLOAT16, BFLOAT16, INT16 -> new short[n];
                case INT8, UINT8 -> new byte[n];
            };
        } catch (OutOfMemoryError e) {
            throw TensorAllocationError.of(dtype, Device.CPU, shape, e);
        }
    }

    private static void copyInto(Object src, int depth, int[] shape, Object flat, int[] pos) {
        if (src == null || Array.getLength(src) != shape[depth]) {
            throw new IllegalArgumentException("fromArray: ragged array: expected length " + shape[depth] + " at depth "
                    + depth + ", got " + (src == null ? "null" : Array.getLength(src)));
        }
        if (depth == shape.length - 1) {
            System.arraycopy(src, 0, flat, pos[0], shape[depth]);
            pos[0] += shape[depth];
            return;
        }
        for (int i = 0; i < shape[depth]; i++) {
            copyInto(Array.get(src, i), depth + 1, shape, flat, pos);
        }
    }

    static DType elementType(Class<?> c) {
        if (c == float.class) {
            return DType.FLOAT32;
        } else if (c == double.class) {
            return DType.FLOAT64;
        } else if (c == int.class) {
            return DType.INT32;
        } else if (c == long.class) {
            return DType.INT64;
        } else if (c == boolean.class) {
            return DType.BOOL;
        } else if (c == short.class) {
            return DType.INT16;
        } else if (c == byte.class) {
            return DType.INT8;
        }
        throw new IllegalArgumentException("fromArray: element type " + c.getSimpleName()
                + " is not supported; use float, double, int, long, short, byte or boolean arrays");
    }

    /** The nested array of the given shape holding {@code flat}'s elements; a scalar becomes a one-element array. */
    static Object nest(Object flat, int[] shape) {
        if (shape.length == 0) {
            return flat;
        }
        int[] pos = {0};
        return build(flat, shape, 0, pos);
    }

    private static Object build(Object flat, int[] shape, int depth, int[] pos) {
        Class<?> elem = flat.getClass().getComponentType();
        if (depth == shape.length - 1) {
            Object row = Array.newInstance(elem, shape[depth]);
            System.arraycopy(flat, pos[0], row, 0, shape[depth]);
            pos[0] += shape[depth];
            return row;
        }
        int[] inner = new int[shape.length - depth - 1];
        Object out = Array.newInstance(elem, withZeros(inner));
        out = Array.newInstance(out.getClass(), shape[depth]);
        for (int i = 0; i < shape[depth]; i++) {
            Array.set(out, i, build(flat, shape, depth + 1, pos));
        }
        return out;
    }

    private static int[] withZeros(int[] a) {
        return new int[a.length];
    }
}
