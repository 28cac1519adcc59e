package dev.synapse.backend.cpu;

import dev.synapse.tensor.Tensor;

/**
 * Offsets of strided views, for kernels' general (non-contiguous) paths. Fast paths for contiguous
 * data never come here.
 */
final class Strided {
    private Strided() {}

    /** The strides of {@code t} aligned to {@code outShape} under broadcasting: 0 on broadcast axes. */
    static int[] broadcastStrides(Tensor t, int[] outShape) {
        int[] s = new int[outShape.length];
        int shift = outShape.length - t.rank();
        for (int i = 0; i < t.rank(); i++) {
            s[i + shift] = t.dim(i) == 1 ? 0 : t.stride(i);
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
        return offsets(outShape, broadcastStrides(t, outShape), t.offset());
    }

    /** Offsets of {@code t}'s own elements. */
    static int[] offsets(Tensor t) {
        return offsets(t.dims(), t.strides(), t.offset());
    }
}
