package dev.synapse.losses;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A loss given tensors of two devices fails naming the loss and both devices. */
class LossDevicesTest {
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
