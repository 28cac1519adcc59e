package dev.synapse.backend.cpu;

import dev.synapse.tensor.JavaArrays;
import dev.synapse.tensor.Tensor;

/**
 * Offsets of strided views, for kernels' general (non-contiguous) paths. Fast paths for contiguous
 * data never come here.
 */
final class Strided {
    private Strided() {}

    /**
     * {@code t}'s element count as an {@code int}. {@code CpuBackend} has checked every operand against {@link
     * JavaArrays#MAX_LENGTH} before its kernel runs, so this only fails on a bug.
     */
    static int size(Tensor t) {
        return Math.toIntExact(t.size());
    }

    /**
     * {@code t}'s offset as an {@code int}: a non-empty view of a CPU storage starts inside its Java array. An empty
     * view reads nothing, so its offset is 0 when it does not fit.
     */
    static int offset(Tensor t) {
        long o = t.offset();
        return o == (int) o ? (int) o : emptyOrFail(t, o);
    }

    /**
     * {@code t}'s strides as {@code int}s, once per kernel: a view checked against a Java array steps less than 2^31
     * along every axis longer than 1; a stride of an axis of length 1 (never stepped) that does not fit becomes 0.
     */
    static int[] strides(Tensor t) {
        long[] s = t.strides();
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = stride(t, i, s[i]);
        }
        return out;
    }

    /** Stride {@code axis} of {@code t} as an {@code int}; see {@link #strides(Tensor)}. */
    static int stride(Tensor t, int axis) {
        return stride(t, axis, t.stride(axis));
    }

    private static int stride(Tensor t, int axis, long s) {
        if (s == (int) s) {
            return (int) s;
        }
        if (t.dim(axis) <= 1) {
            return 0;
        }
        return emptyOrFail(t, s);
    }

    private static int emptyOrFail(Tensor t, long value) {
        if (t.size() == 0) {
            return 0;
        }
        throw new IllegalStateException("a CPU kernel got a view of shape " + t.shape() + " with strides "
                + java.util.Arrays.toString(t.strides()) + " and offset " + t.offset() + ": " + value
                + " does not fit the int index of its Java array");
    }

    /** The strides of {@code t} aligned to {@code outShape} under broadcasting: 0 on broadcast axes. */
    static int[] broadcastStrides(Tensor t, int[] outShape) {
        int[] s = new int[outShape.length];
        int shift = outShape.length - t.rank();
        for (int i = 0; i < t.rank(); i++) {
            s[i + shift] = t.dim(i) == 1 ? 0 : stride(t, i);
        }
        return s;
    }

    /** The storage offset of every element of a view, in row-major order of {@code shape}. */
    static int[] offsets(int[] shape, int[] strides, int offset) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        int[] out = new int[n];
        if (n == 0) {
            return out;
        }
        int rank = shape.length;
        int[] idx = new int[rank];
        int pos = offset;
        for (int i = 0; i < n; i++) {
            out[i] = pos;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                pos += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                pos -= strides[d] * shape[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /** Offsets of {@code t}'s elements broadcast to {@code outShape}. */
    static int[] offsets(Tensor t, int[] outShape) {
        return offsets(outShape, broadcastStrides(t, outShape), offset(t));
    }

    /** Offsets of {@code t}'s own elements. */
    static int[] offsets(Tensor t) {
        return offsets(t.dims(), strides(t), offset(t));
    }
}
