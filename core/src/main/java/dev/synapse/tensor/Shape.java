package dev.synapse.tensor;

import java.util.Arrays;

/**
 * The immutable dimensions of a tensor, as {@code torch.Size} or {@code TensorShape}. Printed as
 * NumPy prints shapes: {@code (2, 3)}.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape with the given dimensions; every dimension must be zero or more. */
    public static Shape of(int... dims) {
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            }
        }
        return new Shape(dims.clone());
    }

    /** The number of dimensions (0 for a scalar). */
    public int rank() {
        return dims.length;
    }

    /** Dimension {@code axis}; a negative axis counts from the end, as in Python. */
    public int get(int axis) {
        return dims[normalizeAxis(axis, dims.length, "shape")];
    }

    /** The number of elements: the product of the dimensions (1 for a scalar). */
    public int size() {
        return numel(dims);
    }

    /** A copy of the dimensions. */
    public int[] toArray() {
        return dims.clone();
    }

    /** Row-major (C-order) strides for these dimensions. */
    public int[] contiguousStrides() {
        return contiguousStrides(dims);
    }

    /** Product of {@code dims}, failing clearly when it does not fit a Java array. */
    public static int numel(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + format(dims) + " has more than 2^31 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides for {@code dims}. */
    public static int[] contiguousStrides(int[] dims) {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(dims[i], 1);
        }
        return strides;
    }

    /**
     * Normalizes an axis that may be negative (counted from the end) and checks its range.
     *
     * @param what the op name for the error message
     */
    public static int normalizeAxis(int axis, int rank, String what) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(what + ": axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    /**
     * The NumPy broadcast of two shapes: dimensions are aligned from the right and each pair must be
     * equal or contain a 1.
     *
     * @param op the op name for the error message
     */
    public static int[] broadcast(int[] a, int[] b, String op) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + format(a) + " and " + format(b)
                        + " cannot be broadcast together (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Formats dimensions as NumPy does: {@code (2, 3)}, {@code (5,)} or {@code ()}. */
    public static String format(int[] dims) {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i]);
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return format(dims);
    }
}
