package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(1_000_000.0, Tensor.ones(1_000_000).sum().item(), 0.0);
    }

    @Test
    void gradientsOfSumAndMean() {
        GradCheck.check(t -> t[0].sum(), rnd(2, 3));
        GradCheck.check(t -> t[0].sum(new int[] {0, 2}, false), rnd(2, 3, 2));
        GradCheck.check(t -> t[0].mean(new int[] {1}, true), rnd(2, 3));
        GradCheck.check(t -> t[0].t().mean(0), rnd(3, 4));
    }

    @Test
    void maxMinProdVarianceStdAndNorms() {
        Tensor x = Tensor.of(1f, 5f, 3f, -2f, 0f, 4f).reshape(2, 3);
        assertEquals(5.0, x.max().item(), 0.0);
        assertEquals(-2.0, x.min().item(), 0.0);
        assertArrayEquals(new float[] {5, 4}, x.max(1).toFloatArray());
        assertArrayEquals(new float[] {-2, 0, 3}, x.min(0).toFloatArray());
        assertArrayEquals(new int[] {2, 1}, x.max(new int[] {1}, true).dims());
        assertArrayEquals(new float[] {-2, 0, 12}, x.prod(new int[] {0}, false).toFloatArray());
        Tensor v = Tensor.of(1.0, 2.0, 3.0, 4.0);
        assertEquals(1.25, v.variance(null, false).item(), 1e-15);
        assertEquals(5.0 / 3.0, v.variance(null, false, 1).item(), 1e-15);
        assertEquals(Math.sqrt(1.25), v.std(null, false).item(), 1e-15);
        assertEquals(10.0, v.norm(1, null, false).item(), 0.0);
        assertEquals(Math.sqrt(30.0), v.norm(2, null, false).item(), 1e-15);
        assertArrayEquals(new long[] {1, 2}, x.argmax(1).toLongArray());
        assertArrayEquals(new long[] {1, 1, 0}, x.argmin(0).toLongArray());
        assertEquals(DType.INT64, x.argmax(0).dtype());
        assertArrayEquals(new int[] {2, 1}, Reductions.argmax(x, 1, true).dims());
    }

    @Test
    void gradientsOfMaxAndMinGoToTheExtremeAndSplitTies() {
        Tensor x = Tensor.of(1.0, 3.0, 3.0, 2.0).requiresGrad(true);
        x.max().backward();
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, x.grad().toDoubleArray(), 0.0);
        Tensor y = Tensor.of(4.0, 1.0, 1.0, 1.0).reshape(2, 2).requiresGrad(true);
        y.min(new int[] {1}, false).sum().backward();
        assertArrayEquals(new double[] {0, 1, 0.5, 0.5}, y.grad().toDoubleArray(), 0.0);
        GradCheck.check(t -> t[0].max(new int[] {1}, false), rnd(3, 4));
        GradCheck.check(t -> t[0].min(new int[] {0, 2}, true), rnd(2, 3, 2));
        GradCheck.check(t -> t[0].t().max(0), rnd(3, 4));
    }

    @Test
    void gradientsOfProdIncludingZeros() {
        GradCheck.check(t -> t[0].prod(new int[] {1}, false), rnd(2, 4));
        GradCheck.check(t -> t[0].prod(null, false), rnd(5));
        Tensor x = Tensor.of(2.0, 0.0, 3.0, 0.0, 0.0, 4.0).reshape(2, 3).requiresGrad(true);
        x.prod(new int[] {1}, false).sum().backward();
        // one zero: it gets the product of the others; two zeros: everything gets 0
        assertArrayEquals(new double[] {0, 6, 0, 0, 0, 0}, x.grad().toDoubleArray(), 0.0);
    }

    @Test
    void gradientsOfVarianceStdAndNorms() {
        GradCheck.check(t -> t[0].variance(new int[] {1}, false), rnd(3, 4));
        GradCheck.check(t -> t[0].variance(new int[] {0}, true, 1), rnd(3, 4));
        GradCheck.check(t -> t[0].std(null, false), rnd(6));
        GradCheck.check(t -> t[0].norm(1, new int[] {1}, false), rnd(3, 4));
        GradCheck.check(t -> t[0].norm(2, new int[] {0}, true), rnd(3, 4));
        GradCheck.check(t -> t[0].t().norm(2, null, false), rnd(3, 4));
        Tensor z = Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true);
        z.norm(2, null, false).backward();
        assertArrayEquals(new double[] {0, 0, 0}, z.grad().toDoubleArray(), 0.0);
        Tensor z1 = Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true);
        z1.norm(1, null, false).backward();
        for (double g : z1.grad().toDoubleArray()) {
            assertFalse(Double.isNaN(g));
        }
    }

    @Test
    void stdAndVarianceWithoutAxesUseThePopulationConventionAndDdofGivesTorchs() {
        // x = 1..4: mean 2.5, squared deviations sum to 5; population divides by 4, unbiased by 3.
        Tensor v = Tensor.of(1.0, 2.0, 3.0, 4.0);
        assertEquals(1.25, v.variance().item(), 1e-15);
        assertEquals(Math.sqrt(1.25), v.std().item(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3.0), v.std(null, false, 1).item(), 1e-15);
        // Rows [1, 5, 3] (mean 3, squared deviations 4 + 4 + 0 = 8) and [-2, 0, 4] (mean 2/3, 64/9 + 4/9 + 100/9 =
        // 56/3).
        Tensor x = Tensor.of(1.0, 5.0, 3.0, -2.0, 0.0, 4.0).reshape(2, 3);
        assertArrayEquals(
                new double[] {Math.sqrt(8.0 / 3), Math.sqrt(56.0 / 9)}, x.std(1).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {8.0 / 3, 56.0 / 9}, x.variance(1).toDoubleArray(), 1e-14);
        Tensor unbiased = x.std(new int[] {1}, true, 1);
        assertArrayEquals(new int[] {2, 1}, unbiased.dims());
        assertArrayEquals(new double[] {2.0, Math.sqrt(28.0 / 3)}, unbiased.toDoubleArray(), 1e-15);
        assertEquals(DType.FLOAT32, Tensor.of(1, 2, 3, 4).std().dtype(), "integers reduce in float32");
    }

    @Test
    void prodLogSumExpNormAmaxAminWithoutAndWithAxes() {
        Tensor x = Tensor.of(1.0, 5.0, 3.0, -2.0, 0.0, 4.0).reshape(2, 3);
        assertEquals(0.0, x.prod().item(), 0.0);
        assertEquals(24.0, Tensor.of(1.0, 2.0, 3.0, 4.0).prod().item(), 0.0);
        assertArrayEquals(new double[] {15, 0}, x.prod(1).toDoubleArray(), 0.0);
        assertEquals(DType.INT64, Tensor.of(2, 3).prod().dtype());
        // log(e^0 + e^ln3) = ln 4, over all and along rows.
        Tensor l = Tensor.of(0.0, Math.log(3), Math.log(2), Math.log(2)).reshape(2, 2);
        assertEquals(Math.log(4 + 4), l.logSumExp().item(), 1e-15);
        assertArrayEquals(
                new double[] {Math.log(4), Math.log(4)}, l.logSumExp(1).toDoubleArray(), 1e-15);
        assertEquals(5.0, Tensor.of(3.0, 4.0).norm().item(), 0.0);
        assertArrayEquals(new double[] {5, 4}, x.amax(new int[] {1}, false).toDoubleArray(), 0.0);
        assertArrayEquals(new int[] {1, 3}, x.amin(new int[] {0}, true).dims());
        assertArrayEquals(new double[] {-2, 0, 3}, x.amin(new int[] {0}, true).toDoubleArray(), 0.0);
    }

    @Test
    void normsOfAnyOrderIncludingInfinityAndZero() {
        Tensor v = Tensor.of(1.0, -2.0, 3.0, -4.0);
        assertEquals(Math.cbrt(1 + 8 + 27 + 64), v.norm(3, null, false).item(), 1e-14);
        assertEquals(4.0, v.norm(Double.POSITIVE_INFINITY, null, false).item(), 0.0);
        assertEquals(1.0, v.norm(Double.NEGATIVE_INFINITY, null, false).item(), 0.0);
        Tensor z = Tensor.of(0.0, 1.5, 0.0, -2.0).reshape(2, 2);
        assertEquals(2.0, z.norm(0, null, false).item(), 0.0);
        assertArrayEquals(new double[] {1, 1}, z.norm(0, new int[] {1}, false).toDoubleArray(), 0.0);
        assertArrayEquals(
                new double[] {1.5, 2},
                z.norm(Double.POSITIVE_INFINITY, new int[] {1}, false).toDoubleArray(),
                0.0);
        GradCheck.check(t -> t[0].norm(3, new int[] {1}, false), rnd(3, 4));
        GradCheck.check(t -> t[0].norm(Double.POSITIVE_INFINITY, new int[] {0}, true), rnd(3, 4));
        GradCheck.check(t -> t[0].norm(Double.NEGATIVE_INFINITY, null, false), rnd(3, 4));
    }

    @Test
    void argmaxAndArgminOfTheFlattenedTensorAndWithKeepDims() {
        Tensor x = Tensor.of(1f, 5f, 3f, -2f, 0f, 4f).reshape(2, 3);
        Tensor am = x.argmax();
        assertEquals(0, am.rank());
        assertEquals(DType.INT64, am.dtype());
        assertEquals(1, am.item(), 0.0);
        assertEquals(3, x.argmin().item(), 0.0);
        assertEquals(0, Tensor.scalar(7).argmax().item(), 0.0);
        assertArrayEquals(new int[] {2, 1}, x.argmax(1, true).dims());
        assertArrayEquals(new long[] {1, 1, 0}, x.argmin(0, true).toLongArray());
        assertArrayEquals(new int[] {1, 3}, x.argmin(0, true).dims());
    }

    @Test
    void allAndAnyFollowNumpy() {
        Tensor b = Tensor.of(true, false, true, true).reshape(2, 2);
        assertEquals(DType.BOOL, b.all().dtype());
        assertFalse(b.all().toBooleanArray()[0]);
        assertTrue(b.any().toBooleanArray()[0]);
        assertArrayEquals(new boolean[] {false, true}, b.all(1).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true}, b.any(0).toBooleanArray());
        assertArrayEquals(new int[] {1, 2}, b.all(new int[] {0}, true).dims());
        // Numbers: non-zero is true and NaN counts as non-zero, as numpy.all/any and torch.all/any.
        Tensor n = Tensor.of(0.0, 1.5, Double.NaN, -2.0).reshape(2, 2);
        assertArrayEquals(new boolean[] {false, true}, n.all(1).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true}, n.any(1).toBooleanArray());
        assertArrayEquals(
                new boolean[] {false, true},
                Tensor.of(0, 0, 0, 3).reshape(2, 2).any(new int[] {1}, false).toBooleanArray());
        // An empty reduction: all is true, any is false.
        assertTrue(Tensor.zeros(0).all().toBooleanArray()[0]);
        assertFalse(Tensor.zeros(0).any().toBooleanArray()[0]);
    }

    @Test
    void gradientsOfTheReductionFormsWithoutAxes() {
        GradCheck.check(t -> t[0].std(), rnd(2, 3));
        GradCheck.check(t -> t[0].std(1), rnd(3, 4));
        GradCheck.check(t -> t[0].std(new int[] {0}, true, 1), rnd(3, 4));
        GradCheck.check(t -> t[0].variance(), rnd(5));
        GradCheck.check(t -> t[0].variance(0), rnd(3, 2));
        GradCheck.check(t -> t[0].prod(), rnd(2, 3));
        GradCheck.check(t -> t[0].prod(0), rnd(3, 2));
        GradCheck.check(t -> t[0].logSumExp(), rnd(2, 3));
        GradCheck.check(t -> t[0].logSumExp(-1), rnd(2, 3));
        GradCheck.check(t -> t[0].norm(), rnd(4));
        GradCheck.check(t -> t[0].amax(new int[] {1}, true), rnd(3, 4));
        GradCheck.check(t -> t[0].amin(null, false), rnd(3, 4));
    }

    @Test
    void errorsNameTheOpAndShape() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(2, 0).max(1));
        assertTrue(e.getMessage().contains("max") && e.getMessage().contains("(2, 0)"), e.getMessage());
        var v = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(1).variance(null, false, 1));
        assertTrue(v.getMessage().contains("variance"), v.getMessage());
        var n = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(3).norm(Double.NaN, null, false));
        assertTrue(n.getMessage().contains("norm"), n.getMessage());
    }
}
