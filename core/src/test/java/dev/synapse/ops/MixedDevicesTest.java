package dev.synapse.ops;

import static dev.synapse.MixedDevices.OTHER;
import static dev.synapse.MixedDevices.assertNamesOpAndDevices;
import static dev.synapse.MixedDevices.onCpu;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** An op given tensors of two devices fails naming the op and both devices. */
class MixedDevicesTest {
    @Test
    void binaryOpsAndMatmul() {
        Tensor a = onCpu(Tensor.ones(2, 2));
        Tensor b = Tensor.ones(2, 2).to(OTHER);
        assertNamesOpAndDevices("add", () -> a.add(b));
        assertNamesOpAndDevices("matmul", () -> a.matmul(b));
    }

    @Test
    void rulesAndEdgeCasesMakeTheirTensorsOnTheInputsDevice() {
        Tensor x = Tensor.of(2f, 0f, 3f).to(OTHER).requiresGrad(true);
        x.prod().backward();
        Tensor g = java.util.Objects.requireNonNull(x.grad());
        assertTrue(g.device().equals(OTHER), g.device().toString());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0, 6, 0}, g.toFloatArray());
        Tensor scalar = Tensor.scalar(4).to(OTHER);
        assertTrue(scalar.argmax(0, false).device().equals(OTHER));
    }
}
