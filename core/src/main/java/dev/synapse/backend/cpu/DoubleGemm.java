package dev.synapse.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 matrix products, kept deliberately simpler than {@link FloatGemm}: float64 serves gradient
 * checks and precision work, not the training hot path. B is copied to contiguous rows when it is a
 * transposed view; each thread takes blocks of four rows of C and keeps a 4 x 2-vector tile of C in
 * registers for the whole inner dimension, broadcasting A and streaming B's rows.
 */
final class DoubleGemm {
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int ROWS = 4;

    private DoubleGemm() {}

    /** {@code C = A * B}, or {@code C += A * B} when {@code accumulate}; arguments as {@link Gemm#gemm}. */
    static void gemm(
            double[] a,
            int aOff,
            int ars,
            int acs,
            double[] b,
            int bOff,
            int brs,
            int bcs,
            double[] c,
            int cOff,
            int crs,
            int ccs,
            int m,
            int n,
            int k,
            boolean accumulate) {
        double[] rowsB = b;
        int rowsOff = bOff;
        int rowStride = brs;
        if (bcs != 1) {
            rowsB = CpuStorage.doubles(k * n, "matmul rows of B");
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    rowsB[p * n + j] = b[bOff + p * brs + j * bcs];
                }
            }
            rowsOff = 0;
            rowStride = n;
        }
        double[] bb = rowsB;
        int bo = rowsOff;
        int bs = rowStride;
        int blocks = (m + ROWS - 1) / ROWS;
        long flopsPerBlock = 2L * ROWS * n * k;
        int grain = (int) Math.max(1, (1L << 20) / Math.max(1, flopsPerBlock));
        Parallel.forRange(blocks, grain, (from, to) -> {
            double[] tile = new double[ROWS * n];
            for (int blk = from; blk < to; blk++) {
                int i0 = blk * ROWS;
                int rows = Math.min(ROWS, m - i0);
                rowBlock(a, aOff + i0 * ars, ars, acs, bb, bo, bs, tile, rows, n, k);
                for (int r = 0; r < rows; r++) {
                    int ci = cOff + (i0 + r) * crs;
                    for (int j = 0; j < n; j++) {
                        double v = tile[r * n + j];
                        c[ci + j * ccs] = accumulate ? c[ci + j * ccs] + v : v;
                    }
                }
            }
        });
    }

    /** {@code tile[r, :] = sum_p A[r, p] * B[p, :]} for {@code rows <= 4} rows of A. */
    private static void rowBlock(
            double[] a,
            int aOff,
            int ars,
            int acs,
            double[] b,
            int bOff,
            int brs,
            double[] tile,
            int rows,
            int n,
            int k) {
        int width = 2 * DS.length();
        int j = 0;
        if (rows == ROWS) {
            for (; j + width <= n; j += width) {
                DoubleVector c00 = DoubleVector.zero(DS);
                DoubleVector c01 = DoubleVector.zero(DS);
                DoubleVector c10 = DoubleVector.zero(DS);
                DoubleVector c11 = DoubleVector.zero(DS);
                DoubleVector c20 = DoubleVector.zero(DS);
                DoubleVector c21 = DoubleVector.zero(DS);
                DoubleVector c30 = DoubleVector.zero(DS);
                DoubleVector c31 = DoubleVector.zero(DS);
                for (int p = 0; p < k; p++) {
                    int bp = bOff + p * brs + j;
                    DoubleVector b0 = DoubleVector.fromArray(DS, b, bp);
                    DoubleVector b1 = DoubleVector.fromArray(DS, b, bp + DS.length());
                    int ap = aOff + p * acs;
                    DoubleVector a0 = DoubleVector.broadcast(DS, a[ap]);
                    DoubleVector a1 = DoubleVector.broadcast(DS, a[ap + ars]);
                    DoubleVector a2 = DoubleVector.broadcast(DS, a[ap + 2 * ars]);
                    DoubleVector a3 = DoubleVector.broadcast(DS, a[ap + 3 * ars]);
                    c00 = a0.fma(b0, c00);
                    c01 = a0.fma(b1, c01);
                    c10 = a1.fma(b0, c10);
                    c11 = a1.fma(b1, c11);
                    c20 = a2.fma(b0, c20);
                    c21 = a2.fma(b1, c21);
                    c30 = a3.fma(b0, c30);
                    c31 = a3.fma(b1, c31);
                }
                int h = DS.length();
                c00.intoArray(tile, j);
                c01.intoArray(tile, j + h);
                c10.intoArray(tile, n + j);
                c11.intoArray(tile, n + j + h);
                c20.intoArray(tile, 2 * n + j);
                c21.intoArray(tile, 2 * n + j + h);
                c30.intoArray(tile, 3 * n + j);
                c31.intoArray(tile, 3 * n + j + h);
            }
        }
        // Remaining columns, and blocks of fewer than four rows: plain dot products.
        for (int r = 0; r < rows; r++) {
            for (int jj = rows == ROWS ? j : 0; jj < n; jj++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[aOff + r * ars + p * acs], b[bOff + p * brs + jj], s);
                }
                tile[r * n + jj] = s;
            }
        }
    }
}
