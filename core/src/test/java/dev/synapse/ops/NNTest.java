package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.autograd.GradCheck;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class NNTest {
    private static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1, new Generator(13), shape).to(DType.FLOAT64);
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    // ---- dropout ----------------------------------------------------------------------------------

    @Test
    void dropoutIsIdentityWhenNotTrainingOrRateZero() {
        Tensor x = Tensor.ones(3, 4);
        assertSame(x, NN.dropout(x, 0.5, false));
        assertSame(x, NN.dropout(x, 0.0, true, new Generator(1)));
    }

    @Test
    void dropoutRejectsRatesOutsideZeroToOne() {
        Tensor x = Tensor.ones(3);
        for (double rate : new double[] {1.0, -0.1, 1.5, Double.NaN}) {
            assertMessage(
                    assertThrows(IllegalArgumentException.class, () -> NN.dropout(x, rate, true)), "dropout", "[0, 1)");
        }
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> NN.dropout(Tensor.of(1, 2), 0.5, true)),
                "dropout",
                "int32");
    }

    @Test
    void dropoutKeepsTheSeededMaskAndScalesExactly() {
        double rate = 0.25;
        int n = 100_000;
        Tensor x = Tensor.uniform(1, 2, new Generator(3), n);
        float[] out = NN.dropout(x, rate, true, new Generator(42)).toFloatArray();
        // The mask is the generator's Bernoulli(1 - rate) draw; kept values are scaled by exactly 1 / (1 - rate).
        boolean[] keep = Tensor.bernoulli(1 - rate, new Generator(42), n).toBooleanArray();
        float[] xv = x.toFloatArray();
        float scale = (float) (1 / (1 - rate));
        int kept = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(keep[i] ? xv[i] * scale : 0f, out[i], "element " + i);
            kept += keep[i] ? 1 : 0;
        }
        // With this many draws the kept fraction is within 1% of 1 - rate (about 7 standard deviations).
        assertEquals(1 - rate, kept / (double) n, 0.01);
        assertArrayEquals(out, NN.dropout(x, rate, true, new Generator(42)).toFloatArray());
    }

    @Test
    void dropoutGradientIsTheScaledMask() {
        Tensor x =
                Tensor.uniform(-1, 1, new Generator(4), 1000).to(DType.FLOAT64).requiresGrad(true);
        Tensor y = NN.dropout(x, 0.5, true, new Generator(7));
        y.sum().backward();
        boolean[] keep = Tensor.bernoulli(0.5, new Generator(7), 1000).toBooleanArray();
        double[] g = x.grad().toDoubleArray();
        for (int i = 0; i < g.length; i++) {
            assertEquals(keep[i] ? 2.0 : 0.0, g[i], "element " + i);
        }
        GradCheck.check(t -> NN.dropout(t[0].t(), 0.3, true, new Generator(5)), rnd(4, 3));
    }

    @Test
    void dropoutWithANoiseShapeDropsWholeChannels() {
        Tensor x = Tensor.ones(2, 3, 3, 8);
        Tensor y = NN.dropout(x, 0.5, true, new Generator(11), new int[] {2, 1, 1, 8});
        float[][][][] v = (float[][][][]) y.toArray();
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 8; c++) {
                float first = v[b][0][0][c];
                assertTrue(first == 0f || first == 2f);
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        assertEquals(first, v[b][i][j][c]);
                    }
                }
            }
        }
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> NN.dropout(x, 0.5, true, new Generator(1), new int[] {2, 2, 3, 8})),
                "dropout");
    }

    // ---- upsampling -------------------------------------------------------------------------------

    /** A [1, h, w, 1] image with the given rows. */
    private static Tensor image(float[][] rows) {
        return Tensor.fromArray(rows).reshape(1, rows.length, rows[0].length, 1);
    }

    private static float[][] rows(Tensor img) {
        return (float[][]) img.reshape(img.dim(1), img.dim(2)).toArray();
    }

    @Test
    void nearestUpsamplingRepeatsPixels() {
        Tensor x = image(new float[][] {{1, 2}, {3, 4}});
        assertArrayEquals(
                new float[][] {{1, 1, 1, 2, 2, 2}, {1, 1, 1, 2, 2, 2}, {3, 3, 3, 4, 4, 4}, {3, 3, 3, 4, 4, 4}},
                rows(NN.upsampleNearest2d(x, 2, 3)));
        Tensor rgb = Tensor.arange(12).reshape(1, 2, 2, 3);
        Tensor up = NN.upsampleNearest2d(rgb, 2, 2);
        assertArrayEquals(new int[] {1, 4, 4, 3}, up.dims());
        assertArrayEquals(
                new float[] {9, 10, 11},
                up.select(0, 0).select(0, 3).select(0, 2).toFloatArray());
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> NN.upsampleNearest2d(Tensor.zeros(2, 2), 2, 2)),
                "upsampleNearest2d",
                "(2, 2)");
        GradCheck.check(t -> NN.upsampleNearest2d(t[0].permute(0, 2, 1, 3), 2, 3), rnd(2, 3, 2, 2));
    }

    @Test
    void bilinearUpsamplingUsesHalfPixelCentres() {
        Tensor x = image(new float[][] {{1, 2}, {3, 4}});
        // Output pixel i samples (i + 0.5) / 2 - 0.5: -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
        float[][] expected = {
            {1.0f, 1.25f, 1.75f, 2.0f},
            {1.5f, 1.75f, 2.25f, 2.5f},
            {2.5f, 2.75f, 3.25f, 3.5f},
            {3.0f, 3.25f, 3.75f, 4.0f}
        };
        float[][] got = rows(NN.upsampleBilinear2d(x, 2, 2));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(expected[i], got[i], 1e-6f);
        }
        // Downsampling 4 -> 2 samples at 0.5 and 2.5: the means of neighbouring pairs.
        float[][] down = rows(NN.resizeBilinear(image(new float[][] {{0, 2, 4, 8}}), 1, 2));
        assertArrayEquals(new float[] {1, 6}, down[0], 1e-6f);
        // 1 -> 3 along W: a single pixel spreads unchanged.
        assertArrayEquals(new float[] {5, 5, 5}, rows(NN.resizeBilinear(image(new float[][] {{5}}), 1, 3))[0]);
    }

    @Test
    void bilinearWithAlignedCornersSamplesTheCornerPixels() {
        Tensor x = image(new float[][] {{1, 2}, {3, 4}});
        // align_corners=True: output pixel i samples i * (2 - 1) / (4 - 1): 0, 1/3, 2/3, 1; the value is 1 + col + 2
        // row.
        float[][] expected = {
            {1f, 4 / 3f, 5 / 3f, 2f},
            {5 / 3f, 2f, 7 / 3f, 8 / 3f},
            {7 / 3f, 8 / 3f, 3f, 10 / 3f},
            {3f, 10 / 3f, 11 / 3f, 4f}
        };
        float[][] got = rows(NN.upsampleBilinear2dAlignCorners(x, 2, 2));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(expected[i], got[i], 1e-6f);
        }
        // 1 -> 3 along W: a single pixel spreads unchanged; 3 -> 1 samples the first pixel.
        assertArrayEquals(new float[] {5, 5, 5}, rows(NN.resizeBilinear(image(new float[][] {{5}}), 1, 3, true))[0]);
        assertArrayEquals(new float[] {7}, rows(NN.resizeBilinear(image(new float[][] {{7, 8, 9}}), 1, 1, true))[0]);
    }

    @Test
    void bilinearGradients() {
        GradCheck.check(t -> NN.upsampleBilinear2dAlignCorners(t[0].permute(0, 2, 1, 3), 3, 2), rnd(2, 3, 2, 2));
        GradCheck.check(t -> NN.upsampleBilinear2d(t[0], 2, 3), rnd(1, 2, 3, 2));
        GradCheck.check(t -> NN.resizeBilinear(t[0].permute(0, 2, 1, 3), 5, 2), rnd(2, 4, 3, 1));
    }

    // ---- moments ----------------------------------------------------------------------------------

    @Test
    void momentsGiveMeanAndBiasedVariance() {
        Tensor x = Tensor.fromArray(new float[][] {{1, 2}, {3, 6}});
        NN.Moments perColumn = NN.moments(x, new int[] {0}, false);
        assertArrayEquals(new float[] {2, 4}, perColumn.mean().toFloatArray());
        assertArrayEquals(new float[] {1, 4}, perColumn.variance().toFloatArray());
        NN.Moments all = NN.moments(x, null, false);
        assertEquals(3.0, all.mean().item(), 1e-6);
        assertEquals(3.5, all.variance().item(), 1e-6);
        NN.Moments kept = NN.moments(Tensor.zeros(2, 3, 4, 5), new int[] {0, 1, 2}, true);
        assertArrayEquals(new int[] {1, 1, 1, 5}, kept.mean().dims());
        assertArrayEquals(new int[] {1, 1, 1, 5}, kept.variance().dims());
        assertEquals(
                DType.FLOAT32,
                NN.moments(Tensor.of(1, 3), null, false).variance().dtype());
        assertEquals(1.0, NN.moments(Tensor.of(1, 3), null, false).variance().item(), 1e-6);
    }

    @Test
    void momentsGradients() {
        GradCheck.check(t -> NN.moments(t[0], new int[] {0, 2}, false).mean(), rnd(2, 3, 2));
        GradCheck.check(t -> NN.moments(t[0].t(), new int[] {-1}, true).variance(), rnd(3, 4));
        GradCheck.check(t -> NN.moments(t[0].expand(3, 4), new int[] {0}, false).variance(), rnd(1, 4));
    }

    // ---- embedding --------------------------------------------------------------------------------

    @Test
    void embeddingLooksUpRows() {
        Tensor table = Tensor.fromArray(new float[][] {{0, 1}, {10, 11}, {20, 21}});
        Tensor out = NN.embedding(Tensor.fromArray(new int[][] {{2, 0}, {2, 1}}), table);
        assertArrayEquals(new float[][][] {{{20, 21}, {0, 1}}, {{20, 21}, {10, 11}}}, (float[][][]) out.toArray());
        assertArrayEquals(
                new float[] {10, 11},
                NN.embedding(Tensor.scalar(1, DType.INT64), table).toFloatArray());
        assertMessage(
                assertThrows(IndexOutOfBoundsException.class, () -> NN.embedding(Tensor.of(3), table)),
                "embedding",
                "index 3",
                "size 3");
        assertMessage(
                assertThrows(IndexOutOfBoundsException.class, () -> NN.embedding(Tensor.of(-1), table)),
                "embedding",
                "index -1",
                "negative");
    }

    @Test
    void embeddingGradientScatterAddsIntoTheTable() {
        Tensor table =
                Tensor.fromArray(new double[][] {{0, 1}, {10, 11}, {20, 21}}).requiresGrad(true);
        NN.embedding(Tensor.fromArray(new long[][] {{2, 0}, {2, 2}}), table)
                .sum()
                .backward();
        assertArrayEquals(new double[] {1, 1, 0, 0, 3, 3}, table.grad().toDoubleArray());
        GradCheck.check(t -> NN.embedding(Tensor.fromArray(new int[][] {{1, 1, 0}}), t[0].t()), rnd(4, 2));
    }
}
