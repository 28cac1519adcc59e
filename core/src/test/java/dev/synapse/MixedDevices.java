package dev.synapse;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.function.Executable;

/** Operands on two devices for the device-mismatch tests of ops, losses and metrics, and their one assertion. */
public final class MixedDevices {
    private MixedDevices() {}

    /** The second device: distinct from the CPU whatever the default device of the test pass. */
    public static final Device OTHER = Device.of("emulated:1");

    /** {@code t} on the CPU. */
    public static Tensor onCpu(Tensor t) {
        return t.to(Device.CPU);
    }

    /** {@code call} throws an {@link IllegalArgumentException} that starts with {@code op} and names both devices. */
    public static void assertNamesOpAndDevices(String op, Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        String m = e.getMessage();
        assertTrue(m.startsWith(op + ":") && m.contains("cpu") && m.contains("emulated:1"), m);
    }
}
