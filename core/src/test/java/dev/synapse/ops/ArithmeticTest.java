package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.autograd.GradCheck;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ArithmeticTest {
    private static final Generator GEN = new Generator(7);

    private static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1, GEN, shape).to(DType.FLOAT64);
    }

    private static Tensor positive(int... shape) {
        return Tensor.uniform(0.5, 2.0, GEN, shape).to(DType.FLOAT64);
    }

    @Test
    void valuesMatchHandComputation() {
        Tensor a = Tensor.of(1f, 2f, 3f);
        Tensor b = Tensor.of(4f, 5f, 6f);
        assertArrayEquals(new float[] {5f, 7f, 9f}, a.add(b).toFloatArray());
        assertArrayEquals(new float[] {-3f, -3f, -3f}, a.sub(b).toFloatArray());
        assertArrayEquals(new float[] {4f, 10f, 18f}, a.mul(b).toFloatArray());
        assertArrayEquals(new float[] {0.25f, 0.4f, 0.5f}, a.div(b).toFloatArray());
        assertArrayEquals(new float[] {1f, 8f, 27f}, a.pow(3).toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {2f, 2f, 3f}, a.clamp(2, 5).toFloatArray());
        assertArrayEquals(new float[] {4f, 5f, 6f}, a.maximum(b).toFloatArray());
    }

    @Test
    void broadcastingFollowsNumPy() {
        Tensor col = Tensor.of(1f, 2f).reshape(2, 1);
        Tensor row = Tensor.of(10f, 20f, 30f);
        Tensor s = col.add(row);
        assertArrayEquals(new int[] {2, 3}, s.dims());
        assertArrayEquals(new float[] {11f, 21f, 31f, 12f, 22f, 32f}, s.toFloatArray());
    }

    @Test
    void incompatibleShapesNameTheOpAndBothShapes() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("add"), e.getMessage());
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4,)"), e.getMessage());
    }

    @Test
    void dtypesPromote() {
        assertEquals(DType.FLOAT64, Tensor.of(1f).add(Tensor.of(1.0)).dtype());
        assertEquals(DType.INT64, Tensor.of(1, 2).add(Tensor.of(1L, 2L)).dtype());
        assertEquals(DType.FLOAT32, Tensor.of(1, 2).div(Tensor.of(2, 2)).dtype());
        assertArrayEquals(
                new float[] {0.5f, 1f}, Tensor.of(1, 2).div(Tensor.of(2, 2)).toFloatArray());
        assertEquals(DType.BOOL, Tensor.of(1f).lt(Tensor.of(2f)).dtype());
    }

    @Test
    void comparisonsAndWhere() {
        Tensor x = Tensor.of(-1f, 0f, 2f);
        assertArrayEquals(new boolean[] {false, false, true}, x.gt(0).toBooleanArray());
        Tensor r = Tensor.where(x.gt(0), x, Tensor.scalar(-9));
        assertArrayEquals(new float[] {-9f, -9f, 2f}, r.toFloatArray());
    }

    @Test
    void gradientsOfBinaryOpsWithBroadcasting() {
        GradCheck.check(t -> t[0].add(t[1]), rnd(2, 3), rnd(3));
        GradCheck.check(t -> t[0].sub(t[1]), rnd(2, 1), rnd(1, 3));
        GradCheck.check(t -> t[0].mul(t[1]), rnd(2, 3), rnd(2, 1));
        GradCheck.check(t -> t[0].div(t[1]), rnd(4), positive(2, 4));
        GradCheck.check(t -> t[0].pow(t[1]), positive(3), rnd(2, 3));
        GradCheck.check(t -> t[0].maximum(t[1]), rnd(3, 2), rnd(2));
        GradCheck.check(t -> t[0].minimum(t[1]), rnd(3, 2), rnd(3, 1));
        GradCheck.check(t -> Tensor.where(t[0].gt(0), t[0], t[1]), rnd(5), rnd(1));
    }

    @Test
    void gradientsOfUnaryOps() {
        GradCheck.check(t -> t[0].neg(), rnd(3));
        GradCheck.check(t -> t[0].pow(3.0), rnd(3));
        GradCheck.check(t -> t[0].sqrt(), positive(3));
        GradCheck.check(t -> t[0].rsqrt(), positive(3));
        GradCheck.check(t -> t[0].exp(), rnd(3));
        GradCheck.check(t -> t[0].log(), positive(3));
        GradCheck.check(t -> t[0].log1p(), positive(3));
        GradCheck.check(t -> t[0].abs(), positive(3).mul(Tensor.of(1.0, -1.0, 1.0)));
        GradCheck.check(t -> t[0].square(), rnd(3));
        GradCheck.check(t -> t[0].clamp(-0.5, 0.5), Tensor.of(-1.0, -0.2, 0.3, 0.9));
    }

    @Test
    void gradientsThroughStridedViews() {
        GradCheck.check(t -> t[0].t().mul(t[1]), rnd(3, 2), rnd(2, 3));
        GradCheck.check(t -> t[0].slice(1, 0, 4, 2).exp(), rnd(2, 4));
        GradCheck.check(t -> t[0].expand(3, 2).mul(t[1]), rnd(1, 2), rnd(3, 2));
    }

    @Test
    void inPlaceOpsRejectShapesThatDoNotFit() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(2).addInPlace(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("add_"), e.getMessage());
    }
}
