package dev.synapse.backend.cpu;

import dev.synapse.backend.ReduceOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The backward pass of a layer's bias and relu in one pass over memory: the masked gradient {@code gz = y <= 0 ? 0 :
 * g} and its sum per channel (the last axis), which as two ops read the whole gradient twice. Each block of rows is
 * masked, written, and summed while it is still in L1. Sums are taken as {@code reduce sum} takes them: float within
 * a block of rows, double across blocks and across the threads' parts, combined in a fixed order.
 */
final class ReluBiasBackward {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    /** Values per block of rows: 16 KiB of float32, masked then summed while in L1. */
    private static final int BLOCK_VALUES = 4096;
    /** Rows per thread's part, at least: fewer are not worth a thread... */
    private static final int PART_ROWS = 256;
    /** ...unless the rows are long: a dense layer's 512 units make 16 rows worth a thread. */
    private static final int PART_VALUES = 8192;

    private ReluBiasBackward() {}

    /** False (nothing written) unless all four are contiguous, of one dtype, float32 or float64, and shapes agree. */
    static boolean run(Tensor g, Tensor y, Tensor gz, Tensor biasGrad) {
        DType dt = g.dtype();
        if ((dt != DType.FLOAT32 && dt != DType.FLOAT64)
                || y.dtype() != dt
                || gz.dtype() != dt
                || biasGrad.dtype() != dt
                || g.rank() < 1
                || !java.util.Arrays.equals(g.dims(), y.dims())
                || !java.util.Arrays.equals(g.dims(), gz.dims())
                || biasGrad.size() != g.dim(-1)
                || !g.isContiguous()
                || !y.isContiguous()
                || !gz.isContiguous()
                || !biasGrad.isContiguous()) {
            return false;
        }
        int m = g.dim(-1);
        int k = m == 0 ? 0 : (int) (g.size() / m);
        int parts = Parallel.parts(k, Math.max(1, Math.min(PART_ROWS, PART_VALUES / Math.max(1, m))));
        Object ga = Elements.array(g);
        Object ya = Elements.array(y);
        Object za = Elements.array(gz);
        int go = Strided.offset(g);
        int yo = Strided.offset(y);
        int zo = Strided.offset(gz);
        ReduceKernels.combinedParts(
                ReduceOp.SUM,
                k,
                m,
                parts,
                (k0, k1, acc) -> {
                    if (ga instanceof float[] gf) {
                        floats(gf, go, (float[]) ya, yo, (float[]) za, zo, m, k0, k1, acc);
                    } else {
                        doubles((double[]) ga, go, (double[]) ya, yo, (double[]) za, zo, m, k0, k1, acc);
                    }
                },
                Elements.array(biasGrad),
                Strided.offset(biasGrad));
        return true;
    }

    /** Rows {@code [k0, k1)} of float32: masks them into {@code z} and adds their column sums into {@code acc}. */
    private static void floats(
            float[] g, int go, float[] y, int yo, float[] z, int zo, int m, int k0, int k1, double[] acc) {
        int rows = Math.max(1, BLOCK_VALUES / m);
        // The block's column sums, padded to whole vectors so the row loop needs no scalar tail.
        float[] part = new float[(m + FL - 1) / FL * FL];
        int whole = FS.loopBound(m);
        VectorMask<Float> tail = FS.indexInRange(whole, m);
        FloatVector zero = FloatVector.zero(FS);
        for (int r0 = k0; r0 < k1; r0 += rows) {
            int r1 = Math.min(k1, r0 + rows);
            int from = r0 * m;
            int to = r1 * m;
            int i = from;
            for (int bound = from + FS.loopBound(to - from); i < bound; i += FL) {
                FloatVector yv = FloatVector.fromArray(FS, y, yo + i);
                FloatVector.fromArray(FS, g, go + i)
                        .blend(zero, yv.compare(VectorOperators.LE, 0f))
                        .intoArray(z, zo + i);
            }
            for (; i < to; i++) {
                z[zo + i] = y[yo + i] <= 0f ? 0f : g[go + i];
            }
            java.util.Arrays.fill(part, 0f);
            for (int r = r0; r < r1; r++) {
                int row = zo + r * m;
                int j = 0;
                for (; j < whole; j += FL) {
                    FloatVector.fromArray(FS, part, j)
                            .add(FloatVector.fromArray(FS, z, row + j))
                            .intoArray(part, j);
                }
                if (j < m) {
                    FloatVector.fromArray(FS, part, j)
                            .add(FloatVector.fromArray(FS, z, row + j, tail))
                            .intoArray(part, j);
                }
            }
            for (int j = 0; j < m; j++) {
                acc[j] += part[j];
            }
        }
    }

    /** {@link #floats} for float64: plain loops, summed in double throughout. */
    private static void doubles(
            double[] g, int go, double[] y, int yo, double[] z, int zo, int m, int k0, int k1, double[] acc) {
        for (int r = k0; r < k1; r++) {
            for (int j = 0, i = r * m; j < m; j++, i++) {
                double v = y[yo + i] <= 0 ? 0 : g[go + i];
                z[zo + i] = v;
                acc[j] += v;
            }
        }
    }
}
