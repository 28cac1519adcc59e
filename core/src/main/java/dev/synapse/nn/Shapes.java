package dev.synapse.nn;

import java.util.Arrays;
import java.util.List;

/**
 * Helpers for the symbolic shapes layers exchange: {@code int[]} with the batch axis first, where
 * {@link #UNKNOWN} (-1) stands for a size not known before run time (Keras's {@code None}).
 */
public final class Shapes {
    /** A dimension not known until run time: the batch, or a variable sequence length. */
    public static final int UNKNOWN = -1;

    private Shapes() {}

    /** Formats as Keras does: {@code (None, 28, 28, 1)}. */
    public static String format(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i] < 0 ? "None" : Integer.toString(shape[i]));
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    /** Formats one shape, or a list of them in brackets. */
    public static String format(List<int[]> shapes) {
        if (shapes.size() == 1) {
            return format(shapes.get(0));
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shapes.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(format(shapes.get(i)));
        }
        return sb.append(']').toString();
    }

    /** {@code UNKNOWN} followed by {@code dims}: a per-sample shape with its batch axis. */
    public static int[] withBatch(int... dims) {
        int[] out = new int[dims.length + 1];
        out[0] = UNKNOWN;
        System.arraycopy(dims, 0, out, 1, dims.length);
        return out;
    }

    /** {@code shape} without its first (batch) axis. */
    public static int[] withoutBatch(int[] shape) {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** Product of the dimensions, or {@code UNKNOWN} when one of them is unknown. */
    public static int product(int[] dims, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            if (dims[i] < 0) {
                return UNKNOWN;
            }
            p *= dims[i];
        }
        return (int) p;
    }

    /** Axis {@code axis} of a rank-{@code rank} shape, counted from the end when negative. */
    public static int axis(int axis, int rank, String who) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(who + ": axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    /** True when the shapes agree wherever both are known. */
    public static boolean compatible(int[] a, int[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= 0 && b[i] >= 0 && a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
}
