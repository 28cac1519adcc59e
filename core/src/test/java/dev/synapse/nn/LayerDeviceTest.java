package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Dense;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import dev.synapse.tensor.VariableId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code layer.to(device)} moves weights and buffers together, as PyTorch's {@code module.to}. */
class LayerDeviceTest {
    private static final Device OTHER = Device.of("emulated:1");

    private static Sequential model() {
        Sequential m = new Sequential(new Dense(3), new BatchNormalization(), new Dense(2));
        m.buildFor(-1, 4);
        m.sublayers().get(2).setTrainable(false);
        return m;
    }

    @Test
    void movesEveryWeightAndBufferKeepingValuesFlagsAndIds() {
        Sequential m = model();
        List<Weight> ws = m.weights();
        List<float[]> before = new ArrayList<>();
        List<Boolean> grads = new ArrayList<>();
        List<VariableId> ids = new ArrayList<>();
        for (Weight w : ws) {
            before.add(w.value().toFloatArray());
            grads.add(w.value().requiresGrad());
            ids.add(w.id());
        }
        assertTrue(ws.stream().anyMatch(w -> w.path().contains("moving_mean")), "the buffers are weights too");

        assertSame(m, m.to(OTHER));
        assertEquals(OTHER, m.device());
        for (int i = 0; i < ws.size(); i++) {
            Weight w = ws.get(i);
            assertEquals(OTHER, w.device(), w.path());
            assertArrayEquals(before.get(i), w.value().toFloatArray(), w.path());
            assertEquals(grads.get(i), w.value().requiresGrad(), w.path());
            assertSame(ids.get(i), w.id());
            assertSame(ids.get(i), w.value().variableId(), w.path());
        }
        for (Layer l : m.sublayers()) {
            assertEquals(OTHER, l.device(), l.name());
        }
        assertTrue(grads.contains(false) && grads.contains(true), "frozen and trainable weights both checked");
    }

    @Test
    void movingToTheDeviceTheWeightsAreOnCopiesNothing() {
        Sequential m = model();
        m.to(OTHER);
        List<Tensor> values = m.variables();
        m.to(OTHER);
        for (int i = 0; i < values.size(); i++) {
            assertSame(values.get(i), m.variables().get(i));
        }
        m.to(Device.CPU);
        assertNotSame(values.get(0), m.variables().get(0));
        assertEquals(Device.CPU, m.variables().get(0).device());
    }

    @Test
    void weightsBuiltAfterTheMoveStartOnItsDeviceAndLayersAddedLaterFollow() {
        Sequential m = new Sequential(new Dense(3));
        m.to(OTHER);
        m.add(new Dense(2));
        Tensor x;
        try (var _ = OTHER.use()) {
            x = Tensor.ones(5, 4);
        }
        Tensor y = m.apply(x);
        assertEquals(OTHER, y.device());
        for (Weight w : m.weights()) {
            assertEquals(OTHER, w.device(), w.path());
        }
    }

    @Test
    void gradientsMoveWithTheirWeights() {
        Dense d = new Dense(2);
        d.buildFor(-1, 3);
        d.apply(Tensor.ones(4, 3).to(d.device())).sum().backward();
        d.to(OTHER);
        Tensor g = d.weight("kernel").value().grad();
        assertNotNull(g);
        assertEquals(OTHER, g.device());
        assertArrayEquals(new float[] {4, 4, 4, 4, 4, 4}, g.toFloatArray());
    }

    @Test
    void aWeightHoldingAComputedValueIsRefusedAndNothingMoves() {
        Sequential m = model();
        Device home = m.device();
        Weight bias = m.sublayers().get(2).weight("bias");
        Tensor source = Tensor.ones(2).to(home).requiresGrad(true);
        bias.set(source.mul(2));
        Device target = home.equals(OTHER) ? Device.CPU : OTHER;
        var e = assertThrows(IllegalStateException.class, () -> m.to(target));
        assertTrue(e.getMessage().contains(bias.path()) && e.getMessage().contains("mul"), e.getMessage());
        for (Weight w : m.weights()) {
            assertEquals(home, w.device(), w.path());
        }
    }

    @Test
    void recurrentStatesAndAnEmptyRegularizationLossFollowTheDevice() {
        dev.synapse.nn.layers.SimpleRNN rnn = new dev.synapse.nn.layers.SimpleRNN(3);
        rnn.to(OTHER);
        Tensor x = Tensor.ones(2, 4, 5).to(OTHER);
        Tensor y = rnn.apply(x);
        assertEquals(OTHER, y.device());
        assertArrayEquals(new int[] {2, 3}, y.dims());
        assertEquals(OTHER, rnn.regularizationLoss().device());
        assertEquals(0.0, rnn.regularizationLoss().item());
    }
}
