package dev.synapse.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.backend.Backends;
import dev.synapse.backend.emulated.DeviceCounters;
import dev.synapse.backend.emulated.EmulatedBackend;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.nn.layers.GaussianNoise;
import dev.synapse.ops.NN;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Random draws on a device come from that device's generator, are made there, and repeat bit for bit. */
class DeviceRandomTest {
    private static final Device OTHER = Device.of("emulated:1");

    private static EmulatedBackend emu() {
        return (EmulatedBackend) Backends.get(OTHER);
    }

    /** Runs {@code draw} twice after the same seed: the same bits, and no host-to-device copy. */
    private static float[] repeatsWithoutCopies(Supplier<Tensor> draw) {
        Synapse.setSeed(11);
        DeviceCounters before = emu().counters();
        Tensor a = draw.get();
        DeviceCounters during = emu().counters().since(before);
        assertEquals(OTHER, a.device());
        assertEquals(0, during.hostToDevice(), "drawn on the device, nothing copied over");
        assertEquals(0, during.hostSyncs());
        Synapse.setSeed(11);
        float[] first = a.to(DType.FLOAT32).toFloatArray();
        assertArrayEquals(first, draw.get().to(DType.FLOAT32).toFloatArray());
        Synapse.setSeed(12);
        assertFalse(java.util.Arrays.equals(first, draw.get().to(DType.FLOAT32).toFloatArray()), "another seed");
        return first;
    }

    private static Tensor onOther(Supplier<Tensor> make) {
        try (var _ = OTHER.use()) {
            return make.get();
        }
    }

    @Test
    void factoriesDrawOnTheDeviceWithTheRightDistributions() {
        float[] n = repeatsWithoutCopies(() -> onOther(() -> Tensor.randn(20_000)));
        Tensor normal = Tensor.of(n);
        assertEquals(0, normal.mean().item(), 0.03);
        assertEquals(1, normal.std().item(), 0.03);

        float[] u = repeatsWithoutCopies(() -> onOther(() -> Tensor.uniform(2, 3, 20_000)));
        for (float v : u) {
            assertTrue(v >= 2 && v < 3, "uniform " + v);
        }
        assertEquals(2.5, Tensor.of(u).mean().item(), 0.01);

        float[] t = repeatsWithoutCopies(() -> onOther(() -> Tensor.truncatedNormal(1, 0.5, 20_000)));
        for (float v : t) {
            assertTrue(v >= 0 && v <= 2, "truncated " + v);
        }

        float[] b = repeatsWithoutCopies(() -> onOther(() -> Tensor.bernoulli(0.25, 20_000)));
        assertEquals(0.25, Tensor.of(b).mean().item(), 0.015);
    }

    @Test
    void dropoutAndNoiseDrawOnTheirInputsDevice() {
        Tensor x = Tensor.ones(64, 32).to(OTHER);
        float[] dropped = repeatsWithoutCopies(() -> NN.dropout(x, 0.5, true));
        int zeros = 0;
        for (float v : dropped) {
            assertTrue(v == 0 || v == 2, "kept values are scaled by 2: " + v);
            zeros += v == 0 ? 1 : 0;
        }
        assertEquals(0.5, zeros / (double) dropped.length, 0.05);
        repeatsWithoutCopies(() -> new Dropout(0.3).apply(x, true));
        repeatsWithoutCopies(() -> new GaussianNoise(0.1).apply(x, true));
    }

    @Test
    void initializersDrawOnTheDeviceTheWeightIsBuiltOn() {
        repeatsWithoutCopies(() -> {
            Dense d = new Dense(16);
            d.to(OTHER);
            d.buildFor(-1, 32);
            return d.weight("kernel").value();
        });
    }

    @Test
    void aDrawOnOneDeviceLeavesTheOthersStreamsAlone() {
        float[] cpuAlone;
        float[] cpuAfter;
        try (var _ = Device.CPU.use()) {
            Synapse.setSeed(5);
            cpuAlone = Tensor.randn(8).toFloatArray();
            Synapse.setSeed(5);
            onOther(() -> Tensor.randn(100));
            cpuAfter = Tensor.randn(8).toFloatArray();
        }
        assertArrayEquals(cpuAlone, cpuAfter);
    }

    @Test
    void theCpuKeepsItsGeneratorsOwnStream() {
        double[] want = new double[5];
        new Generator(3).fillNormal(want, 0, 1);
        Synapse.setSeed(3);
        float[] got = Tensor.normal(0, 1, Generator.global(), Device.CPU, 5).toFloatArray();
        for (int i = 0; i < want.length; i++) {
            assertEquals((float) want[i], got[i]);
        }
        assertEquals(
                Device.CPU,
                Tensor.bernoulli(0.5, new Generator(1), Device.CPU, 3).device());
    }
}
