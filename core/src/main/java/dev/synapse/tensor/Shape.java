package dev.synapse.tensor;

import java.util.Arrays;

/**
 * The immutable dimensions of a tensor, as {@code torch.Size} or {@code TensorShape}. Printed as
 * NumPy prints shapes: {@code (2, 3)}.
 *
 * <p>Each dimension is an {@code int}, while element counts, strides and offsets are {@code long}: a device holds
 * tensors of more than 2^31 elements, but one axis that long is not a case users meet, and {@code int} axes keep
 * every shape-taking signature ({@code reshape(int...)}, layer arguments) simple. PyTorch's sizes are int64 per
 * axis. How many elements one storage may hold is the backend's limit: the CPU's Java arrays hold at most
 * {@link JavaArrays#MAX_LENGTH}.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * A shape with the given dimensions ({@code torch.Size}); every dimension must be zero or more
     * and the element count at most {@link #MAX_ELEMENTS}.
     *
     * @throws IllegalArgumentException naming the shape when a dimension is negative or the count overflows
     */
    public static Shape of(int... dims) {
        numel(dims);
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
    public long size() {
        return numel(dims);
    }

    /** A copy of the dimensions. */
    public int[] toArray() {
        return dims.clone();
    }

    /** Row-major (C-order) strides for these dimensions. */
    public long[] contiguousStrides() {
        return contiguousStrides(dims);
    }

    /**
     * The most elements one tensor may hold on any device: 2^60, so that its bytes (at most 8 per element) and any
     * offset into it fit a {@code long}. A backend may hold fewer ({@code Backend.maxElements()}).
     */
    public static final long MAX_ELEMENTS = 1L << 60;

    /**
     * Product of {@code dims}: the element count of a tensor of that shape. Every tensor factory
     * and view goes through here, so a bad shape fails before anything is allocated.
     *
     * @throws IllegalArgumentException naming the shape when a dimension is negative or the product
     *     exceeds {@link #MAX_ELEMENTS}
     */
    public static long numel(int[] dims) {
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + format(dims) + " has the negative dimension " + d
                        + "; every dimension must be 0 or more (use reshape for an inferred -1)");
            }
        }
        long n = 1;
        for (int d : dims) {
            if (d == 0) {
                return 0;
            }
        }
        for (int d : dims) {
            // Checked before multiplying, so n never overflows a long.
            if (n > MAX_ELEMENTS / d) {
                java.math.BigInteger total = java.math.BigInteger.ONE;
                for (int e : dims) {
                    total = total.multiply(java.math.BigInteger.valueOf(e));
                }
                throw new IllegalArgumentException("shape " + format(dims) + " has " + total
                        + " elements, more than the " + MAX_ELEMENTS
                        + " one tensor can hold; split it into smaller tensors");
            }
            n *= d;
        }
        return n;
    }

    /**
     * The lowest and highest storage element, {@code {lo, hi}}, that a non-empty view with these dims, strides
     * and offset reaches (negative strides reach below the offset).
     */
    public static long[] reach(int[] dims, long[] strides, long offset) {
        long lo = offset;
        long hi = offset;
        for (int i = 0; i < dims.length; i++) {
            long span = Math.multiplyExact((long) dims[i] - 1, strides[i]);
            lo = Math.addExact(lo, Math.min(0, span));
            hi = Math.addExact(hi, Math.max(0, span));
        }
        return new long[] {lo, hi};
    }

    /** Row-major strides for {@code dims}. */
    public static long[] contiguousStrides(int[] dims) {
        long[] strides = new long[dims.length];
        long s = 1;
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
