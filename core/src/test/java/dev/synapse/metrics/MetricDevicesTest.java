package dev.synapse.metrics;

import static dev.synapse.MixedDevices.OTHER;
import static dev.synapse.MixedDevices.assertNamesOpAndDevices;
import static dev.synapse.MixedDevices.onCpu;

import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A metric given tensors of two devices fails naming the metric and both devices. */
class MetricDevicesTest {
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
