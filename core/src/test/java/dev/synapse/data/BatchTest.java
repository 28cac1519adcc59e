package dev.synapse.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.backend.Backends;
import dev.synapse.backend.emulated.DeviceCounters;
import dev.synapse.backend.emulated.EmulatedBackend;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {
    private static final Device EMU = Device.of("emulated");

    private static List<Sample> samples(Device device) {
        return List.of(
                new Sample(
                        Tensor.of(1f, 2f, 3f).to(device),
                        Tensor.of(7L).reshape().to(device)),
                new Sample(
                        Tensor.of(4f, 5f, 6f).to(device),
                        Tensor.of(8L).reshape().to(device)));
    }

    @Test
    void collateStacksAlongANewFirstAxisOnTheSamplesDevice() {
        for (Device device : List.of(Device.CPU, EMU)) {
            Batch b = Batch.collate(samples(device));
            assertEquals(device, b.x().device());
            assertArrayEquals(new int[] {2, 3}, b.x().dims());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, b.x().toFloatArray());
            assertArrayEquals(
                    new long[] {7, 8}, java.util.Objects.requireNonNull(b.y()).toLongArray());
        }
    }

    @Test
    void collatingOnADeviceReadsNothingBackToTheHost() {
        EmulatedBackend emu = (EmulatedBackend) Backends.get(EMU);
        List<Sample> onDevice = samples(EMU);
        DeviceCounters before = emu.counters();
        Batch.collate(onDevice);
        DeviceCounters during = emu.counters().since(before);
        assertEquals(0, during.hostSyncs());
        assertEquals(0, during.hostToDevice());
        assertEquals(4, during.kernels(), "one copy per sample, for x and for y");
    }

    @Test
    void samplesOnDifferentDevicesAreRefusedNamingBoth() {
        List<Sample> mixed = List.of(samples(Device.CPU).get(0), samples(EMU).get(1));
        var e = assertThrows(IllegalArgumentException.class, () -> Batch.collate(mixed));
        assertTrue(e.getMessage().contains("cpu") && e.getMessage().contains("emulated:0"), e.getMessage());
    }
}
