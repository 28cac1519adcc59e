package dev.synapse.losses;

import static dev.synapse.MixedDevices.OTHER;
import static dev.synapse.MixedDevices.assertNamesOpAndDevices;
import static dev.synapse.MixedDevices.onCpu;

import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A loss given tensors of two devices fails naming the loss and both devices. */
class LossDevicesTest {
    @Test
    void losses() {
        Tensor yTrue = onCpu(Tensor.of(1f, 0f, 0f, 1f).reshape(2, 2));
        Tensor yPred = Tensor.of(0.8f, 0.2f, 0.3f, 0.7f).reshape(2, 2).to(OTHER);
        assertNamesOpAndDevices(
                "mean_squared_error", () -> Losses.meanSquaredError().call(yTrue, yPred));
        assertNamesOpAndDevices(
                "categorical_crossentropy",
                () -> Losses.categoricalCrossentropy().call(yTrue, yPred));
        Tensor weights = onCpu(Tensor.ones(2));
        Tensor yTrueThere = yTrue.to(OTHER);
        assertNamesOpAndDevices(
                "mean_squared_error (sample weights)",
                () -> Losses.meanSquaredError().call(yTrueThere, yPred, weights));
    }
}
