package dev.synapse.train.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Dense;
import dev.synapse.optim.Adam;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code fit(..., device)}: the model and its optimizer move there, batches each step. */
class FitDeviceTest {
    private static final Device OTHER = Device.of("emulated:1");

    private static Sequential model() {
        Sequential m = new Sequential(new Dense(4, "tanh").withInputShape(3), new Dense(2));
        try (var _ = Device.CPU.use()) {
            m.buildFor(-1, 3);
        }
        return m;
    }

    @Test
    void fitOnAnotherDeviceTrainsAsOnTheCpuAndLeavesTheModelThere() {
        Tensor x;
        Tensor y;
        try (var _ = Device.CPU.use()) {
            x = Tensor.of(0.5f, -1f, 2f, 1.5f, 0f, -0.25f, 1f, 1f, -2f, 0.25f, 0.5f, 0.75f)
                    .reshape(4, 3);
            y = Tensor.of(1f, -1f, 0.5f, 2f, 0f, 1f, -0.5f, 0.25f).reshape(4, 2);
        }
        Sequential onCpu = model();
        Sequential moved = model();
        moved.setWeights(onCpu.getWeights());
        Adam a = new Adam(0.05);
        Adam b = new Adam(0.05);
        onCpu.compile(a, "mse");
        moved.compile(b, "mse");
        FitOptions opts = Fit.batchSize(2).epochs(3).shuffle(false).verbose(0);

        onCpu.fit(x, y, opts.device(Device.CPU));
        moved.fit(x, y, Fit.batchSize(2).epochs(3).shuffle(false).verbose(0).device("emulated:1"));

        assertEquals(OTHER, moved.device());
        List<Tensor> want = onCpu.variables();
        List<Tensor> got = moved.variables();
        for (int i = 0; i < want.size(); i++) {
            assertEquals(OTHER, got.get(i).device());
            // The device may compose Adam from tensor ops where the CPU fuses it: a few float32 roundings apart,
            // while fresh slots after the move would be a learning rate (0.05) off.
            assertArrayEquals(want.get(i).toFloatArray(), got.get(i).toFloatArray(), 2e-5f, "variable " + i);
        }
        for (Tensor s : b.state(moved.trainableVariables()).values()) {
            assertEquals(OTHER, s.device());
        }
        // Evaluate and predict follow the model: host data is moved there batch by batch.
        Map<String, Double> eval = moved.evaluate(x, y);
        assertEquals(onCpu.evaluate(x, y).get("loss"), eval.get("loss"), 1e-4);
        Tensor p = moved.predict(x, 2);
        assertEquals(OTHER, p.device());
        assertTrue(Double.isFinite(eval.get("loss")));
    }

    @Test
    void classWeightsAreMadeOnTheDeviceOfThePredictions() {
        Tensor x;
        Tensor y;
        try (var _ = Device.CPU.use()) {
            x = Tensor.ones(4, 3);
            y = Tensor.of(0L, 1L, 1L, 0L);
        }
        Sequential m = new Sequential(new Dense(2, "softmax").withInputShape(3));
        m.compile(new Adam(0.01), "sparse_categorical_crossentropy");
        var h = m.fit(x, y, Fit.batchSize(2).verbose(0).device("emulated:1").classWeight(Map.of(0, 2.0)));
        assertTrue(Double.isFinite(h.last("loss")));
        assertEquals(OTHER, m.device());
    }
}
