package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.backend.Backends;
import dev.synapse.backend.emulated.DeviceCounters;
import dev.synapse.backend.emulated.EmulatedBackend;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Moves between devices in pieces, with pieces made small so that a few elements take the path of 2^31. */
class DeviceTransferTest {
    private static final Device EMU = Device.of("emulated");
    private static final Device EMU1 = Device.of("emulated:1");

    private Device.Scope onCpu;

    @BeforeEach
    void cpuByDefault() {
        onCpu = Device.CPU.use();
    }

    @AfterEach
    void restoreDefault() {
        onCpu.close();
    }

    private static float[] values(Tensor t) {
        return t.to(Device.CPU).toFloatArray();
    }

    @Test
    void aTensorLargerThanOnePieceArrivesWhole() {
        Tensor x = Tensor.arange(0, 30, 1).reshape(2, 3, 5);
        float[] expected = x.toFloatArray();
        for (long piece : new long[] {1, 2, 4, 5, 7, 15, 16, 29, 30}) {
            Tensor e = DeviceTransfer.copy(x, EMU, piece);
            assertEquals(EMU, e.device());
            assertArrayEquals(x.dims(), e.dims());
            assertArrayEquals(expected, values(e), "piece " + piece);
            // Device to device, and back to the CPU, in the same pieces.
            Tensor e1 = DeviceTransfer.copy(e, EMU1, piece);
            assertEquals(EMU1, e1.device());
            assertArrayEquals(
                    expected, DeviceTransfer.copy(e1, Device.CPU, piece).toFloatArray(), "piece " + piece);
        }
    }

    @Test
    void stridedSourcesMoveInRowMajorOrder() {
        Tensor x = Tensor.arange(0, 30, 1).reshape(2, 3, 5);
        Tensor strided = x.transpose(0, 2).flip(1).slice(0, 1, 5, 2);
        Tensor moved = DeviceTransfer.copy(strided, EMU, 3);
        assertArrayEquals(strided.dims(), moved.dims());
        assertArrayEquals(strided.contiguous().toFloatArray(), values(moved));
        Tensor half = x.to(DType.FLOAT16).flip(2);
        assertArrayEquals(
                half.to(DType.FLOAT32).toFloatArray(),
                DeviceTransfer.copy(half, EMU, 4)
                        .to(DType.FLOAT32)
                        .to(Device.CPU)
                        .toFloatArray());
    }

    @Test
    void eachPieceIsOneTransfer() {
        EmulatedBackend emu = (EmulatedBackend) Backends.get(EMU);
        Tensor x = Tensor.arange(0, 30, 1).reshape(2, 3, 5);
        // Rows of 15 exceed a piece of 5: each of the 2 rows goes as its 3 rows of 5, so 6 transfers.
        DeviceCounters before = emu.counters();
        DeviceTransfer.copy(x, EMU, 5);
        assertEquals(6, emu.counters().since(before).hostToDevice());
        // A piece of 4 splits each row of 5 into 4 + 1: 12 transfers.
        before = emu.counters();
        DeviceTransfer.copy(x, EMU, 4);
        assertEquals(12, emu.counters().since(before).hostToDevice());
        // Two rows of 15 fit a piece of 16 one at a time; the whole tensor one of 30.
        before = emu.counters();
        DeviceTransfer.copy(x, EMU, 16);
        assertEquals(2, emu.counters().since(before).hostToDevice());
        before = emu.counters();
        DeviceTransfer.copy(x, EMU, 30);
        assertEquals(1, emu.counters().since(before).hostToDevice());
    }
}
