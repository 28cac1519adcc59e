package dev.synapse.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceTest {
    @Test
    void parsesTypeAndIndex() {
        assertEquals(Device.CPU, Device.of("cpu"));
        assertEquals(new Device("cuda", 1), Device.of("cuda:1"));
        assertEquals(new Device("emulated", 0), Device.of("emulated"));
        assertEquals("emulated:1", Device.of("emulated:1").toString());
        for (String bad : new String[] {"", ":1", "cuda:x", "cuda:-1"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Device.of(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void aScopeSetsTheDefaultDeviceOfFactoriesUntilItCloses() {
        Device outer = Device.getDefault();
        try (var _ = Device.of("emulated").use()) {
            assertEquals(Device.of("emulated"), Tensor.zeros(2).device());
            assertEquals(Device.of("emulated"), Tensor.of(1f, 2f).device());
            assertEquals(Device.of("emulated"), Tensor.randn(3).device());
            try (var _ = Device.of("emulated:1").use()) {
                assertEquals(Device.of("emulated:1"), Tensor.ones(1).device());
            }
            assertEquals(Device.of("emulated"), Tensor.full(3, 2).device());
        }
        assertEquals(outer, Device.getDefault());
        assertEquals(outer, Tensor.zeros(1).device());
    }

    @Test
    void anUnknownDeviceTypeNamesWhatTheClassPathProvides() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(2).to(Device.of("tpu")));
        assertTrue(e.getMessage().contains("tpu") && e.getMessage().contains("emulated"), e.getMessage());
    }
}
