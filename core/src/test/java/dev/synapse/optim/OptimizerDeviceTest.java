package dev.synapse.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Dense;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Optimizer state follows its weight across {@code Weight.set} and {@code model.to(device)}. */
class OptimizerDeviceTest {
    private static final Device OTHER = Device.of("emulated:1");
    private static final int STEPS = 3;

    private static Sequential model() {
        Sequential m = new Sequential(new Dense(4, "tanh"), new Dense(2));
        try (var _ = Device.CPU.use()) {
            m.buildFor(-1, 3);
        }
        return m;
    }

    private static void train(Sequential m, Optimizer opt, int steps) {
        Device d = m.device();
        Tensor x = Tensor.of(0.5f, -1f, 2f, 1.5f, 0f, -0.25f).reshape(2, 3).to(d);
        Tensor y = Tensor.of(1f, -1f, 0.5f, 2f).reshape(2, 2).to(d);
        for (int i = 0; i < steps; i++) {
            m.apply(x).sub(y).square().mean().backward();
            opt.step(m.trainableVariables());
            Optimizer.zeroGrad(m.trainableVariables());
        }
    }

    @Test
    void adamMovedWithItsModelContinuesAsIfItHadStayed() {
        Sequential stayed = model();
        Sequential moved = model();
        moved.setWeights(stayed.getWeights());
        Adam a = new Adam(0.05);
        Adam b = new Adam(0.05);

        train(stayed, a, 2 * STEPS);
        train(moved, b, STEPS);
        moved.to(OTHER);
        train(moved, b, STEPS);

        for (Tensor s : b.state(moved.trainableVariables()).values()) {
            assertEquals(OTHER, s.device(), "slots moved with their weights");
        }
        List<Tensor> want = stayed.variables();
        List<Tensor> got = moved.variables();
        for (int i = 0; i < want.size(); i++) {
            assertEquals(OTHER, got.get(i).device());
            // Fresh slots after the move (state keyed by tensor identity) would differ by far more than this.
            assertArrayEquals(want.get(i).toFloatArray(), got.get(i).toFloatArray(), 1e-6f, "variable " + i);
        }
    }

    @Test
    void stateSavedOnOneDeviceLoadsOntoWeightsOnAnother() {
        Sequential m = model();
        Adam adam = new Adam(0.05);
        train(m, adam, 1);
        Map<String, Tensor> saved = adam.state(m.trainableVariables());

        m.to(OTHER);
        Adam fresh = new Adam(0.05);
        fresh.loadState(m.trainableVariables(), saved);
        Map<String, Tensor> loaded = fresh.state(m.trainableVariables());
        assertEquals(saved.keySet(), loaded.keySet());
        for (String k : saved.keySet()) {
            assertEquals(OTHER, loaded.get(k).device(), k);
            assertArrayEquals(saved.get(k).toFloatArray(), loaded.get(k).toFloatArray(), k);
        }
    }

    @Test
    void aPlainTensorKeepsItsStateByIdentity() {
        Tensor p = Tensor.ones(2).requiresGrad(true);
        Tensor q = Tensor.ones(2).requiresGrad(true);
        SGD sgd = new SGD(new SGD.Options(0.1, 0.9, false));
        p.sum().backward();
        sgd.step(List.of(p));
        assertEquals(1, sgd.state(List.of(p)).size());
        assertEquals(0, sgd.state(List.of(q)).size(), "an equal tensor is another variable");
    }
}
