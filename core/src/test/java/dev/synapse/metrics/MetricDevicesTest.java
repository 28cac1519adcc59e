package dev.synapse.metrics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A metric given tensors of two devices fails naming the metric and both devices. */
class MetricDevicesTest {
    private static final Device OTHER = Device.of("emulated:1");

    private static Tensor onCpu(Tensor t) {
        return t.to(Device.CPU);
    }

    private static void assertNamesOpAndDevices(String op, Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        String m = e.getMessage();
        assertTrue(m.startsWith(op + ":") && m.contains("cpu") && m.contains("emulated:1"), m);
    }

    @Test
    void metrics() {
        Tensor labels = onCpu(Tensor.of(0L, 1L));
        Tensor yPred = Tensor.of(0.8f, 0.2f, 0.3f, 0.7f).reshape(2, 2).to(OTHER);
        Metric accuracy = new Accuracy();
        assertNamesOpAndDevices(accuracy.name(), () -> accuracy.update(labels, yPred));
        Metric mae = Metrics.get("mae");
        assertNamesOpAndDevices(mae.name(), () -> mae.update(onCpu(yPred), yPred));
    }
}
