package dev.synapse.backend.emulated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.backend.Backends;
import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.cpu.CpuStorage;
import dev.synapse.ops.Convolutions;
import dev.synapse.ops.Pooling;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmulatedBackendTest {
    // The tests name every device they use; "the CPU" must stay the CPU when the default device is another.
    private Device.Scope onCpu;

    @BeforeEach
    void cpuByDefault() {
        onCpu = Device.CPU.use();
    }

    @AfterEach
    void restoreDefault() {
        onCpu.close();
    }

    private static final Device EMU = Device.of("emulated");
    private static final Device EMU1 = Device.of("emulated:1");

    private static EmulatedBackend emulated() {
        return (EmulatedBackend) Backends.get(EMU);
    }

    /** The same CPU kernels run on host copies, so every result must match the CPU's bit for bit. */
    private static void sameOnBothDevices(String what, Function<Tensor[], Tensor> f, Tensor... cpuInputs) {
        Tensor[] emuInputs = new Tensor[cpuInputs.length];
        for (int i = 0; i < cpuInputs.length; i++) {
            emuInputs[i] = cpuInputs[i].to(EMU);
        }
        Tensor onCpu = f.apply(cpuInputs);
        Tensor onEmu = f.apply(emuInputs);
        assertEquals(EMU, onEmu.device(), what);
        assertArrayEquals(onCpu.dims(), onEmu.dims(), what);
        assertArrayEquals(
                onCpu.to(dev.synapse.tensor.DType.FLOAT64).toDoubleArray(),
                onEmu.to(Device.CPU).to(dev.synapse.tensor.DType.FLOAT64).toDoubleArray(),
                0,
                what);
    }

    @Test
    void opsOnTheEmulatedDeviceGiveTheCpuResults() {
        Generator g = new Generator(7);
        Tensor a = Tensor.normal(0, 1, g, 3, 4);
        Tensor b = Tensor.normal(0, 1, g, 4, 5);
        Tensor row = Tensor.normal(0, 1, g, 4);
        sameOnBothDevices("broadcast add", t -> t[0].add(t[1]), a, row);
        sameOnBothDevices(
                "matmul of a transposed view", t -> t[1].transpose(0, 1).matmul(t[0].transpose(0, 1)), a, b);
        sameOnBothDevices("sum over an axis", t -> t[0].sum(1), a);
        sameOnBothDevices("softmax", t -> t[0].softmax(1), a);
        sameOnBothDevices("argmax", t -> t[0].argmax(1), a);
        sameOnBothDevices("relu of exp", t -> t[0].exp().relu(), a);
        Tensor image = Tensor.normal(0, 1, g, 2, 6, 6, 3);
        Tensor kernel = Tensor.normal(0, 1, g, 3, 3, 3, 4);
        sameOnBothDevices(
                "conv2d then max pool", t -> Pooling.maxPool2d(Convolutions.conv2d(t[0], t[1]), 2), image, kernel);
    }

    @Test
    void gradientsOnTheEmulatedDeviceGiveTheCpuGradients() {
        Generator g = new Generator(3);
        Tensor w = Tensor.normal(0, 1, g, 4, 2);
        Tensor x = Tensor.normal(0, 1, g, 5, 4);
        Tensor wCpu = w.copy().requiresGrad(true);
        x.matmul(wCpu).relu().sum().backward();
        Tensor wEmu = w.to(EMU).requiresGrad(true);
        x.to(EMU).matmul(wEmu).relu().sum().backward();
        assertEquals(EMU, wEmu.grad().device());
        assertArrayEquals(wCpu.grad().toFloatArray(), wEmu.grad().toFloatArray());
    }

    @Test
    void inPlaceUpdatesWriteTheDeviceStorage() {
        Tensor t = Tensor.of(1f, 2f, 3f).to(EMU);
        t.addInPlace(Tensor.of(10f, 20f, 30f).to(EMU));
        assertArrayEquals(new float[] {11f, 22f, 33f}, t.toFloatArray());
        Tensor view = t.reshape(3, 1).transpose(0, 1);
        view.addInPlace(Tensor.of(1f, 1f, 1f).reshape(1, 3).to(EMU));
        assertArrayEquals(new float[] {12f, 23f, 34f}, t.toFloatArray());
    }

    @Test
    void emulatedTensorsAreNotJavaArraysAndMoveBetweenDevices() {
        Tensor t = Tensor.of(1.5, -2.5).to(EMU);
        assertFalse(t.storage() instanceof CpuStorage);
        Tensor other = t.to(EMU1);
        assertEquals(EMU1, other.device());
        assertNotSame(Backends.get(EMU), Backends.get(EMU1));
        assertArrayEquals(new double[] {1.5, -2.5}, other.toDoubleArray());
        assertArrayEquals(
                new boolean[] {true, false, true},
                Tensor.of(true, false, true).to(EMU).toBooleanArray());
        assertArrayEquals(new long[] {5, -7}, Tensor.of(5L, -7L).to(EMU).toLongArray());
    }

    @Test
    void aKernelGivenATensorOfAnotherDeviceFailsNamingBothDevices() {
        Tensor onCpu = Tensor.of(1f, 2f);
        Tensor onEmu = Tensor.of(1f, 2f).to(EMU);
        Tensor out = Tensor.zeros(2).to(EMU);
        var e = assertThrows(IllegalArgumentException.class, () -> emulated().binary(BinaryOp.ADD, onCpu, onEmu, out));
        assertTrue(e.getMessage().contains("cpu") && e.getMessage().contains("emulated:0"), e.getMessage());
        var reverse = assertThrows(
                IllegalArgumentException.class,
                () -> Backends.get(Device.CPU).binary(BinaryOp.ADD, onCpu, onEmu, Tensor.zeros(2)));
        assertTrue(
                reverse.getMessage().contains("CPU kernel")
                        && reverse.getMessage().contains("emulated:0"),
                reverse.getMessage());
        var mixed = assertThrows(IllegalArgumentException.class, () -> onCpu.add(onEmu));
        assertTrue(mixed.getMessage().contains("cpu") && mixed.getMessage().contains("emulated:0"), mixed.getMessage());
        var other = assertThrows(IllegalArgumentException.class, () -> onEmu.add(onEmu.to(EMU1)));
        assertTrue(other.getMessage().contains("emulated:1"), other.getMessage());
    }

    @Test
    void transfersHostReadsAndKernelsAreCounted() {
        Tensor host = Tensor.of(1f, 2f, 3f, 4f);
        DeviceCounters before = emulated().counters();
        Tensor x = host.to(EMU);
        Tensor y = x.mul(x).sum();
        DeviceCounters computed = emulated().counters().since(before);
        assertEquals(1, computed.hostToDevice());
        assertEquals(16, computed.bytesToDevice());
        assertEquals(0, computed.hostSyncs(), "computing on the device reads nothing back");
        assertTrue(computed.kernels() >= 2, "mul and sum: " + computed);
        assertEquals(30.0, y.item());
        DeviceCounters read = emulated().counters().since(before);
        assertEquals(1, read.hostSyncs());
        assertEquals(1, read.deviceToHost());
        assertEquals(8, read.bytesToHost(), "item() reads the value converted to float64 on the device");
    }

    @Test
    void memoryIsCountedAndReusedBySizeClass() {
        EmulatedBackend emu = (EmulatedBackend) Backends.get(Device.of("emulated:2"));
        long before = emu.memoryStats().allocatedBytes();
        Tensor t = Tensor.zeros(1000).to(Device.of("emulated:2"));
        assertEquals(before + 4096, emu.memoryStats().allocatedBytes(), "4,000 bytes round up to the 4 KiB class");
        assertTrue(emu.memoryStats().peakBytes() >= before + 4096);
        assertArrayEquals(new float[1000], t.toFloatArray());
    }

    @Test
    void inErrorModeAHostReadThrowsAtTheLineThatReads() {
        EmulatedBackend emu = (EmulatedBackend) Backends.get(Device.of("emulated:3"));
        Tensor x = Tensor.of(1f, 2f).to(Device.of("emulated:3"));
        emu.setSyncDebugMode(EmulatedBackend.SyncDebugMode.ERROR);
        try {
            Tensor y = x.mul(x).sum();
            var e = assertThrows(HostSyncException.class, y::item);
            assertTrue(e.getMessage().contains("emulated:3"), e.getMessage());
            assertEquals(0, emu.counters().hostSyncs(), "a refused read is not counted");
        } finally {
            emu.setSyncDebugMode(EmulatedBackend.SyncDebugMode.OFF);
        }
        assertEquals(5.0, x.mul(x).sum().item());
    }

    @Test
    void aContiguousFillBeyondOneHostPieceWritesEveryElementInPieces() {
        EmulatedBackend emu = emulated();
        emu.hostPiece(4);
        try {
            for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT16, DType.INT64, DType.BOOL}) {
                Tensor cpu = Tensor.zeros(dtype, 23);
                Tensor dev = cpu.to(EMU);
                // 18 contiguous elements from offset 3: pieces of 4, 4, 4, 4 and 2; the ends stay untouched.
                cpu.slice(0, 3, 21, 1).fill(0.1);
                dev.slice(0, 3, 21, 1).fill(0.1);
                // A strided view takes the kernel path.
                cpu.slice(0, 0, 23, 7).fill(-2);
                dev.slice(0, 0, 23, 7).fill(-2);
                assertArrayEquals(
                        cpu.to(DType.FLOAT64).toDoubleArray(),
                        dev.to(Device.CPU).to(DType.FLOAT64).toDoubleArray(),
                        0,
                        dtype.toString());
            }
        } finally {
            emu.hostPiece(1L << 26);
        }
        assertThrows(IllegalArgumentException.class, () -> emu.hostPiece(0));
    }

    @Test
    void aKernelWhoseOperandsReachBeyondAJavaArrayFailsNamingIt() {
        Tensor small = Tensor.zeros(2).to(EMU);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> EmulatedBackend.hostLength("matmul", small.storage(), 1L << 32));
        assertTrue(
                e.getMessage().contains("matmul on emulated:0")
                        && e.getMessage().contains("4294967296"),
                e.getMessage());
        assertEquals(5, EmulatedBackend.hostLength("matmul", small.storage(), 5));
    }
}
