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

class ActivationsTest {
    private static final Generator GEN = new Generator(13);

    private static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1.5, GEN, shape).to(DType.FLOAT64);
    }

    /** Values kept away from the kinks at 0 and +-3, where finite differences straddle two branches. */
    private static Tensor awayFromKinks(int... shape) {
        Tensor x = rnd(shape);
        Tensor shifted = x.add(x.sign().mul(0.1));
        return Tensor.where(shifted.abs().sub(3.0).abs().lt(0.1), shifted.add(0.3), shifted);
    }

    @Test
    void valuesMatchHandComputation() {
        assertArrayEquals(
                new float[] {0.09003057f, 0.24472847f, 0.66524096f},
                Tensor.of(1f, 2f, 3f).softmax(0).toFloatArray(),
                1e-7f);
        assertEquals(0.8413447460685429, Tensor.of(1.0).gelu().item(), 1e-15);
        assertEquals(-0.15865525393145707, Tensor.of(-1.0).gelu().item(), 1e-15);
        assertEquals(1.0507009873554805, Tensor.of(1.0).selu().item(), 1e-15);
        assertEquals(
                1.0507009873554805 * 1.6732632423543772 * (Math.exp(-1) - 1),
                Tensor.of(-1.0).selu().item(),
                1e-15);
        assertArrayEquals(
                new float[] {0f, 0f, 2f}, Tensor.of(-1f, 0f, 2f).relu().toFloatArray());
        assertArrayEquals(
                new float[] {-0.3f, 2f},
                Activations.leakyRelu(Tensor.of(-1f, 2f)).toFloatArray(),
                1e-7f);
        assertArrayEquals(
                new float[] {-0.01f, 2f}, Tensor.of(-1f, 2f).leakyRelu(0.01).toFloatArray(), 1e-7f);
        assertEquals(Math.expm1(-2) * 0.5, Tensor.of(-2.0).elu(0.5).item(), 1e-15);
        assertEquals(1 / (1 + Math.exp(-0.5)), Tensor.of(0.5).sigmoid().item(), 1e-15);
        assertEquals(Math.tanh(0.7), Tensor.of(0.7).tanh().item(), 1e-15);
        assertEquals(Math.log1p(Math.exp(1.3)), Tensor.of(1.3).softplus().item(), 1e-15);
        assertEquals(-0.75, Tensor.of(-3.0).softsign().item(), 1e-15);
        assertEquals(2 / (1 + Math.exp(-2)), Tensor.of(2.0).silu().item(), 1e-15);
        assertArrayEquals(
                new double[] {0, 0.25, 0.5, 1, 1},
                Tensor.of(-4.0, -1.5, 0.0, 3.0, 9.0).hardSigmoid().toDoubleArray(),
                1e-15);
        double tanhForm = 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (1 + 0.044715)));
        assertEquals(tanhForm, Activations.geluTanh(Tensor.of(1.0)).item(), 1e-15);
        assertEquals(
                Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)),
                Tensor.of(1.0, 2.0, 3.0).logSumExp(null, false).item(),
                1e-14);
    }

    @Test
    void extremeLogitsStayFinite() {
        assertEquals(
                1000 + Math.log(2),
                Tensor.of(1000.0, 1000.0).logSumExp(null, false).item(),
                1e-12);
        assertEquals(
                1000 + Math.log(2),
                Tensor.of(1000f, 1000f).logSumExp(new int[] {0}, false).item(),
                1e-3);
        float[] s = Tensor.of(1000f, 0f, -1000f).softmax(0).toFloatArray();
        assertArrayEquals(new float[] {1f, 0f, 0f}, s, 0f);
        float[] ls = Tensor.of(1000f, 0f, -1000f).logSoftmax(0).toFloatArray();
        assertArrayEquals(new float[] {0f, -1000f, -2000f}, ls, 1e-3f);
        assertEquals(0.0, Tensor.of(-1000.0).sigmoid().item(), 1e-300);
        assertEquals(1.0, Tensor.of(1000.0).sigmoid().item(), 0.0);
        assertEquals(1000.0, Tensor.of(1000.0).softplus().item(), 0.0);
        // a row of -inf (fully masked) gives -inf logsumexp, not NaN
        assertEquals(
                Double.NEGATIVE_INFINITY,
                Tensor.of(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY)
                        .logSumExp(null, false)
                        .item());
    }

    @Test
    void softmaxRowsSumToOneAlongAnyAxis() {
        Tensor x = Tensor.normal(0, 5, GEN, 4, 6, 5);
        for (int axis = -3; axis < 3; axis++) {
            double[] sums = x.softmax(axis).sum(new int[] {axis}, false).toDoubleArray();
            for (double v : sums) {
                assertEquals(1.0, v, 1e-5, "axis " + axis);
            }
        }
    }

    /**
     * The relu's gradient passes g where x > 0 or x is NaN (the relu passes the NaN, as PyTorch's) and is 0 elsewhere,
     * even where g is infinite or NaN (0, not 0 * inf); in float32 and float64.
     */
    @Test
    void reluGradientPassesTheGradientWhereTheInputIsPositiveOrNaN() {
        double inf = Double.POSITIVE_INFINITY;
        double[] x = {-2, -0.0, 0.0, 1e-30, 3, Double.NaN, inf, -inf, -1, -1, 2};
        double[] g = {5, 5, 5, 5, -4, 7, 2, 3, inf, Double.NaN, Double.NaN};
        double[] expected = {0, 0, 0, 5, -4, 7, 2, 0, 0, 0, Double.NaN};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor xt = Tensor.of(x).to(dt).requiresGrad(true);
            xt.relu().backward(Tensor.of(g).to(dt));
            assertArrayEquals(expected, xt.grad().toDoubleArray(), 0.0, dt.toString());
            // +0.0 where the gradient is cut, never -0.0 copied from the input
            assertEquals(0L, Double.doubleToRawLongBits(xt.grad().toDoubleArray()[1]), dt.toString());
        }
    }

    @Test
    void reluGradientIsDifferentiableInTheIncomingGradient() {
        // d/dc of sum(dy/dx * v) with y = sum(relu(x) * c), dy/dx = (x > 0) * c: the derivative is (x > 0) * v.
        GradCheck.check(
                t -> Autograd.grad(t[0].relu().mul(t[1]).sum(), null, new Tensor[] {t[0]}, true)[0].mul(t[2]),
                awayFromKinks(3, 4),
                rnd(3, 4),
                rnd(3, 4));
    }

    @Test
    void gradientsOfElementwiseActivations() {
        GradCheck.check(t -> t[0].relu(), awayFromKinks(2, 5));
        GradCheck.check(t -> t[0].leakyRelu(0.2), awayFromKinks(2, 5));
        GradCheck.check(t -> t[0].elu(0.7), awayFromKinks(2, 5));
        GradCheck.check(t -> t[0].selu(), awayFromKinks(2, 5));
        GradCheck.check(t -> t[0].gelu(), rnd(2, 5));
        GradCheck.check(t -> Activations.geluTanh(t[0]), rnd(2, 5));
        GradCheck.check(t -> Activations.erf(t[0]), rnd(7));
        GradCheck.check(t -> t[0].sigmoid(), rnd(2, 5));
        GradCheck.check(t -> t[0].tanh(), rnd(2, 5));
        GradCheck.check(t -> t[0].softplus(), rnd(2, 5));
        GradCheck.check(t -> t[0].softsign(), awayFromKinks(2, 5));
        GradCheck.check(t -> t[0].silu(), rnd(2, 5));
        GradCheck.check(t -> t[0].hardSigmoid(), awayFromKinks(2, 5));
    }

    @Test
    void gradientsThroughBroadcastAndStridedViews() {
        GradCheck.check(t -> t[0].add(t[1]).sigmoid(), rnd(3, 4), rnd(4));
        GradCheck.check(t -> t[0].t().tanh(), rnd(3, 4));
        GradCheck.check(t -> t[0].slice(1, 0, 6, 2).gelu(), rnd(2, 6));
        GradCheck.check(t -> t[0].get(0).t().softmax(0), rnd(2, 3, 4));
        GradCheck.check(t -> t[0].expand(3, 4).silu().mul(t[1]), rnd(1, 4), rnd(3, 4));
    }

    @Test
    void gradientsOfSoftmaxFamily() {
        GradCheck.check(t -> t[0].softmax(-1), rnd(3, 5));
        GradCheck.check(t -> t[0].softmax(0), rnd(3, 5));
        GradCheck.check(t -> t[0].logSoftmax(1), rnd(3, 5));
        GradCheck.check(t -> t[0].logSoftmax(0), rnd(2, 3, 2));
        GradCheck.check(t -> t[0].logSumExp(new int[] {1}, false), rnd(3, 5));
        GradCheck.check(t -> t[0].logSumExp(new int[] {0, 2}, true), rnd(2, 3, 2));
        GradCheck.check(t -> t[0].logSumExp(null, false), rnd(4));
        GradCheck.check(t -> t[0].t().logSoftmax(-1), rnd(4, 3));
        // large logits: the gradient is still finite and right
        GradCheck.check(t -> t[0].softmax(-1), rnd(2, 3).mul(100.0));
    }

    @Test
    void integerInputsBecomeFloat32AndBadAxesNameTheOp() {
        assertEquals(DType.FLOAT32, Tensor.of(1, -2).relu().dtype());
        var e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(2, 3).softmax(2));
        assertTrue(e.getMessage().contains("softmax"), e.getMessage());
    }
}
