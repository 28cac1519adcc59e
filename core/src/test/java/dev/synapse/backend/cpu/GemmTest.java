package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import dev.synapse.testing.Slow;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm}, {@link FloatGemm}, {@link DoubleGemm} (whose one path every float64 case runs) and {@link
 * MatmulKernels} against a plain triple
 * loop in double.
 *
 * <p>Tolerance: for a length-k dot product computed in a floating-point format with unit roundoff
 * {@code u}, in any order and with or without fused multiply-adds, the classic bound is
 * {@code |computed - exact| <= gamma(k) * sum |a_p * b_p|} with {@code gamma(k) = k u / (1 - k u)}.
 * Adding the result into C is one more rounding, so each element is checked against
 * {@code gamma(k + 1) * (sum |a_p b_p| + |c0|)}. The float64 reference is exact enough for float32
 * (its own error is about 2^29 times smaller); for float64 the reference has the same bound, so the
 * two are allowed twice the bound.
 */
class GemmTest {
    private static final int[] SIZES = {1, 2, 3, 5, 15, 16, 17, 33, 64, 100, 257};
    private static final double U32 = 0x1p-24;
    private static final double U64 = 0x1p-53;
    /** Marks elements around the matrices that no product may touch. */
    private static final double GUARD = -7777.0;

    /** A matrix of {@code rows x cols} somewhere inside a larger array, stored row- or column-major. */
    private record Layout(int rows, int cols, int off, int rs, int cs, int size) {
        static Layout of(int rows, int cols, boolean transposed, int off, int pad) {
            if (transposed) {
                int ld = rows + pad;
                return new Layout(rows, cols, off, 1, ld, off + ld * cols + pad);
            }
            int ld = cols + pad;
            return new Layout(rows, cols, off, ld, 1, off + ld * rows + pad);
        }

        int at(int i, int j) {
            return off + i * rs + j * cs;
        }
    }

    /** One product to check: sizes, operand layouts, data type and whether C accumulates. */
    private record Case(
            int m,
            int n,
            int k,
            boolean ta,
            boolean tb,
            boolean tc,
            int off,
            int pad,
            boolean accumulate,
            boolean dbl) {
        @Override
        public String toString() {
            return (dbl ? "f64" : "f32") + " m=" + m + " n=" + n + " k=" + k + (ta ? " A^T" : "") + (tb ? " B^T" : "")
                    + (tc ? " C^T" : "") + " off=" + off + " pad=" + pad + (accumulate ? " C+=" : " C=");
        }
    }

    /** How a case reaches the kernels: the public entry point, or one path forced. */
    private enum Path {
        GEMM,
        PACKED_MR5,
        PACKED_MR8,
        PACKED_MR12,
        DIRECT,
        NARROW,
        NARROW_DOTS,
        NARROW_TRANSPOSED
    }

    @Test
    @Slow
    void float32EveryShapeOfTheTailSet() {
        Random layouts = new Random(11);
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    // Row-major everywhere, plus one random layout per shape.
                    check(new Case(m, n, k, false, false, false, 0, 0, false, false), Path.GEMM, 1);
                    check(randomCase(layouts, m, n, k, false), Path.GEMM, 2);
                }
            }
        }
    }

    @Test
    @Slow
    void float64EveryShapeOfTheTailSet() {
        Random layouts = new Random(12);
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    check(randomCase(layouts, m, n, k, true), Path.GEMM, 3);
                }
            }
        }
    }

    @Test
    void everyLayoutAndAccumulateCombination() {
        int[][] shapes = {{17, 33, 257}, {257, 100, 65}, {64, 64, 64}, {5, 300, 7}, {100, 1, 33}, {1, 257, 100}};
        int seed = 100;
        for (boolean dbl : new boolean[] {false, true}) {
            for (int[] s : shapes) {
                for (int bits = 0; bits < 16; bits++) {
                    boolean ta = (bits & 1) != 0;
                    boolean tb = (bits & 2) != 0;
                    boolean tc = (bits & 4) != 0;
                    boolean acc = (bits & 8) != 0;
                    int off = (bits & 1) * 3 + (bits & 2);
                    check(new Case(s[0], s[1], s[2], ta, tb, tc, off, bits % 3, acc, dbl), Path.GEMM, seed++);
                }
            }
        }
    }

    /** The packed path on its own, every micro-tile height, down to 1 x 1 x 1. */
    @Test
    void packedPathForEverySizeAndTileHeight() {
        Random layouts = new Random(13);
        int[] sizes = {1, 2, 3, 5, 8, 15, 16, 17, 33, 100};
        for (Path path : new Path[] {Path.PACKED_MR5, Path.PACKED_MR8, Path.PACKED_MR12}) {
            for (boolean dbl : new boolean[] {false, true}) {
                for (int m : sizes) {
                    for (int n : sizes) {
                        for (int k : new int[] {1, 2, 17, 32, 100, 300}) {
                            check(randomCase(layouts, m, n, k, dbl), path, m * 31 + n * 7 + k);
                        }
                    }
                }
            }
        }
    }

    /**
     * A row-major B wider than one tile of {@code packBRows} (8 column panels) and deeper than one strip (16 rows),
     * with and without a partial last panel, strip and group: every value lands in its panel.
     */
    @Test
    void rowMajorBPackedAcrossPanelGroupsAndStrips() {
        int nr = FloatGemm.NR;
        for (int n : new int[] {8 * nr, 8 * nr + 1, 17 * nr + 5}) {
            for (int k : new int[] {15, 16, 17, 40}) {
                for (boolean acc : new boolean[] {false, true}) {
                    check(new Case(13, n, k, false, false, false, 1, 2, acc, false), Path.PACKED_MR8, n + k);
                    check(new Case(13, n, k, true, false, false, 0, 0, acc, false), Path.PACKED_MR12, 7L * n + k);
                }
            }
        }
    }

    /** One column panel of B, row-major or a transposed view, the last one part full: its values, then zeros. */
    @Test
    void packBPanelForEveryLayout() {
        int nr = FloatGemm.NR;
        int k = 21;
        int n = nr + 3;
        float[] b = new float[k * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = i + 1;
        }
        for (boolean transposed : new boolean[] {false, true}) {
            int brs = transposed ? 1 : n;
            int bcs = transposed ? k : 1;
            MemorySegment bp = Arena.ofAuto().allocate((long) Float.BYTES * 2 * nr * k, 64);
            for (int jp = 0; jp < 2; jp++) {
                FloatGemm.packB(b, 0, brs, bcs, bp, jp, n, k);
                for (int p = 0; p < k; p++) {
                    for (int jj = 0; jj < nr; jj++) {
                        int j = jp * nr + jj;
                        float want = j < n ? b[p * brs + j * bcs] : 0f;
                        float got = bp.getAtIndex(ValueLayout.JAVA_FLOAT, (long) jp * nr * k + (long) p * nr + jj);
                        assertEquals(
                                want, got, "transposed=" + transposed + " panel " + jp + " step " + p + " col " + jj);
                    }
                }
            }
        }
    }

    /** On 32-register machines the 12-row tile gives way to 8 rows only where padding to 12 would waste more. */
    @Test
    void tileHeightFollowsThePadding() {
        if (FloatGemm.MR != 12) {
            assertEquals(FloatGemm.MR, FloatGemm.tileRows(256));
            return;
        }
        assertEquals(12, FloatGemm.tileRows(256)); // 264 rows against 256: 3% padding for the faster kernel
        assertEquals(12, FloatGemm.tileRows(36));
        assertEquals(8, FloatGemm.tileRows(16)); // 24 rows against 16
        assertEquals(8, FloatGemm.tileRows(40)); // 48 against 40
    }

    /** The unpacked path on its own, including its parallel row split and unit-stride dot products. */
    @Test
    void directPathForEverySize() {
        Random layouts = new Random(14);
        for (boolean dbl : new boolean[] {false, true}) {
            for (int m : new int[] {1, 2, 17, 300}) {
                for (int n : new int[] {1, 3, 16, 17, 40}) {
                    for (int k : new int[] {1, 5, 33, 260}) {
                        check(randomCase(layouts, m, n, k, dbl), Path.DIRECT, m + n + k);
                        check(new Case(m, n, k, false, true, false, 1, 0, false, dbl), Path.DIRECT, m + n);
                    }
                }
            }
        }
    }

    @Test
    void narrowPathForEveryWidth() {
        // One vector of columns or fewer: rows in blocks of eight and a remainder, A row-major or a transposed view.
        Random layouts = new Random(15);
        for (int m : new int[] {8, 9, 37, 256}) {
            for (int n = 1; n <= FloatGemm.V; n++) {
                for (int k : new int[] {1, 7, 64, 300}) {
                    check(new Case(m, n, k, false, false, false, 0, 0, false, false), Path.NARROW, m + n + k);
                    check(new Case(m, n, k, true, false, false, 3, 2, true, false), Path.NARROW, m * n + k);
                }
            }
        }
        check(randomCase(layouts, 40, 10, 512, false), Path.GEMM, 16);
    }

    /**
     * The dot-product path for a few columns with A's rows unit-stride: odd and even row counts, four-column groups
     * and leftovers, depths with and without a partial last vector, B and C in both layouts, accumulating or not.
     */
    @Test
    void narrowDotPathForEveryWidth() {
        int seed = 300;
        for (int m : new int[] {2, 3, 8, 37}) {
            for (int n = 1; n <= FloatGemm.V; n++) {
                for (int k : new int[] {1, FloatGemm.V - 1, 2 * FloatGemm.V, 2 * FloatGemm.V + 3, 300}) {
                    check(new Case(m, n, k, false, false, false, 0, 0, false, false), Path.NARROW_DOTS, seed++);
                    check(new Case(m, n, k, false, true, true, 3, 2, true, false), Path.NARROW_DOTS, seed++);
                }
            }
        }
        // Through the dispatcher: the MLP's last layer, forward, and a classifier head over a transposed weight view.
        check(new Case(256, 10, 512, false, false, false, 0, 0, false, false), Path.GEMM, 40);
        check(new Case(33, 10, FloatGemm.DOTS_DEPTH, false, true, false, 1, 3, true, false), Path.GEMM, 41);
        check(new Case(9, 3, FloatGemm.DOTS_DEPTH + 5, false, false, true, 2, 1, false, false), Path.GEMM, 42);
    }

    /**
     * The path for a transposed-view A and up to 16 columns: whole row blocks and a remainder, every column count
     * (four-column groups and a partial one), B and C in both layouts, accumulating or not.
     */
    @Test
    void narrowTransposedPathForEveryWidth() {
        int seed = 500;
        for (int m : new int[] {2 * FloatGemm.V, 2 * FloatGemm.V + 5, 5 * FloatGemm.V + 1}) {
            for (int n = 1; n <= FloatGemm.TRANSPOSED_NARROW; n++) {
                for (int k : new int[] {1, 7, 300}) {
                    check(new Case(m, n, k, true, false, false, 0, 0, false, false), Path.NARROW_TRANSPOSED, seed++);
                    check(new Case(m, n, k, true, true, true, 3, 2, true, false), Path.NARROW_TRANSPOSED, seed++);
                }
            }
        }
        // Through the dispatcher: the MLP's last weight gradient, h^T g.
        check(new Case(512, 10, 256, true, false, false, 0, 0, false, false), Path.GEMM, 560);
        check(new Case(512, 10, 256, true, false, false, 1, 3, true, false), Path.GEMM, 561);
    }

    /** Sizes past one cache chunk in every direction (rows and columns 2048, depth 1024), in equal and odd depths. */
    @Test
    void productsSpanningSeveralChunks() {
        check(new Case(2100, 40, 600, false, false, false, 2, 1, true, false), Path.GEMM, 21);
        check(new Case(9, 2100, 520, true, false, false, 0, 0, false, false), Path.GEMM, 22);
        check(new Case(40, 2049, 513, false, true, true, 1, 0, false, true), Path.GEMM, 23);
        check(new Case(30, 70, 1030, false, false, false, 1, 2, false, false), Path.GEMM, 24); // 515 + 515
        check(new Case(50, 40, 2049, false, false, false, 0, 0, true, false), Path.GEMM, 25); // 683 x 3
        check(new Case(37, 45, 1500, true, true, false, 2, 1, false, false), Path.GEMM, 26);
    }

    /** The B block is sized to L2: more panels for shallower products, always at least one, never past NC. */
    @Test
    void columnPanelsFillThreeEighthsOfL2() {
        long l2 = 2 << 20;
        int nr = FloatGemm.NR;
        assertEquals(
                (int) Math.min(FloatGemm.NC / nr, l2 * 3 / 8 / (4L * nr * 1024)), FloatGemm.columnPanels(1024, l2));
        assertTrue(FloatGemm.columnPanels(512, l2) >= FloatGemm.columnPanels(1024, l2));
        assertEquals(FloatGemm.NC / nr, FloatGemm.columnPanels(16, l2));
        assertEquals(1, FloatGemm.columnPanels(1024, 64 << 10));
        long panels = FloatGemm.columnPanels(1024, 512 << 10);
        assertTrue(panels * 4L * nr * 1024 <= (512 << 10) * 3 / 8, "block " + panels + " panels past 3/8 of L2");
    }

    /**
     * Tile blocks: wide B blocks where each block has many row panels; narrower ones for a deep product whose row
     * blocks would be short, so that a block's B panels, read from L3 on its first row panel, serve many rows; row
     * blocks no larger than L2.
     */
    @Test
    void deepProductsWithFewRowPanelsTakeNarrowerColumnBlocks() {
        long l2 = 2 << 20;
        // The MLP's 256 x 784 @ 784 x 512 with 12-row and 32-column panels: 4 row blocks of 6 panels before.
        assertEquals(new FloatGemm.Blocks(22, 2), FloatGemm.blocks(22, 16, 784, 12, 2, l2));
        // One thread: one block of rows, the widest B block.
        int wide = Math.min(16, FloatGemm.columnPanels(784, l2));
        assertEquals(new FloatGemm.Blocks(22, wide), FloatGemm.blocks(22, 16, 784, 12, 1, l2));
        // Tall enough row blocks (1024^3) and shallow products keep the widest B blocks.
        FloatGemm.Blocks square = FloatGemm.blocks(86, 32, 1024, 12, 2, l2);
        assertEquals(Math.min(32, FloatGemm.columnPanels(1024, l2)), square.colPanels(), square.toString());
        assertTrue(square.rowPanels() >= FloatGemm.FEW_ROW_PANELS, square.toString());
        assertEquals(new FloatGemm.Blocks(9, 16), FloatGemm.blocks(66, 16, 256, 12, 2, l2));
        // 2048^3 with a 1 MiB L2: row blocks of at most 21 panels of 48 KiB, even ones (9 of 19), not one of 171.
        assertEquals(19, FloatGemm.blocks(171, 64, 1024, 12, 2, 1 << 20).rowPanels());
        assertEquals(18, FloatGemm.blocks(86, 32, 1024, 12, 1, 1 << 20).rowPanels());
        for (int threads : new int[] {1, 2, 3, 8}) {
            for (int mPanels : new int[] {1, 2, 5, 22, 86, 171}) {
                for (int nPanels : new int[] {1, 2, 3, 16, 25, 64}) {
                    for (int k : new int[] {16, 256, 784, 1024}) {
                        FloatGemm.Blocks b = FloatGemm.blocks(mPanels, nPanels, k, 12, threads, l2);
                        String at = "m " + mPanels + " n " + nPanels + " k " + k + " threads " + threads + ": " + b;
                        assertTrue(b.rowPanels() >= 1 && b.rowPanels() <= mPanels, at);
                        assertTrue(b.colPanels() >= 1 && b.colPanels() <= nPanels, at);
                        assertTrue(b.colPanels() <= FloatGemm.columnPanels(k, l2), at);
                        // A row block's A panels fit in L2, unless that leaves fewer than FEW_ROW_PANELS.
                        assertTrue(b.rowPanels() <= Math.max(FloatGemm.FEW_ROW_PANELS, l2 / (4L * 12 * k)), at);
                        int rowBlocks = Math.ceilDiv(mPanels, b.rowPanels());
                        int colBlocks = Math.ceilDiv(nPanels, b.colPanels());
                        // Every thread finds a block to claim where the chunk has enough panels.
                        assertTrue(rowBlocks * colBlocks >= Math.min(threads, mPanels * nPanels), at);
                    }
                }
            }
        }
        // The products themselves, on whatever threads this machine has.
        check(new Case(256, 512, 784, false, false, false, 0, 0, false, false), Path.GEMM, 70);
        check(new Case(256, 784, 512, false, true, false, 1, 2, true, false), Path.GEMM, 71);
    }

    @Test
    void emptyInnerDimensionGivesZeroOrLeavesCUnchanged() {
        float[] c = {1f, 2f, 3f, 4f, 5f, 6f};
        Gemm.gemm(new float[0], 0, 0, 1, new float[0], 0, 3, 1, c, 0, 3, 1, 2, 3, 0, true);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, c);
        Gemm.gemm(new float[0], 0, 0, 1, new float[0], 0, 3, 1, c, 0, 3, 1, 2, 3, 0);
        assertArrayEquals(new float[6], c);
        double[] d = {Double.NaN, 1.0};
        Gemm.gemm(new double[0], 0, 0, 1, new double[0], 0, 2, 1, d, 0, 2, 1, 1, 2, 0);
        assertArrayEquals(new double[2], d);
    }

    @Test
    void emptyOutputTouchesNothing() {
        float[] c = {9f};
        Gemm.gemm(new float[] {1f}, 0, 1, 1, new float[] {1f}, 0, 1, 1, c, 0, 1, 1, 0, 1, 1);
        Gemm.gemm(new float[] {1f}, 0, 1, 1, new float[] {1f}, 0, 1, 1, c, 0, 1, 1, 1, 0, 1);
        assertEquals(9f, c[0]);
    }

    /** Overwriting C must not read it: NaN in C before the call does not leak into the result. */
    @Test
    void overwriteIgnoresNaNInC() {
        for (Path path : Path.values()) {
            int m = 20;
            int n = path == Path.NARROW ? FloatGemm.V : 40; // the narrow path takes one vector of columns
            int k = 30;
            float[] a = new float[m * k];
            float[] b = new float[k * n];
            java.util.Arrays.fill(a, 1f);
            java.util.Arrays.fill(b, 2f);
            float[] c = new float[m * n];
            java.util.Arrays.fill(c, Float.NaN);
            run(path, a, 0, k, 1, b, 0, n, 1, c, 0, n, 1, m, n, k, false);
            for (float v : c) {
                assertEquals(60f, v, path.name());
            }
        }
    }

    // ---- through Tensor.matmul -----------------------------------------------------------------

    @Test
    void tensorMatmulBroadcastsBatchAxes() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            checkMatmul(
                    Tensor.randn(3, 1, 17, 33).to(dt), Tensor.randn(4, 33, 20).to(dt));
            checkMatmul(Tensor.randn(2, 65, 70).to(dt), Tensor.randn(70, 40).to(dt));
            checkMatmul(Tensor.randn(5, 3).to(dt), Tensor.randn(6, 3, 9).to(dt));
            // Many small products (parallel across the batch) and a few large ones (parallel inside).
            checkMatmul(Tensor.randn(64, 8, 9).to(dt), Tensor.randn(64, 9, 7).to(dt));
            checkMatmul(
                    Tensor.randn(3, 130, 140).to(dt), Tensor.randn(3, 140, 150).to(dt));
        }
    }

    @Test
    void tensorMatmulOfTransposedViewsNeedsNoCopy() {
        Tensor x = Tensor.randn(100, 64);
        Tensor w = Tensor.randn(33, 64);
        checkMatmul(x, w.t());
        checkMatmul(x.t(), Tensor.randn(100, 17));
        checkMatmul(Tensor.randn(4, 50, 30).transpose(1, 2), Tensor.randn(4, 50, 20));
    }

    @Test
    void tensorMatmulOfVectors() {
        Tensor v = Tensor.randn(40);
        Tensor mat = Tensor.randn(40, 30);
        Tensor vm = v.matmul(mat);
        assertEquals(1, vm.rank());
        checkMatmul(v.reshape(1, 40), mat);
        double dot = v.matmul(v).item();
        double expect = 0;
        float[] vf = v.toFloatArray();
        for (float f : vf) {
            expect += (double) f * f;
        }
        assertEquals(expect, dot, gamma(40, U32) * expect + 1e-30);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Case randomCase(Random r, int m, int n, int k, boolean dbl) {
        return new Case(
                m,
                n,
                k,
                r.nextBoolean(),
                r.nextBoolean(),
                r.nextBoolean(),
                r.nextInt(4),
                r.nextInt(3),
                r.nextBoolean(),
                dbl);
    }

    private static double gamma(int k, double u) {
        return k * u / (1 - k * u);
    }

    /** Runs one case through {@code path} and compares every element of C, and the guards around it. */
    private static void check(Case cs, Path path, long seed) {
        Random rnd = new Random(seed);
        Layout la = Layout.of(cs.m, cs.k, cs.ta, cs.off, cs.pad);
        Layout lb = Layout.of(cs.k, cs.n, cs.tb, cs.off + 1, cs.pad);
        Layout lc = Layout.of(cs.m, cs.n, cs.tc, cs.off, cs.pad);
        double[] a = values(la, rnd);
        double[] b = values(lb, rnd);
        double[] c0 = values(lc, rnd);
        if (!cs.accumulate) {
            // Whatever C held must not matter.
            for (int i = 0; i < cs.m; i++) {
                for (int j = 0; j < cs.n; j++) {
                    c0[lc.at(i, j)] = Double.NaN;
                }
            }
        }
        double[] got = new double[c0.length];
        if (cs.dbl) {
            double[] c = c0.clone();
            run(
                    path,
                    a,
                    la.off,
                    la.rs,
                    la.cs,
                    b,
                    lb.off,
                    lb.rs,
                    lb.cs,
                    c,
                    lc.off,
                    lc.rs,
                    lc.cs,
                    cs.m,
                    cs.n,
                    cs.k,
                    cs.accumulate);
            got = c;
        } else {
            float[] c = toFloat(c0);
            run(
                    path,
                    toFloat(a),
                    la.off,
                    la.rs,
                    la.cs,
                    toFloat(b),
                    lb.off,
                    lb.rs,
                    lb.cs,
                    c,
                    lc.off,
                    lc.rs,
                    lc.cs,
                    cs.m,
                    cs.n,
                    cs.k,
                    cs.accumulate);
            for (int i = 0; i < c.length; i++) {
                got[i] = c[i];
            }
        }
        double u = cs.dbl ? U64 : U32;
        double factor = cs.dbl ? 2 : 1;
        boolean[] inside = new boolean[c0.length];
        for (int i = 0; i < cs.m; i++) {
            for (int j = 0; j < cs.n; j++) {
                int ci = lc.at(i, j);
                inside[ci] = true;
                double exact = cs.accumulate ? c0[ci] : 0.0;
                double mag = cs.accumulate ? Math.abs(c0[ci]) : 0.0;
                for (int p = 0; p < cs.k; p++) {
                    double prod = a[la.at(i, p)] * b[lb.at(p, j)];
                    exact += prod;
                    mag += Math.abs(prod);
                }
                double tol = factor * gamma(cs.k + 1, u) * mag;
                if (!(Math.abs(got[ci] - exact) <= tol)) {
                    fail(cs + " via " + path + ": C[" + i + "," + j + "] = " + got[ci] + ", expected " + exact
                            + " within " + tol);
                }
            }
        }
        for (int i = 0; i < c0.length; i++) {
            if (!inside[i]) {
                assertEquals(GUARD, got[i], cs + " via " + path + ": wrote outside C at " + i);
            }
        }
    }

    /** Values exactly representable in float32 (so both dtypes see the same inputs), guards elsewhere. */
    private static double[] values(Layout l, Random rnd) {
        double[] v = new double[l.size];
        java.util.Arrays.fill(v, GUARD);
        for (int i = 0; i < l.rows; i++) {
            for (int j = 0; j < l.cols; j++) {
                v[l.at(i, j)] = (float) (rnd.nextDouble() * 2 - 1);
            }
        }
        return v;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static void run(
            Path path,
            Object a,
            int aOff,
            int ars,
            int acs,
            Object b,
            int bOff,
            int brs,
            int bcs,
            Object c,
            int cOff,
            int crs,
            int ccs,
            int m,
            int n,
            int k,
            boolean acc) {
        boolean f = c instanceof float[];
        switch (path) {
            case GEMM -> Gemm.gemm(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, m, n, k, acc);
            case PACKED_MR5, PACKED_MR8, PACKED_MR12 -> {
                int mr = path == Path.PACKED_MR5 ? 5 : path == Path.PACKED_MR8 ? 8 : 12;
                if (f) {
                    FloatGemm.packed(
                            (float[]) a,
                            aOff,
                            ars,
                            acs,
                            (float[]) b,
                            bOff,
                            brs,
                            bcs,
                            (float[]) c,
                            cOff,
                            crs,
                            ccs,
                            m,
                            n,
                            k,
                            acc,
                            mr,
                            true);
                } else {
                    Gemm.gemm(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, m, n, k, acc);
                }
            }
            case NARROW ->
                FloatGemm.narrow(
                        (float[]) a,
                        aOff,
                        ars,
                        acs,
                        (float[]) b,
                        bOff,
                        brs,
                        (float[]) c,
                        cOff,
                        crs,
                        m,
                        n,
                        k,
                        acc,
                        true);
            case NARROW_TRANSPOSED ->
                FloatGemm.narrowTransposed(
                        (float[]) a,
                        aOff,
                        acs,
                        (float[]) b,
                        bOff,
                        brs,
                        bcs,
                        (float[]) c,
                        cOff,
                        crs,
                        ccs,
                        m,
                        n,
                        k,
                        acc,
                        true);
            case NARROW_DOTS ->
                FloatGemm.narrowDots(
                        (float[]) a,
                        aOff,
                        ars,
                        (float[]) b,
                        bOff,
                        brs,
                        bcs,
                        (float[]) c,
                        cOff,
                        crs,
                        ccs,
                        m,
                        n,
                        k,
                        acc,
                        true,
                        new float[n * k]);
            case DIRECT -> {
                if (f) {
                    FloatGemm.direct(
                            (float[]) a,
                            aOff,
                            ars,
                            acs,
                            (float[]) b,
                            bOff,
                            brs,
                            bcs,
                            (float[]) c,
                            cOff,
                            crs,
                            ccs,
                            m,
                            n,
                            k,
                            acc,
                            true);
                } else {
                    Gemm.gemm(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, m, n, k, acc);
                }
            }
        }
    }

    /** {@code a.matmul(b)} against the reference, batch by batch, with NumPy broadcasting. */
    private static void checkMatmul(Tensor a, Tensor b) {
        Tensor out = a.matmul(b);
        boolean dbl = out.dtype() == DType.FLOAT64;
        int m = a.dim(-2);
        int k = a.dim(-1);
        int n = b.dim(-1);
        int rank = out.rank();
        assertEquals(m, out.dim(-2));
        assertEquals(n, out.dim(-1));
        double[] av = a.to(DType.FLOAT64).toDoubleArray();
        double[] bv = b.to(DType.FLOAT64).toDoubleArray();
        double[] ov = out.to(DType.FLOAT64).toDoubleArray();
        int batch = Math.toIntExact(out.size() / ((long) m * n));
        int[] idx = new int[rank];
        for (int t = 0; t < batch; t++) {
            int rest = t;
            for (int ax = rank - 3; ax >= 0; ax--) {
                idx[ax] = rest % out.dim(ax);
                rest /= out.dim(ax);
            }
            int aBase = matrixOffset(a, idx, rank);
            int bBase = matrixOffset(b, idx, rank);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double exact = 0;
                    double mag = 0;
                    for (int p = 0; p < k; p++) {
                        double prod = av[aBase + i * k + p] * bv[bBase + p * n + j];
                        exact += prod;
                        mag += Math.abs(prod);
                    }
                    double v = ov[(t * m + i) * n + j];
                    double tol = (dbl ? 2 : 1) * gamma(k + 1, dbl ? U64 : U32) * mag;
                    assertTrue(
                            Math.abs(v - exact) <= tol,
                            "matmul " + a.shape() + " @ " + b.shape() + " at batch " + t + " [" + i + "," + j + "]: "
                                    + v + " vs " + exact);
                }
            }
        }
    }

    /** Row-major offset of the matrix of operand {@code x} that output batch index {@code idx} reads. */
    private static int matrixOffset(Tensor x, int[] idx, int outRank) {
        int shift = outRank - x.rank();
        int off = 0;
        for (int ax = 0; ax < x.rank() - 2; ax++) {
            off = off * x.dim(ax) + (x.dim(ax) == 1 ? 0 : idx[ax + shift]);
        }
        return off * x.dim(-2) * x.dim(-1);
    }
}
