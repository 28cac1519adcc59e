package dev.synapse.backend.cpu;

import dev.synapse.tensor.Tensor;

/**
 * Batched matrix products: broadcasting over batch axes, each matrix product done by {@link Gemm}.
 * Many small products run in parallel across the batch (each one then on a single thread); large
 * ones run one after another, each parallel inside.
 */
final class MatmulKernels {
    /** A product with fewer multiply-adds than this is not worth splitting across threads by itself. */
    private static final long PER_MATRIX_PARALLEL_WORK = 1L << 21;
    /** Multiply-adds a share of a batch-parallel loop should hold at least, to pay for the fork. */
    private static final long BATCH_GRAIN_WORK = 1L << 16;

    private MatmulKernels() {}

    /** {@code out = a @ b} over the broadcast batch axes; {@code out} is a fresh tensor of the result shape. */
    static void matmul(Tensor a, Tensor b, Tensor out) {
        int rank = out.rank();
        int m = out.dim(rank - 2);
        int n = out.dim(rank - 1);
        int k = a.dim(a.rank() - 1);
        int[] batchShape = java.util.Arrays.copyOf(out.dims(), rank - 2);
        int[] aBatch = batchStrides(a, batchShape);
        int[] bBatch = batchStrides(b, batchShape);
        int[] oBatch = batchStrides(out, batchShape);
        int[] ao = Strided.offsets(batchShape, aBatch, Strided.offset(a));
        int[] bo = Strided.offsets(batchShape, bBatch, Strided.offset(b));
        int[] oo = Strided.offsets(batchShape, oBatch, Strided.offset(out));
        int ars = Strided.stride(a, a.rank() - 2);
        int acs = Strided.stride(a, a.rank() - 1);
        int brs = Strided.stride(b, b.rank() - 2);
        int bcs = Strided.stride(b, b.rank() - 1);
        int ors = Strided.stride(out, rank - 2);
        int ocs = Strided.stride(out, rank - 1);
        Object aa = Elements.array(a);
        Object ba = Elements.array(b);
        Object oa = Elements.array(out);
        int batch = ao.length;
        long work = (long) m * n * k;
        Parallel.RangeBody body = (from, to) -> {
            for (int i = from; i < to; i++) {
                Gemm.gemm(aa, ao[i], ars, acs, ba, bo[i], brs, bcs, oa, oo[i], ors, ocs, m, n, k);
            }
        };
        int threads = Parallel.threads();
        if (batch > 1 && (work < PER_MATRIX_PARALLEL_WORK || batch >= 4 * threads)) {
            // Output matrices are distinct (the output is never broadcast), so shares never race.
            int grain = (int) Math.max(1, Math.min(batch, BATCH_GRAIN_WORK / Math.max(1, work)));
            Parallel.forRange(batch, grain, body);
        } else {
            body.run(0, batch);
        }
    }

    /** Strides of {@code t}'s batch axes aligned to {@code batchShape}, 0 where broadcast. */
    private static int[] batchStrides(Tensor t, int[] batchShape) {
        int tb = t.rank() - 2;
        int[] s = new int[batchShape.length];
        int shift = batchShape.length - tb;
        for (int i = 0; i < tb; i++) {
            s[i + shift] = t.dim(i) == 1 ? 0 : Strided.stride(t, i);
        }
        return s;
    }
}
