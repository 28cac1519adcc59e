package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.autograd.Autograd;
import dev.synapse.autograd.GradCheck;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class IndexingTest {
    private static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1, new Generator(9), shape).to(DType.FLOAT64);
    }

    private static Tensor m(float[][] rows) {
        return Tensor.fromArray(rows);
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    private static final Tensor X = Tensor.fromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});

    // ---- indexSelect, indexAdd --------------------------------------------------------------------

    @Test
    void indexSelectPicksSlices() {
        assertArrayEquals(new float[][] {{3, 1, 3}, {6, 4, 6}}, (float[][])
                X.indexSelect(1, Tensor.of(2, 0, 2)).toArray());
        assertArrayEquals(new float[][] {{4, 5, 6}}, (float[][])
                X.indexSelect(0, Tensor.of(-1L)).toArray());
        assertArrayEquals(new float[][] {{2}, {5}}, (float[][])
                X.indexSelect(-1, Tensor.of(-2)).toArray());
        assertArrayEquals(
                new int[] {2, 0}, X.indexSelect(1, Tensor.of(new int[0])).dims());
        assertArrayEquals(
                new float[] {6, 5, 4},
                X.t().indexSelect(0, Tensor.of(2, 1, 0)).select(1, 1).toFloatArray());
    }

    @Test
    void indexErrorsNameTheOpIndexAndAxisSize() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> X.indexSelect(1, Tensor.of(0, 3)));
        assertMessage(e, "indexSelect", "index 3", "axis 1", "size 3", "(2, 3)");
        e = assertThrows(IndexOutOfBoundsException.class, () -> X.indexSelect(0, Tensor.of(-3)));
        assertMessage(e, "indexSelect", "index -3", "size 2");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> X.indexSelect(0, Tensor.of(0f))),
                "indexSelect",
                "int32 or int64",
                "float32");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> X.indexSelect(0, Tensor.zeros(DType.INT32, 1, 1))),
                "indexSelect",
                "1-D",
                "(1, 1)");
        assertMessage(
                assertThrows(IndexOutOfBoundsException.class, () -> X.take(Tensor.of(7L), 1)),
                "take",
                "index 7",
                "size 3");
        assertMessage(
                assertThrows(
                        IndexOutOfBoundsException.class, () -> X.gather(1, Tensor.fromArray(new int[][] {{0}, {5}}))),
                "gather",
                "index 5",
                "size 3");
    }

    @Test
    void indexSelectGradientAccumulatesRepeatedIndices() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
        x.indexSelect(0, Tensor.of(2, 0, 2))
                .mul(Tensor.of(1.0, 10.0, 100.0))
                .sum()
                .backward();
        assertArrayEquals(new double[] {10, 0, 101}, x.grad().toDoubleArray());
        GradCheck.check(t -> t[0].indexSelect(1, Tensor.of(0, 2, 2, -1)), rnd(3, 4));
        GradCheck.check(t -> t[0].t().indexSelect(0, Tensor.of(1L, 1L)).mul(t[1]), rnd(2, 3), rnd(2, 2));
        GradCheck.check(t -> t[0].expand(3, 4).indexSelect(1, Tensor.of(3, 0)), rnd(1, 4));
    }

    @Test
    void indexAddAddsSlices() {
        Tensor base = Tensor.ones(2, 3);
        Tensor src = m(new float[][] {{10, 20}, {30, 40}});
        assertArrayEquals(new float[][] {{31, 1, 11}, {41, 1, 21}}, (float[][])
                base.indexAdd(1, Tensor.of(2, 0), src.t()).toArray());
        assertArrayEquals(
                new float[] {1, 31, 1},
                Tensor.ones(3)
                        .indexAdd(0, Tensor.of(1, -2), Tensor.of(10f, 20f))
                        .toFloatArray());
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> base.indexAdd(1, Tensor.of(0), src)),
                "indexAdd",
                "(2, 1)",
                "(2, 2)");
        GradCheck.check(t -> t[0].indexAdd(0, Tensor.of(1, 1, 0), t[1]), rnd(2, 3), rnd(3, 3));
    }

    // ---- take (tf.gather) -------------------------------------------------------------------------

    @Test
    void takeWithIndicesOfAnyRank() {
        Tensor idx = Tensor.fromArray(new int[][] {{0, 2}, {1, 1}});
        Tensor out = X.take(idx, 1);
        assertArrayEquals(new int[] {2, 2, 2}, out.dims());
        assertArrayEquals(new float[][][] {{{1, 3}, {2, 2}}, {{4, 6}, {5, 5}}}, (float[][][]) out.toArray());
        assertArrayEquals(
                new float[] {3, 6}, X.take(Tensor.scalar(-1, DType.INT64), 1).toFloatArray());
        assertArrayEquals(
                new int[] {2, 2, 3},
                X.take(Tensor.fromArray(new int[][] {{0, 1}, {1, 0}}), 0).dims());
        GradCheck.check(t -> t[0].take(Tensor.fromArray(new long[][] {{0, 0}, {2, 1}}), 1), rnd(2, 3));
    }

    // ---- gather, takeAlongAxis, scatterAdd ------------------------------------------------------

    @Test
    void gatherPicksOneLogitPerRow() {
        Tensor logits = m(new float[][] {{0.1f, 0.7f, 0.2f}, {0.5f, 0.3f, 0.2f}});
        Tensor labels = Tensor.of(1L, 0L);
        assertArrayEquals(
                new float[] {0.7f, 0.5f}, logits.gather(1, labels.unsqueeze(1)).toFloatArray());
        Tensor idx = Tensor.fromArray(new int[][] {{0, 0}, {1, 0}});
        assertArrayEquals(
                new float[][] {{1, 1}, {5, 4}}, (float[][]) X.gather(1, idx).toArray());
        assertArrayEquals(new float[][] {{4, 2}}, (float[][]) X.gather(0, Tensor.fromArray(new int[][] {{1, 0}}))
                .toArray());
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> X.gather(1, Tensor.of(0))), "gather", "rank 2");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> X.gather(1, Tensor.zeros(DType.INT32, 3, 1))),
                "gather",
                "(3, 1)",
                "(2, 3)");
    }

    @Test
    void gatherGradientScattersBack() {
        Tensor x = Tensor.fromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}).requiresGrad(true);
        x.gather(1, Tensor.fromArray(new int[][] {{2, 2}, {0, 1}})).sum().backward();
        assertArrayEquals(new double[] {0, 0, 2, 1, 1, 0}, x.grad().toDoubleArray());
        GradCheck.check(t -> t[0].gather(0, Tensor.fromArray(new int[][] {{1, 0, 1}, {-1, 1, 0}})), rnd(2, 3));
        GradCheck.check(t -> t[0].t().gather(1, Tensor.fromArray(new int[][] {{1}, {0}, {1}})), rnd(2, 3));
    }

    @Test
    void takeAlongAxisBroadcasts() {
        Tensor order = Tensor.fromArray(new long[][] {{2, 0, 1}, {1, 2, 0}});
        assertArrayEquals(new float[][] {{3, 1, 2}, {5, 6, 4}}, (float[][])
                X.takeAlongAxis(order, 1).toArray());
        // A (1, 2) index against (2, 3): both rows take columns 2 and 0.
        assertArrayEquals(new float[][] {{3, 1}, {6, 4}}, (float[][]) X.takeAlongAxis(
                        Tensor.fromArray(new int[][] {{2, 0}}), 1)
                .toArray());
        // A (2, 1) input against (2, 3) indices along axis 0.
        Tensor col = m(new float[][] {{7}, {8}});
        assertArrayEquals(new float[][] {{8, 7, 8}}, (float[][]) col.takeAlongAxis(
                        Tensor.fromArray(new int[][] {{1, 0, 1}}), 0)
                .toArray());
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> X.takeAlongAxis(Tensor.zeros(DType.INT32, 3, 1), 1)),
                "takeAlongAxis",
                "broadcast",
                "(3, 1)");
        GradCheck.check(t -> t[0].takeAlongAxis(Tensor.fromArray(new int[][] {{1, 1}, {0, 2}, {2, 2}}), 1), rnd(1, 3));
    }

    @Test
    void scatterAddAccumulates() {
        Tensor out = Tensor.zeros(2, 3).scatterAdd(1, Tensor.fromArray(new int[][] {{2, 2}, {0, 1}}), m(new float[][] {
            {1, 2}, {3, 4}
        }));
        assertArrayEquals(new float[][] {{0, 0, 3}, {3, 4, 0}}, (float[][]) out.toArray());
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Tensor.zeros(2, 3).scatterAdd(1, Tensor.zeros(DType.INT32, 2, 2), Tensor.zeros(2, 1))),
                "scatterAdd",
                "(2, 2)",
                "(2, 1)");
        GradCheck.check(
                t -> t[0].scatterAdd(0, Tensor.fromArray(new int[][] {{1, 0}, {1, 1}}), t[1]), rnd(2, 3), rnd(2, 2));
    }

    @Test
    void secondDerivativesFlowThroughTheBackwardRules() {
        // d/dx of the gradient of sum(select(x)^2): the backward rules must themselves be differentiable.
        GradCheck.check(
                t -> Autograd.grad(
                        t[0].indexSelect(1, Tensor.of(0, 2, 0)).square().sum(), null, new Tensor[] {t[0]}, true)[0],
                rnd(2, 3));
        GradCheck.check(
                t -> Autograd.grad(
                        t[0].gather(1, Tensor.fromArray(new int[][] {{1, 1}, {2, 0}}))
                                .pow(3.0)
                                .sum(),
                        null,
                        new Tensor[] {t[0]},
                        true)[0],
                rnd(2, 3));
    }

    // ---- oneHot, booleanMask ----------------------------------------------------------------------

    @Test
    void oneHotRows() {
        Tensor h = Tensor.of(2, 0, 1).oneHot(3);
        assertEquals(DType.FLOAT32, h.dtype());
        assertArrayEquals(new float[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}, (float[][]) h.toArray());
        assertArrayEquals(
                new int[] {2, 2, 4}, Tensor.zeros(DType.INT64, 2, 2).oneHot(4).dims());
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class, () -> Tensor.of(0, 3).oneHot(3)),
                "oneHot",
                "label 3",
                "flat index 1",
                "numClasses 3");
        assertMessage(
                assertThrows(
                        IllegalArgumentException.class, () -> Tensor.of(-1L).oneHot(3)),
                "oneHot",
                "label -1");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> Tensor.of(1f).oneHot(3)), "oneHot", "float32");
    }

    @Test
    void booleanMaskSelectsRowsOrElements() {
        assertArrayEquals(
                new float[] {2, 4, 6},
                X.booleanMask(Tensor.fromArray(new boolean[][] {{false, true, false}, {true, false, true}}))
                        .toFloatArray());
        Tensor rows = X.booleanMask(Tensor.of(false, true));
        assertArrayEquals(new float[][] {{4, 5, 6}}, (float[][]) rows.toArray());
        assertArrayEquals(
                new int[] {0, 3}, X.booleanMask(Tensor.of(false, false)).dims());
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> X.booleanMask(Tensor.of(true, false, true))),
                "booleanMask",
                "(3,)",
                "(2, 3)");
        GradCheck.check(t -> t[0].t().booleanMask(Tensor.of(true, false, true)), rnd(2, 3));
    }
}
