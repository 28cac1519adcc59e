package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * NaN through the ops built on max, compare and where, forward and backward, against what PyTorch
 * gives: {@code torch.relu(nan)} is nan and its gradient passes (threshold_backward tests
 * {@code x <= 0}); leaky relu, elu and selu take the {@code x > 0} branch of their gradient only
 * when the test holds, so NaN gets the slope for leaky relu and the linear branch for elu and selu;
 * hard sigmoid and clamp give 0 at NaN; {@code torch.maximum} hands the gradient to both sides
 * where either is NaN.
 */
class NaNPropagationTest {
    private static final double NAN = Double.NaN;

    /** The gradient of {@code sum(f(x))} at x. */
    private static double[] grad(UnaryOperator<Tensor> f, Tensor x) {
        Tensor leaf = x.detach().requiresGrad(true);
        f.apply(leaf).sum().backward();
        return leaf.grad().toDoubleArray();
    }

    @Test
    void activationsAndClampKeepNaN() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(-1.0, NAN, 2.0).to(dt);
            Tensor[] outs = {
                x.relu(),
                x.leakyRelu(0.1),
                x.elu(1.0),
                x.selu(),
                x.hardSigmoid(),
                x.clamp(-0.5, 0.5),
                x.softplus(),
                Activations.relu(x.to(DType.FLOAT64))
            };
            for (Tensor out : outs) {
                double[] v = out.toDoubleArray();
                assertTrue(
                        !Double.isNaN(v[0]) && Double.isNaN(v[1]) && !Double.isNaN(v[2]),
                        dt + ": " + java.util.Arrays.toString(v));
            }
        }
    }

    @Test
    void gradientsAtNaNFollowPyTorch() {
        Tensor x = Tensor.of(-1.0, NAN, 2.0);
        assertArrayEquals(new double[] {0, 1, 1}, grad(Tensor::relu, x), 0, "relu");
        assertArrayEquals(new double[] {0.1, 0.1, 1}, grad(t -> t.leakyRelu(0.1), x), 1e-15, "leaky relu");
        assertArrayEquals(new double[] {Math.exp(-1), 1, 1}, grad(t -> t.elu(1.0), x), 1e-15, "elu");
        double scale = 1.0507009873554805;
        double alpha = 1.6732632423543772;
        assertArrayEquals(
                new double[] {scale * alpha * Math.exp(-1), scale, scale}, grad(Tensor::selu, x), 1e-14, "selu");
        assertArrayEquals(new double[] {1 / 6.0, 0, 1 / 6.0}, grad(Tensor::hardSigmoid, x), 1e-15, "hard sigmoid");
        assertArrayEquals(new double[] {0, 0, 0}, grad(t -> t.clamp(-0.5, 0.5), x), 0, "clamp");
    }

    @Test
    void maximumAndMinimumGiveNaNAndPassTheGradientToBothSidesAtNaN() {
        Tensor a = Tensor.of(NAN, 1.0, 3.0, 2.0);
        Tensor b = Tensor.of(1.0, NAN, 2.0, 2.0);
        for (boolean max : new boolean[] {true, false}) {
            Tensor ga = a.detach().requiresGrad(true);
            Tensor gb = b.detach().requiresGrad(true);
            Tensor out = max ? ga.maximum(gb) : ga.minimum(gb);
            double[] v = out.toDoubleArray();
            assertTrue(Double.isNaN(v[0]) && Double.isNaN(v[1]), java.util.Arrays.toString(v));
            out.sum().backward();
            String name = max ? "maximum" : "minimum";
            // NaN on either side: both get it; a tie goes to a; otherwise the winner alone.
            assertArrayEquals(new double[] {1, 1, max ? 1 : 0, 1}, ga.grad().toDoubleArray(), 0, name + " a");
            assertArrayEquals(new double[] {1, 1, max ? 0 : 1, 0}, gb.grad().toDoubleArray(), 0, name + " b");
        }
    }

    /**
     * As {@code torch.amax} and TensorFlow's {@code reduce_max}: a slice whose result is NaN gets a NaN gradient
     * throughout.
     */
    @Test
    void maxAndMinReductionsGiveANaNSliceANaNGradient() {
        Tensor x = Tensor.of(1.0, NAN, 3.0, 4.0, 2.0, 5.0).reshape(2, 3);
        for (boolean max : new boolean[] {true, false}) {
            Tensor leaf = x.detach().requiresGrad(true);
            Tensor r = max ? leaf.max(new int[] {1}, false) : leaf.min(new int[] {1}, false);
            double[] v = r.toDoubleArray();
            assertTrue(Double.isNaN(v[0]) && !Double.isNaN(v[1]), java.util.Arrays.toString(v));
            r.sum().backward();
            double[] g = leaf.grad().toDoubleArray();
            String name = (max ? "max" : "min") + " gradient " + java.util.Arrays.toString(g);
            assertTrue(Double.isNaN(g[0]) && Double.isNaN(g[1]) && Double.isNaN(g[2]), name);
            assertArrayEquals(
                    max ? new double[] {0, 0, 1} : new double[] {0, 1, 0},
                    java.util.Arrays.copyOfRange(g, 3, 6),
                    0,
                    name);
        }
    }

    /**
     * One window holding a larger value and one or two NaNs: the gradient goes to the last NaN, as PyTorch's kernel
     * sends it.
     */
    @Test
    void maxPoolingGivesNaNAndItsGradientReachesTheLastNaN() {
        double[][] images = {{1.0, NAN, 7.0, 2.0}, {NAN, 1.0, NAN, 7.0}};
        double[][] grads = {{0, 1, 0, 0}, {0, 0, 1, 0}};
        double[][] wideGrads = {{0, 2, 0, 0, 0, 0}, {0, 0, 0, 1, 1, 0}};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int k = 0; k < images.length; k++) {
                Tensor x = Tensor.of(images[k]).reshape(1, 2, 2, 1).to(dt).requiresGrad(true);
                Tensor y = Pooling.maxPool2d(x, 2);
                assertTrue(Double.isNaN(y.item()), dt + " pooled " + y.item());
                y.sum().backward();
                assertArrayEquals(
                        grads[k],
                        x.grad().toDoubleArray(),
                        0,
                        dt + " gradient of " + java.util.Arrays.toString(images[k]));
                // Beside a column of -50, with stride 1: two overlapping windows, the accumulating path.
                Tensor wide = Tensor.of(images[k][0], images[k][1], -50.0, images[k][2], images[k][3], -50.0)
                        .reshape(1, 2, 3, 1)
                        .to(dt)
                        .requiresGrad(true);
                Pooling.maxPool2d(wide, new dev.synapse.backend.Pool2dSpec(2, 2, 1, 1, 0, 0, 0, 0, false))
                        .sum()
                        .backward();
                assertArrayEquals(
                        wideGrads[k],
                        wide.grad().toDoubleArray(),
                        0,
                        dt + " overlapping windows of " + java.util.Arrays.toString(images[k]));
            }
        }
    }

    @Test
    void softmaxOfARowWithNaNIsNaN() {
        Tensor s = Tensor.of(1.0, NAN, 3.0).reshape(1, 3).softmax(-1);
        for (double v : s.toDoubleArray()) {
            assertTrue(Double.isNaN(v), "softmax " + java.util.Arrays.toString(s.toDoubleArray()));
        }
        assertEquals(3, s.size());
    }
}
