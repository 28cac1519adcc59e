package dev.synapse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.backend.Backends;
import dev.synapse.backend.emulated.EmulatedBackend;
import dev.synapse.ops.AsyncAsserts;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics updated on a device read nothing back until their result, and give the CPU's results. */
class DeviceMetricsTest {
    private static final Device EMU = Device.of("emulated:1");

    private static final float[][] SCORES = {{0.5f, 0.2f, 0.3f}, {0.1f, 0.5f, 0.4f}, {0.3f, 0.3f, 0.4f}};
    private static final float[][] ONE_HOT = {{1, 0, 0}, {0, 0, 1}, {0, 0, 1}};
    private static final float[] BINARY_SCORES = {0.9f, 0.2f, 0.6f, 0.4f, 0.5f};
    private static final float[] BINARY_LABELS = {1, 0, 0, 1, 1};

    private static double run(String name, Device device) {
        Metric m = Metrics.get(name);
        EmulatedBackend emu = (EmulatedBackend) Backends.get(EMU);
        boolean binary = List.of("binary_accuracy", "precision", "recall", "auc", "mse", "mae")
                .contains(name);
        for (int batch = 0; batch < 2; batch++) {
            Tensor yTrue;
            Tensor yPred;
            if (binary) {
                yTrue = Tensor.of(BINARY_LABELS).to(device);
                yPred = Tensor.of(BINARY_SCORES).to(device);
            } else {
                yPred = Tensor.fromArray(SCORES).to(device);
                yTrue = name.equals("categorical_accuracy")
                        ? Tensor.fromArray(ONE_HOT).to(device)
                        : Tensor.of(0L, 2L, 2L).to(device);
            }
            long before = emu.counters().hostSyncs();
            try (var _ = AsyncAsserts.defer()) {
                m.update(yTrue, yPred);
            }
            assertEquals(before, emu.counters().hostSyncs(), name + ": update read from the device");
        }
        return m.result();
    }

    @Test
    void everyBuiltInMetricGivesTheCpusResultOnADevice() {
        for (String name : List.of(
                "accuracy",
                "categorical_accuracy",
                "sparse_categorical_accuracy",
                "binary_accuracy",
                "precision",
                "recall",
                "auc",
                "mse",
                "mae",
                "top_k_categorical_accuracy")) {
            assertEquals(run(name, Device.CPU), run(name, EMU), name);
        }
        // Hand-derived anchors: rows 0 and 2 of the sparse case are right, row 1 picks class 1 for label 2.
        assertEquals(2.0 / 3, run("sparse_categorical_accuracy", EMU), 1e-15);
        // Above 0.5: 0.9 (label 1, a true positive) and 0.6 (label 0, a false positive); 0.5 itself is not above.
        assertEquals(0.5, run("precision", EMU));
        assertEquals(1.0 / 3, run("recall", EMU), 1e-15);
    }
}
