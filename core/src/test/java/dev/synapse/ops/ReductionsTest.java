package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.autograd.GradCheck;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ReductionsTest {
    private static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1, new Generator(5), shape).to(DType.FLOAT64);
    }

    @Test
    void sumAndMeanOverAxes() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        assertEquals(15.0, x.sum().item(), 0.0);
        assertArrayEquals(new float[] {3, 5, 7}, x.sum(0).toFloatArray());
        assertArrayEquals(new float[] {1, 4}, x.mean(1).toFloatArray());
        Tensor k = x.sum(new int[] {-1}, true);
        assertArrayEquals(new int[] {2, 1}, k.dims());
        assertArrayEquals(new float[] {3, 12}, k.toFloatArray());
        assertEquals(DType.INT64, Tensor.of(1, 2, 3).sum().dtype());
        assertEquals(2.5, Tensor.of(1, 2, 3, 4).mean().item(), 0.0);
    }

    @Test
    void gradientsOfSumAndMean() {
        GradCheck.check(t -> t[0].sum(), rnd(2, 3));
        GradCheck.check(t -> t[0].sum(new int[] {0, 2}, false), rnd(2, 3, 2));
        GradCheck.check(t -> t[0].mean(new int[] {1}, true), rnd(2, 3));
        GradCheck.check(t -> t[0].t().mean(0), rnd(3, 4));
    }
}
