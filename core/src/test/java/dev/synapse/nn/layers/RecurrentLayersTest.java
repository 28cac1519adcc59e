package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.Input;
import dev.synapse.nn.LayerHarness;
import dev.synapse.nn.Model;
import dev.synapse.nn.Names;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.Weight;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RecurrentLayersTest {
    @BeforeEach
    void reset() {
        Names.clearSession();
        Synapse.setSeed(21);
    }

    /**
     * Extra inputs are initial states (Keras's {@code initial_state}); with {@code returnState} the final states are
     * extra outputs.
     */
    static List<LayerHarness.Case> harnessCases() {
        return List.of(
                LayerHarness.of(() -> SimpleRNN.builder(2).returnSequences(true).build(), 2, 3, 2),
                LayerHarness.of(
                        () -> SimpleRNN.builder(3)
                                .activation("relu")
                                .returnSequences(true)
                                .build(),
                        2,
                        4,
                        2),
                LayerHarness.of(() -> new SimpleRNN(2), 2, 3, 2).and(2, 2),
                LayerHarness.of(() -> new LSTM(2), 2, 3, 2),
                LayerHarness.of(
                                () -> LSTM.builder(2)
                                        .returnState(true)
                                        .unitForgetBias(false)
                                        .goBackwards(true)
                                        .build(),
                                2,
                                3,
                                2)
                        .and(2, 2)
                        .and(2, 2),
                LayerHarness.of(
                        () -> LSTM.builder(2)
                                .returnSequences(true)
                                .returnState(true)
                                .build(),
                        2,
                        3,
                        1),
                LayerHarness.of(() -> GRU.builder(2).goBackwards(true).build(), 2, 3, 2),
                LayerHarness.of(
                                () -> GRU.builder(2)
                                        .resetAfter(false)
                                        .returnSequences(true)
                                        .build(),
                                2,
                                3,
                                2)
                        .and(2, 2),
                LayerHarness.of(() -> new Bidirectional(new SimpleRNN(2)), 2, 3, 2),
                LayerHarness.of(
                        () -> new Bidirectional(
                                LSTM.builder(2).returnSequences(true).build()),
                        2,
                        3,
                        2),
                LayerHarness.of(() -> new Bidirectional(new GRU(2), "sum"), 2, 3, 2),
                LayerHarness.of(() -> new Bidirectional(new GRU(2), "mul"), 2, 3, 2),
                LayerHarness.of(() -> new Bidirectional(new SimpleRNN(2), "ave"), 2, 3, 2),
                LayerHarness.of(
                        () -> new Bidirectional(
                                LSTM.builder(2).returnState(true).build()),
                        2,
                        3,
                        2),
                LayerHarness.of(
                                () -> GRU.builder(2)
                                        .returnState(true)
                                        .goBackwards(true)
                                        .build(),
                                2,
                                3,
                                2)
                        .and(2, 2),
                LayerHarness.of(
                        () -> SimpleRNN.builder(2)
                                .useBias(false)
                                .returnState(true)
                                .build(),
                        2,
                        3,
                        2),
                LayerHarness.of(() -> new TimeDistributed(new Dropout(0.4)), 2, 3, 4)
                        .training(),
                LayerHarness.of(() -> new TimeDistributed(new BatchNormalization()), 3, 2, 4)
                        .training(),
                LayerHarness.of(() -> new TimeDistributed(new Dense(2)), 2, 3, 2),
                LayerHarness.of(() -> new TimeDistributed(new Conv2D(2, 2)), 1, 2, 3, 3, 1));
    }

    @ParameterizedTest
    @MethodSource("harnessCases")
    void passesTheLayerHarness(LayerHarness.Case c) {
        c.check();
    }

    private static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static Tensor row(double... v) {
        return Tensor.fromArray(new double[][] {v});
    }

    @Test
    void simpleRnnTwoStepsByHand() {
        SimpleRNN rnn = SimpleRNN.builder(1).returnSequences(true).build();
        rnn.withDtype(DType.FLOAT64); // the hand-written weights are float64 numbers
        rnn.buildFor(-1, 2, 1);
        rnn.setWeights(row(0.5), row(-1.0), Tensor.of(0.1));
        Tensor y = rnn.apply(Tensor.fromArray(new double[][][] {{{1}, {2}}}));
        double h1 = Math.tanh(0.5 + 0.1);
        double h2 = Math.tanh(1.0 - h1 + 0.1);
        assertArrayEquals(new double[] {h1, h2}, y.toDoubleArray(), 1e-6);
        assertArrayEquals(
                new int[] {-1, 7, 1},
                SimpleRNN.builder(1)
                        .returnSequences(true)
                        .build()
                        .apply(Input.of(7, 3))
                        .shape());
    }

    @Test
    void lstmSingleStepMatchesKerasGateOrder() {
        LSTM lstm = LSTM.builder(1).returnState(true).build();
        lstm.withDtype(DType.FLOAT64);
        lstm.buildFor(-1, 1, 1);
        // Forget-gate bias starts at one.
        assertArrayEquals(new float[] {0, 1, 0, 0}, lstm.bias().value().toFloatArray());
        double[] w = {0.1, 0.2, 0.3, 0.4};
        double[] u = {-0.5, 0.6, -0.7, 0.8};
        double[] b = {0.01, 0.02, 0.03, 0.04};
        lstm.setWeights(row(w), row(u), Tensor.of(b));
        double x = 1.5;
        double h0 = 0.25;
        double c0 = -0.5;
        List<Tensor> outs = lstm.applyAll(List.of(Tensor.fromArray(new double[][][] {{{x}}}), row(h0), row(c0)), false);
        double i = sig(w[0] * x + u[0] * h0 + b[0]);
        double f = sig(w[1] * x + u[1] * h0 + b[1]);
        double g = Math.tanh(w[2] * x + u[2] * h0 + b[2]);
        double o = sig(w[3] * x + u[3] * h0 + b[3]);
        double c = f * c0 + i * g;
        double h = o * Math.tanh(c);
        assertEquals(3, outs.size());
        assertEquals(h, outs.get(0).item(), 1e-6);
        assertEquals(h, outs.get(1).item(), 1e-6);
        assertEquals(c, outs.get(2).item(), 1e-6);
    }

    @Test
    void gruSingleStepWithResetAfter() {
        GRU gru = new GRU(1);
        gru.withDtype(DType.FLOAT64);
        gru.buildFor(-1, 1, 1);
        assertArrayEquals(new int[] {2, 3}, gru.bias().shape());
        double[] w = {0.3, -0.2, 0.5};
        double[] u = {0.4, 0.1, -0.6};
        double[] bin = {0.05, -0.05, 0.1};
        double[] brec = {-0.02, 0.03, 0.2};
        gru.setWeights(row(w), row(u), Tensor.fromArray(new double[][] {bin, brec}));
        double x = 2.0;
        double h0 = 0.7;
        Tensor y = gru.applyAll(List.of(Tensor.fromArray(new double[][][] {{{x}}}), row(h0)), false)
                .get(0);
        double z = sig(w[0] * x + bin[0] + u[0] * h0 + brec[0]);
        double r = sig(w[1] * x + bin[1] + u[1] * h0 + brec[1]);
        double g = Math.tanh(w[2] * x + bin[2] + r * (u[2] * h0 + brec[2]));
        double h = z * h0 + (1 - z) * g;
        assertEquals(h, y.item(), 1e-6);

        GRU classic = GRU.builder(1).resetAfter(false).build();
        classic.withDtype(DType.FLOAT64);
        classic.buildFor(-1, 1, 1);
        classic.setWeights(row(w), row(u), Tensor.of(bin));
        double z2 = sig(w[0] * x + bin[0] + u[0] * h0);
        double r2 = sig(w[1] * x + bin[1] + u[1] * h0);
        double g2 = Math.tanh(w[2] * x + bin[2] + r2 * h0 * u[2]);
        Tensor y2 = classic.applyAll(List.of(Tensor.fromArray(new double[][][] {{{x}}}), row(h0)), false)
                .get(0);
        assertEquals(z2 * h0 + (1 - z2) * g2, y2.item(), 1e-6);
    }

    @Test
    void shapesAndParameters() {
        SymbolicTensor in = Input.of(10, 8);
        LSTM lstm = LSTM.builder(16).returnSequences(true).returnState(true).build();
        List<SymbolicTensor> outs = lstm.applyAll(in);
        assertArrayEquals(new int[] {-1, 10, 16}, outs.get(0).shape());
        assertArrayEquals(new int[] {-1, 16}, outs.get(2).shape());
        assertEquals(4 * (8 * 16 + 16 * 16 + 16), lstm.countParams());
        GRU gru = new GRU(4);
        gru.apply(Input.of(5, 3));
        assertEquals(3 * (3 * 4 + 4 * 4) + 2 * 3 * 4, gru.countParams());
    }

    @Test
    void bidirectionalRunsBothWays() {
        Bidirectional bi =
                new Bidirectional(LSTM.builder(3).returnSequences(true).build());
        assertArrayEquals(new int[] {-1, 5, 6}, bi.apply(Input.of(5, 2)).shape());
        assertEquals("forward_lstm", bi.forwardLayer().name());
        assertEquals("backward_lstm", bi.backwardLayer().name());
        assertEquals(2 * 4 * (2 * 3 + 3 * 3 + 3), bi.countParams());
        assertTrue(
                bi.namedWeights().containsKey("backward_lstm.recurrent_kernel"),
                bi.namedWeights().keySet().toString());
        // The backward half equals a backward layer run on its own, then put back in time order.
        Tensor x = Tensor.rand(2, 5, 2);
        Tensor y = bi.apply(x);
        Tensor back = bi.backwardLayer().apply(x);
        assertArrayEquals(
                dev.synapse.ops.ShapeOps.flip(back, 1).toFloatArray(),
                y.slice(2, 3, 6).contiguous().toFloatArray(),
                1e-6f);
        Bidirectional sum = new Bidirectional(new GRU(2), "sum");
        assertArrayEquals(new int[] {-1, 2}, sum.apply(Input.of(4, 3)).shape());
    }

    @Test
    void timeDistributedSharesWeightsOverSteps() {
        TimeDistributed td = new TimeDistributed(new Dense(3));
        SymbolicTensor in = Input.of(4, 5);
        assertArrayEquals(new int[] {-1, 4, 3}, td.apply(in).shape());
        assertEquals(18, td.countParams());
        Tensor x = Tensor.rand(2, 4, 5);
        Tensor y = td.apply(x);
        Tensor step2 = td.layer().apply(x.select(1, 2));
        assertArrayEquals(step2.toFloatArray(), y.select(1, 2).contiguous().toFloatArray(), 1e-6f);
        TimeDistributed conv = new TimeDistributed(new Conv2D(2, 3));
        assertArrayEquals(
                new int[] {-1, 6, 3, 3, 2}, conv.apply(Input.of(6, 5, 5, 1)).shape());
        var m = new Model(
                in,
                new TimeDistributed(new Dense(1))
                        .apply(LSTM.builder(4).returnSequences(true).build().apply(in)));
        assertArrayEquals(new int[] {2, 4, 1}, m.apply(x).dims());
        for (Weight w : m.weights()) {
            assertTrue(w.trainable());
        }
    }
}
