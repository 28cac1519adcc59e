package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.Synapse;
import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.Input;
import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerHarness;
import dev.synapse.nn.Names;
import dev.synapse.nn.regularizers.Regularizers;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CoreLayersTest {
    private static final Generator GEN = new Generator(11);

    static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1, GEN, shape).to(DType.FLOAT64);
    }

    @BeforeEach
    void reset() {
        Names.clearSession();
        Synapse.setSeed(3);
    }

    static List<LayerHarness.Case> harnessCases() {
        List<LayerHarness.Case> cases = new ArrayList<>(List.of(
                LayerHarness.of(() -> Dense.builder(4).activation("tanh").build(), 3, 5),
                LayerHarness.of(() -> new Dense(3, Activation.TANH), 2, 4),
                LayerHarness.of(
                        () -> Dense.builder(2)
                                .useBias(false)
                                .kernelRegularizer(Regularizers.l2(0.1))
                                .inputDim(4)
                                .build(),
                        2,
                        3,
                        4),
                LayerHarness.of(() -> new Dense(3).withActivityRegularizer(Regularizers.l1(0.01)), 2, 4),
                LayerHarness.of(CoreLayersTest::frozenDense, 2, 4),
                LayerHarness.of(ReLU::new, 3, 4),
                LayerHarness.of(() -> new ReLU(6, 0.1, 0.5), 3, 4),
                LayerHarness.of(() -> new LeakyReLU(0.1), 3, 4),
                LayerHarness.of(Softmax::new, 2, 3),
                LayerHarness.of(() -> new Softmax(1), 2, 3, 4),
                LayerHarness.of(() -> new Softmax(0), 3, 2),
                LayerHarness.of(
                        () -> Dense.builder(2)
                                .activation("softmax")
                                .biasRegularizer(Regularizers.l1(0.1))
                                .build(),
                        2,
                        3,
                        4),
                LayerHarness.of(() -> new Reshape(-1), 2, 3, 4),
                LayerHarness.of(() -> new Permute(3, 1, 2), 2, 3, 4, 2),
                LayerHarness.of(Flatten::new, 2, 3, 4),
                LayerHarness.of(() -> new Reshape(2, -1), 2, 3, 4),
                LayerHarness.of(() -> new Permute(2, 1), 2, 3, 4),
                LayerHarness.of(() -> new RepeatVector(3), 2, 3),
                LayerHarness.of(() -> new Rescaling(1 / 255.0), 2, 3),
                LayerHarness.of(() -> new Rescaling(2.0, -1.0), 2, 3, 4),
                LayerHarness.of(
                        () -> new Rescaling(
                                Tensor.of(0.5, 2.0, 4.0).reshape(3, 1, 1),
                                Tensor.of(1.0, 0.0, -1.0).reshape(3, 1, 1)),
                        2,
                        3,
                        2,
                        2),
                LayerHarness.of(() -> new Lambda("harness_square", Tensor::square), 2, 3)));
        for (String name : List.of(
                "linear",
                "relu",
                "tanh",
                "sigmoid",
                "softmax",
                "log_softmax",
                "leaky_relu",
                "elu",
                "selu",
                "gelu",
                "swish",
                "softplus",
                "softsign",
                "hard_sigmoid",
                "exponential")) {
            cases.add(LayerHarness.of(() -> new Activation(name), 2, 3));
        }
        return cases;
    }

    private static Layer frozenDense() {
        Dense d = new Dense(2);
        d.setTrainable(false);
        return d;
    }

    @ParameterizedTest
    @MethodSource("harnessCases")
    void passesTheLayerHarness(LayerHarness.Case c) {
        c.check();
    }

    @Test
    void denseShapes() {
        Dense d = new Dense(5);
        assertArrayEquals(new int[] {-1, 7, 5}, d.apply(Input.of(7, 3)).shape());
    }

    @Test
    void activationsByName() {
        Tensor x = Tensor.of(-2.0, 0.0, 3.0);
        assertArrayEquals(
                new double[] {0, 0, 3}, new Activation("relu").apply(x).toDoubleArray(), 1e-12);
        assertArrayEquals(
                new double[] {-2, 0, 3}, new Activation("linear").apply(x).toDoubleArray(), 1e-12);
        assertArrayEquals(
                new double[] {-0.4, 0, 3}, new Activation("leaky_relu").apply(x).toDoubleArray(), 1e-12);
        assertEquals(Math.tanh(3), new Activation("tanh").apply(x).toDoubleArray()[2], 1e-12);
        assertEquals(1 / (1 + Math.exp(2)), new Activation("sigmoid").apply(x).toDoubleArray()[0], 1e-12);
        assertEquals(
                Math.exp(-1) - 1, new Activation("elu").apply(Tensor.of(-1.0)).item(), 1e-12);
        assertEquals(3 / (1 + Math.exp(-3)), new Activation("swish").apply(x).toDoubleArray()[2], 1e-12);
        assertEquals(
                Math.log1p(Math.exp(3)), new Activation("softplus").apply(x).toDoubleArray()[2], 1e-12);
        assertEquals(1.0507009873554805 * 3, new Activation("selu").apply(x).toDoubleArray()[2], 1e-9);
        assertEquals(
                0.8413447460685429, new Activation("gelu").apply(Tensor.of(1.0)).item(), 1e-6);
        double[] sm = new Activation("softmax").apply(x).toDoubleArray();
        assertEquals(1.0, sm[0] + sm[1] + sm[2], 1e-12);
        assertSame(ActivationFunction.SWISH, ActivationFunction.of("silu"));
        assertThrows(IllegalArgumentException.class, () -> ActivationFunction.of("nope"));
    }

    @Test
    void reluVariantsAndSoftmaxLayer() {
        Tensor x = Tensor.of(-2.0, 0.5, 3.0, 8.0);
        assertArrayEquals(new double[] {0, 0.5, 3, 8}, new ReLU().apply(x).toDoubleArray(), 1e-12);
        assertArrayEquals(
                new double[] {-0.2, 0.5, 3, 6}, new ReLU(6, 0.1, 0).apply(x).toDoubleArray(), 1e-12);
        assertArrayEquals(
                new double[] {-0.6, 0.5, 3, 8}, new LeakyReLU().apply(x).toDoubleArray(), 1e-12);
        Tensor p = new Softmax(0).apply(Tensor.fromArray(new double[][] {{0, 1}, {0, 1}}));
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, p.toDoubleArray(), 1e-12);
    }

    @Test
    void flattenReshapePermuteRepeat() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        assertArrayEquals(new int[] {2, 12}, new Flatten().apply(x).dims());
        assertArrayEquals(
                new int[] {-1, 12}, new Flatten().apply(Input.of(3, 4)).shape());
        assertArrayEquals(
                new int[] {-1, 4, 3}, new Reshape(4, -1).apply(Input.of(3, 4)).shape());
        assertArrayEquals(new int[] {2, 4, 3}, new Reshape(4, 3).apply(x).dims());
        Tensor p = new Permute(2, 1).apply(x);
        assertArrayEquals(new int[] {2, 4, 3}, p.dims());
        assertEquals(x.getDouble(1, 2, 3), p.getDouble(1, 3, 2));
        assertArrayEquals(
                new int[] {-1, 4, 3}, new Permute(2, 1).apply(Input.of(3, 4)).shape());
        Tensor r = new RepeatVector(3).apply(Tensor.fromArray(new float[][] {{1, 2}}));
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, r.toFloatArray());
        assertArrayEquals(
                new int[] {-1, 3, 2}, new RepeatVector(3).apply(Input.of(2)).shape());
    }

    @Test
    void lambdaInfersItsOutputShape() {
        Lambda l = new Lambda(t -> t.sum(new int[] {-1}, true).mul(2.0));
        assertArrayEquals(new int[] {-1, 5, 1}, l.apply(Input.of(5, 3)).shape());
        assertArrayEquals(
                new double[] {6},
                l.apply(Tensor.fromArray(new double[][] {{1, 1, 1}})).toDoubleArray());
    }
}
