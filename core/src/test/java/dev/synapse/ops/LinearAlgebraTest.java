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

class LinearAlgebraTest {
    private static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1, new Generator(11), shape).to(DType.FLOAT64);
    }

    @Test
    void matrixProductByHand() {
        Tensor a = Tensor.fromArray(new float[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.fromArray(new float[][] {{5, 6}, {7, 8}});
        assertArrayEquals(new float[] {19, 22, 43, 50}, a.matmul(b).toFloatArray());
        assertArrayEquals(new float[] {26, 30, 38, 44}, a.t().matmul(b).toFloatArray(), "transposed view");
        assertEquals(11.0, Tensor.of(1f, 2f).dot(Tensor.of(3f, 4f)).item(), 0.0);
        assertArrayEquals(
                new float[] {3, 4, 6, 8},
                Tensor.of(1f, 2f).outer(Tensor.of(3f, 4f)).toFloatArray());
    }

    @Test
    void batchedBroadcasting() {
        Tensor a = Tensor.ones(4, 1, 2, 3);
        Tensor b = Tensor.ones(5, 3, 2);
        assertArrayEquals(new int[] {4, 5, 2, 2}, a.matmul(b).dims());
        assertArrayEquals(
                new int[] {2}, Tensor.ones(2, 3).matmul(Tensor.ones(3)).dims());
    }

    @Test
    void misalignedShapesAreNamed() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.ones(2, 3).matmul(Tensor.ones(4, 5)));
        assertTrue(
                e.getMessage().contains("matmul")
                        && e.getMessage().contains("(2, 3)")
                        && e.getMessage().contains("(4, 5)"),
                e.getMessage());
    }

    @Test
    void gradients() {
        GradCheck.check(t -> t[0].matmul(t[1]), rnd(3, 4), rnd(4, 2));
        GradCheck.check(t -> t[0].t().matmul(t[1].t()), rnd(4, 3), rnd(2, 4));
        GradCheck.check(t -> t[0].matmul(t[1]), rnd(2, 1, 3, 4), rnd(3, 4, 2));
        GradCheck.check(t -> t[0].matmul(t[1]), rnd(3), rnd(3, 2));
        GradCheck.check(t -> t[0].dot(t[1]), rnd(3), rnd(3));
    }
}
