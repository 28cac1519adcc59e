package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.autograd.GradCheck;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ViewsTest {
    private static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1, new Generator(3), shape).to(DType.FLOAT64);
    }

    @Test
    void reshapeIsAViewAndInfersMinusOne() {
        Tensor x = Tensor.arange(6);
        Tensor r = x.reshape(2, -1);
        assertArrayEquals(new int[] {2, 3}, r.dims());
        assertSame(x.storage(), r.storage());
        assertArrayEquals(new float[][] {{0, 1, 2}, {3, 4, 5}}, (float[][]) r.toArray());
    }

    @Test
    void reshapeWithWrongSizeSaysBothShapes() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 2)"), e.getMessage());
    }

    @Test
    void transposeAndPermuteShareStorage() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        Tensor t = x.t();
        assertSame(x.storage(), t.storage());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.toFloatArray());
        Tensor p = Tensor.arange(24).reshape(2, 3, 4).permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.dims());
        assertArrayEquals(new float[] {0, 4, 8, 12, 16, 20}, p.get(0).toFloatArray());
    }

    @Test
    void slicingWithStepsAndNegativeIndices() {
        Tensor x = Tensor.arange(10);
        assertArrayEquals(new float[] {1, 4, 7}, x.slice(0, 1, 9, 3).toFloatArray());
        assertArrayEquals(new float[] {8, 9}, x.slice(0, -2, 10).toFloatArray());
        assertArrayEquals(new float[] {}, x.slice(0, 5, 2).toFloatArray());
        assertArrayEquals(
                new float[] {3, 4, 5},
                Tensor.arange(6).reshape(2, 3).select(0, -1).toFloatArray());
    }

    @Test
    void squeezeUnsqueezeExpand() {
        Tensor x = Tensor.of(1f, 2f).reshape(1, 2, 1);
        assertArrayEquals(new int[] {2}, x.squeeze().dims());
        assertArrayEquals(new int[] {1, 2}, x.squeeze(2).dims());
        assertArrayEquals(
                new int[] {2, 1, 1, 2}, Tensor.zeros(2, 1, 2).unsqueeze(1).dims());
        Tensor e = Tensor.of(1f, 2f).reshape(2, 1).expand(2, 3);
        assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, e.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).squeeze(0));
    }

    @Test
    void gradientsOfViews() {
        GradCheck.check(t -> t[0].reshape(3, 2).mul(t[1]), rnd(2, 3), rnd(3, 2));
        GradCheck.check(t -> t[0].permute(2, 0, 1).mul(t[1]), rnd(2, 3, 4), rnd(4, 2, 3));
        GradCheck.check(t -> t[0].slice(0, 1, 5, 2).mul(t[1]), rnd(6, 2), rnd(2, 2));
        GradCheck.check(t -> t[0].select(1, 1).exp(), rnd(2, 3));
        GradCheck.check(t -> t[0].unsqueeze(0).expand(4, 2, 3).mul(t[1]), rnd(2, 3), rnd(4, 1, 1));
        GradCheck.check(t -> t[0].t().contiguous().reshape(-1).mul(t[1]), rnd(2, 3), rnd(6));
        GradCheck.check(t -> t[0].flatten(1, 2), rnd(2, 3, 2));
    }
}
