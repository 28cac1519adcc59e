package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.autograd.GradCheck;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ShapeOpsTest {
    private static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1, new Generator(5), shape).to(DType.FLOAT64);
    }

    private static Tensor m(float[][] rows) {
        return Tensor.fromArray(rows);
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    // ---- concat, stack ----------------------------------------------------------------------------

    @Test
    void concatAlongEachAxis() {
        Tensor a = m(new float[][] {{1, 2}, {3, 4}});
        Tensor b = m(new float[][] {{5, 6}});
        assertArrayEquals(new float[][] {{1, 2}, {3, 4}, {5, 6}}, (float[][])
                Tensor.concat(0, a, b).toArray());
        Tensor c = m(new float[][] {{7}, {8}});
        assertArrayEquals(new float[][] {{1, 2, 7}, {3, 4, 8}}, (float[][])
                Tensor.concat(-1, a, c).toArray());
        assertArrayEquals(
                new float[] {1, 2},
                Tensor.concat(0, Tensor.of(1f), Tensor.zeros(0), Tensor.of(2f)).toFloatArray());
    }

    @Test
    void concatOfStridedViewsAndPromotedDtypes() {
        Tensor a = Tensor.arange(6).reshape(2, 3);
        Tensor t = a.t(); // (3, 2), strided
        Tensor out = Tensor.concat(1, t, Tensor.arange(0, 3, 1, DType.INT32).reshape(3, 1));
        assertEquals(DType.FLOAT32, out.dtype());
        assertArrayEquals(new float[][] {{0, 3, 0}, {1, 4, 1}, {2, 5, 2}}, (float[][]) out.toArray());
        assertArrayEquals(
                new float[] {5, 4, 3, 2, 1, 0},
                Tensor.concat(0, a.flip(0, 1).reshape(-1)).toFloatArray());
    }

    @Test
    void concatErrorsNameTheOpAndTheShapes() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        assertMessage(e, "concat", "(2, 3)", "(2, 4)", "tensor 2", "axis 1");
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(3)));
        assertMessage(e, "concat", "rank", "(2, 3)", "(3,)");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> Tensor.concat(2, Tensor.zeros(2, 3))),
                "concat",
                "axis 2");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, Tensor.scalar(1))),
                "concat",
                "scalar");
    }

    @Test
    void stackAddsAnAxis() {
        Tensor a = Tensor.of(1f, 2f);
        Tensor b = Tensor.of(3f, 4f);
        assertArrayEquals(new float[][] {{1, 2}, {3, 4}}, (float[][])
                Tensor.stack(0, a, b).toArray());
        assertArrayEquals(new float[][] {{1, 3}, {2, 4}}, (float[][])
                Tensor.stack(-1, a, b).toArray());
        assertArrayEquals(
                new int[] {2, 3, 2},
                Tensor.stack(1, Tensor.zeros(2, 2), Tensor.zeros(2, 2), Tensor.zeros(2, 2))
                        .dims());
        assertArrayEquals(
                new float[] {1, 2},
                Tensor.stack(0, Tensor.scalar(1), Tensor.scalar(2)).toFloatArray());
        var e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.stack(0, Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertMessage(e, "stack", "(2, 3)", "(3, 2)");
    }

    @Test
    void concatAndStackGradients() {
        GradCheck.check(t -> Tensor.concat(0, t[0].t(), t[1]), rnd(2, 3), rnd(1, 2));
        GradCheck.check(t -> Tensor.concat(1, t[0], t[1].expand(3, 2), t[0]), rnd(3, 1), rnd(1, 2));
        GradCheck.check(t -> Tensor.stack(1, t[0], t[1].t()), rnd(2, 3), rnd(3, 2));
        // An input that needs no gradient gets none.
        Tensor x = rnd(2).requiresGrad(true);
        Tensor.concat(0, x, Tensor.ones(DType.FLOAT64, 3)).sum().backward();
        assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
    }

    // ---- split, unbind ----------------------------------------------------------------------------

    @Test
    void splitIntoEqualSectionsOrSizesGivesViews() {
        Tensor x = Tensor.arange(12).reshape(2, 6);
        Tensor[] parts = x.split(3, 1);
        assertEquals(3, parts.length);
        assertArrayEquals(new float[][] {{2, 3}, {8, 9}}, (float[][]) parts[1].toArray());
        assertSame(x.storage(), parts[2].storage());
        Tensor[] sized = x.split(new int[] {1, -1, 2}, 1);
        assertArrayEquals(new int[] {2, 3}, sized[1].dims());
        assertArrayEquals(new float[] {1, 2, 3, 7, 8, 9}, sized[1].toFloatArray());
        assertArrayEquals(new float[] {4, 5, 10, 11}, sized[2].toFloatArray());
        assertMessage(assertThrows(IllegalArgumentException.class, () -> x.split(4, 1)), "split", "6", "4 equal");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> x.split(new int[] {2, 2}, 1)),
                "split",
                "add up to 4",
                "size 6");
    }

    @Test
    void splitPartsHaveTheirOwnGradients() {
        Tensor x = rnd(4, 3).requiresGrad(true);
        Tensor[] parts = x.split(new int[] {1, 3}, 0);
        parts[1].mul(2.0).sum().backward();
        assertArrayEquals(
                new double[] {0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2}, x.grad().toDoubleArray());
        GradCheck.check(t -> t[0].t().split(2, 0)[1].mul(t[1]), rnd(3, 4), rnd(3));
    }

    @Test
    void unbindGivesSlices() {
        Tensor[] rows = Tensor.arange(6).reshape(2, 3).unbind(1);
        assertEquals(3, rows.length);
        assertArrayEquals(new float[] {1, 4}, rows[1].toFloatArray());
        GradCheck.check(t -> t[0].unbind(0)[1].exp(), rnd(2, 3));
    }

    // ---- pad, tile, repeat ------------------------------------------------------------------------

    @Test
    void padWithAConstant() {
        Tensor x = m(new float[][] {{1, 2}, {3, 4}});
        Tensor p = x.pad(new int[][] {{1, 0}, {0, 2}}, -1);
        assertArrayEquals(new float[][] {{-1, -1, -1, -1}, {1, 2, -1, -1}, {3, 4, -1, -1}}, (float[][]) p.toArray());
        assertArrayEquals(
                new float[] {0, 4, 2, 0},
                x.t().select(0, 1).flip().pad(new int[][] {{1, 1}}, 0).toFloatArray());
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> x.pad(new int[][] {{1, 1}}, 0)), "pad", "(2, 2)");
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> x.pad(new int[][] {{1, 1}, {-1, 0}}, 0)),
                "pad",
                "axis 1");
        GradCheck.check(t -> t[0].t().pad(new int[][] {{2, 1}, {0, 3}}, 5.0), rnd(2, 3));
    }

    @Test
    void tileRepeatsTheWholeTensor() {
        Tensor x = Tensor.of(1f, 2f);
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, x.tile(3).toFloatArray());
        assertArrayEquals(new float[][] {{1, 2, 1, 2}, {1, 2, 1, 2}}, (float[][])
                x.tile(2, 2).toArray());
        Tensor y = m(new float[][] {{1, 2}, {3, 4}});
        assertArrayEquals(new float[][] {{1, 2}, {3, 4}, {1, 2}, {3, 4}}, (float[][])
                y.tile(2, 1).toArray());
        assertArrayEquals(new float[][] {{1, 2, 1, 2}, {3, 4, 3, 4}}, (float[][])
                y.tile(2).toArray());
        assertArrayEquals(new int[] {2, 0}, y.tile(1, 0).dims());
        GradCheck.check(t -> t[0].tile(2, 1, 3), rnd(2, 2));
        GradCheck.check(t -> t[0].t().tile(3, 1), rnd(2, 3));
    }

    @Test
    void repeatCopiesEachElement() {
        Tensor y = m(new float[][] {{1, 2}, {3, 4}});
        assertArrayEquals(new float[][] {{1, 1, 2, 2}, {3, 3, 4, 4}}, (float[][])
                y.repeatInterleave(2, 1).toArray());
        assertArrayEquals(new float[][] {{1, 2}, {1, 2}, {1, 2}, {3, 4}, {3, 4}, {3, 4}}, (float[][])
                ShapeOps.repeat(y, 3, 0).toArray());
        assertArrayEquals(
                new float[] {1, 1, 3},
                ShapeOps.repeat(Tensor.of(1f, 2f, 3f), new int[] {2, 0, 1}, 0).toFloatArray());
        assertMessage(
                assertThrows(IllegalArgumentException.class, () -> ShapeOps.repeat(y, new int[] {1}, 0)),
                "repeat",
                "expected 2 counts");
        GradCheck.check(t -> t[0].t().repeatInterleave(3, 1), rnd(2, 3));
        GradCheck.check(t -> ShapeOps.repeat(t[0], new int[] {2, 0, 3}, 1), rnd(2, 3));
    }

    // ---- flip -------------------------------------------------------------------------------------

    @Test
    void flipIsANegativeStrideView() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        Tensor f = x.flip(1);
        assertSame(x.storage(), f.storage());
        assertEquals(-1, f.stride(1));
        assertFalse(f.isContiguous());
        assertArrayEquals(new float[][] {{2, 1, 0}, {5, 4, 3}}, (float[][]) f.toArray());
        assertArrayEquals(
                new float[][] {{5, 4, 3}, {2, 1, 0}}, (float[][]) x.flip().toArray());
        assertArrayEquals(
                new float[][] {{3, 4, 5}, {0, 1, 2}}, (float[][]) x.flip(-2).toArray());
        assertArrayEquals(new float[] {3, 2, 1}, Tensor.of(1f, 2f, 3f).flip(0).toFloatArray());
        assertArrayEquals(new float[] {}, Tensor.zeros(0).flip(0).toFloatArray());
        assertArrayEquals(new float[] {7}, Tensor.of(7f).flip(0).toFloatArray());
    }

    @Test
    void flippedViewsCopyAndComputeCorrectly() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        Tensor f = x.flip(0, 1);
        Tensor c = f.contiguous();
        assertNotSame(f, c);
        assertTrue(c.isContiguous());
        assertArrayEquals(new float[] {5, 4, 3, 2, 1, 0}, c.toFloatArray());
        assertArrayEquals(new float[] {5, 4, 3, 2, 1, 0}, f.copy().toFloatArray());
        assertArrayEquals(new float[] {5, 4, 3, 2, 1, 0}, f.reshape(6).toFloatArray());
        assertArrayEquals(new float[] {5, 2, 4, 1, 3, 0}, f.t().contiguous().toFloatArray());
        assertArrayEquals(new float[] {12, 3}, f.sum(1).toFloatArray());
        assertArrayEquals(new float[] {5, 5, 5, 5, 5, 5}, f.add(x).toFloatArray());
        // [[5, 4, 3], [2, 1, 0]] @ [[1], [0], [2]] = [[11], [2]]
        assertArrayEquals(
                new float[] {11, 2},
                f.matmul(Tensor.of(1f, 0f, 2f).reshape(3, 1)).toFloatArray());
        Tensor back = f.flip(1, 0);
        assertEquals(x.offset(), back.offset());
        assertArrayEquals(x.strides(), back.strides());
        // Writing through a flipped view lands in the right places.
        Tensor y = Tensor.zeros(3);
        y.flip(0).assign(Tensor.of(1f, 2f, 3f));
        assertArrayEquals(new float[] {3, 2, 1}, y.toFloatArray());
    }

    @Test
    void flipGradients() {
        GradCheck.check(t -> t[0].flip(1).mul(t[1]), rnd(2, 3), rnd(3));
        GradCheck.check(t -> t[0].t().flip(0, 1).matmul(t[1]), rnd(2, 3), rnd(2, 2));
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
        x.flip(0).mul(Tensor.of(1.0, 10.0, 100.0)).sum().backward();
        assertArrayEquals(new double[] {100, 10, 1}, x.grad().toDoubleArray());
        assertNull(Tensor.of(1f).flip(0).gradFn());
    }
}
