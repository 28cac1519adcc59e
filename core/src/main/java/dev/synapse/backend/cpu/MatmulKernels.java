package dev.synapse.backend.cpu;

import dev.synapse.tensor.Tensor;

/** Batched matrix products: broadcasting over batch axes, each matrix product done by {@link Gemm}. */
final class MatmulKernels {
    private MatmulKernels() {
    }

    static void matmul(Tensor a, Tensor b, Tensor out) {
        int rank = out.rank();
        int m = out.dim(rank - 2);
        int n = out.dim(rank - 1);
        int k = a.dim(a.rank() - 1);
        int[] batchShape = java.util.Arrays.copyOf(out.dims(), rank - 2);
        int[] aBatch = batchStrides(a, batchShape);
        int[] bBatch = batchStrides(b, batchShape);
        int[] oBatch = batchStrides(out, batchShape);
        int[] ao = Strided.offsets(batchShape, aBatch, a.offset());
        int[] bo = Strided.offsets(batchShape, bBatch, b.offset());
        int[] oo = Strided.offsets(batchShape, oBatch, out.offset());
        int ars = a.stride(a.rank() - 2);
        int acs = a.stride(a.rank() - 1);
        int brs = b.stride(b.rank() - 2);
        int bcs = b.stride(b.rank() - 1);
        int ors = out.stride(rank - 2);
        int ocs = out.stride(rank - 1);
        for (int i = 0; i < ao.length; i++) {
            Gemm.gemm(Elements.array(a), ao[i], ars, acs, Elements.array(b), bo[i], brs, bcs,
                    Elements.array(out), oo[i], ors, ocs, m, n, k);
        }
    }

    /** Strides of {@code t}'s batch axes aligned to {@code batchShape}, 0 where broadcast. */
    private static int[] batchStrides(Tensor t, int[] batchShape) {
        int tb = t.rank() - 2;
        int[] s = new int[batchShape.length];
        int shift = batchShape.length - tb;
        for (int i = 0; i < tb; i++) {
            s[i + shift] = t.dim(i) == 1 ? 0 : t.stride(i);
        }
        return s;
    }
}
