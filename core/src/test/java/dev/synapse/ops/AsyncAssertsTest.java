package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.backend.Backends;
import dev.synapse.backend.emulated.DeviceCounters;
import dev.synapse.backend.emulated.EmulatedBackend;
import dev.synapse.losses.ClassLabels;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AsyncAssertsTest {
    private static final Device EMU = Device.of("emulated:1");

    private static Tensor scores(Device device) {
        return Tensor.fromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}).to(device);
    }

    @Test
    void aDeferredIndexCheckReadsNothingAndFailsAtTheNextHostReadWithTheEagerMessage() {
        EmulatedBackend emu = (EmulatedBackend) Backends.get(EMU);
        Tensor x = scores(EMU);
        Tensor bad = Tensor.of(new long[] {0, 3}).reshape(2, 1).to(EMU);
        String eager = assertThrows(IndexOutOfBoundsException.class, () -> x.takeAlongAxis(bad, 1))
                .getMessage();
        assertTrue(eager.contains("index 3") && eager.contains("size 3"), eager);
        Tensor picked;
        DeviceCounters before = emu.counters();
        try (var _ = AsyncAsserts.defer()) {
            picked = x.takeAlongAxis(bad, 1);
        }
        assertEquals(0, emu.counters().since(before).hostSyncs(), "the check stayed on the device");
        var late = assertThrows(IndexOutOfBoundsException.class, picked::toFloatArray);
        assertEquals(eager, late.getMessage());
        // Settled: the next read trusts the (clamped) values.
        assertArrayEquals(new float[] {1, 6}, picked.toFloatArray());
    }

    @Test
    void validDeferredChecksCostOneReadTogetherAndNegativeIndicesStillCountFromTheEnd() {
        EmulatedBackend emu = (EmulatedBackend) Backends.get(EMU);
        Tensor x = scores(EMU);
        Tensor idx = Tensor.of(new long[] {-1, 0}).reshape(2, 1).to(EMU);
        Tensor picked;
        try (var _ = AsyncAsserts.defer()) {
            picked = x.takeAlongAxis(idx, 1).add(x.takeAlongAxis(idx, 1));
        }
        DeviceCounters before = emu.counters();
        assertArrayEquals(new float[] {6, 8}, picked.toFloatArray());
        assertEquals(2, emu.counters().since(before).hostSyncs(), "the pending checks' count, then the values");
        before = emu.counters();
        picked.toFloatArray();
        assertEquals(1, emu.counters().since(before).hostSyncs(), "nothing pending any more");
    }

    @Test
    void onTheCpuAChecksFailsAtOnceEvenWhenDeferred() {
        Tensor x = scores(Device.CPU);
        Tensor bad = Tensor.of(new long[] {0, 3}).reshape(2, 1).to(Device.CPU);
        Tensor labels = Tensor.of(0f, 2.5f).to(Device.CPU);
        try (var _ = AsyncAsserts.defer()) {
            assertThrows(IndexOutOfBoundsException.class, () -> x.takeAlongAxis(bad, 1));
            assertThrows(IllegalArgumentException.class, () -> ClassLabels.indices("loss", labels, 3));
        }
    }

    @Test
    void deferredLabelChecksKeepTheirMessageForNegativeLargeFractionalAndNaNLabels() {
        Object[][] cases = {
            {new float[] {0, -1}, "label -1"},
            {new float[] {4, 0}, "label 4"},
            {new float[] {0, 1.5f}, "label 1.5"},
            {new float[] {Float.NaN, 0}, "label NaN"}
        };
        for (Object[] c : cases) {
            Tensor labels = Tensor.of((float[]) c[0]).to(EMU);
            Tensor indices;
            try (var _ = AsyncAsserts.defer()) {
                indices = ClassLabels.indices("sparse_categorical_crossentropy", labels, 3);
            }
            var e = assertThrows(IllegalArgumentException.class, indices::toLongArray);
            assertTrue(
                    e.getMessage().contains((String) c[1])
                            && e.getMessage().startsWith("sparse_categorical_crossentropy"),
                    e.getMessage());
        }
        Tensor good;
        try (var _ = AsyncAsserts.defer()) {
            good = ClassLabels.indices("loss", Tensor.of(2f, 0f).to(EMU), 3);
        }
        assertArrayEquals(new long[] {2, 0}, good.toLongArray());
    }

    @Test
    void aFractionalEmbeddingIndexFailsAtTheReadWithTheLayersMessage() {
        Tensor out;
        try (var _ = EMU.use()) {
            var embedding = new dev.synapse.nn.layers.Embedding(4, 2);
            Tensor x = Tensor.of(1f, 2.5f);
            embedding.apply(Tensor.of(0f, 1f));
            try (var _ = AsyncAsserts.defer()) {
                out = embedding.apply(x);
            }
        }
        var e = assertThrows(IllegalArgumentException.class, out::toFloatArray);
        assertTrue(
                e.getMessage().contains("index 2.5") && e.getMessage().contains("not a whole number"), e.getMessage());
    }

    @Test
    void aCheckWhoseLabelsWereReleasedWithTheirStepStillNamesTheFirstBadLabelAsTheEagerCheck() {
        float[][] rows = {{0}, {5}, {7}, {-2}};
        String eager = assertThrows(
                        IllegalArgumentException.class, () -> ClassLabels.indices("loss", Tensor.fromArray(rows), 5))
                .getMessage();
        assertTrue(eager.contains("label 5 at row 1 of labels (4, 1)"), eager);
        Tensor kept;
        try (var step = dev.synapse.tensor.MemoryScope.open();
                var _ = AsyncAsserts.defer()) {
            Tensor labels = Tensor.fromArray(rows).to(EMU);
            kept = step.keep(ClassLabels.indices("loss", labels, 5).sum());
        }
        var late = assertThrows(IllegalArgumentException.class, kept::item);
        assertEquals(eager, late.getMessage());
    }

    @Test
    void amongSeveralPendingChecksTheFirstThatFailedIsTheOneReported() {
        Tensor total;
        try (var _ = AsyncAsserts.defer()) {
            Tensor a = ClassLabels.indices("first", Tensor.of(0f, 1f).to(EMU), 3);
            Tensor b = ClassLabels.indices("second", Tensor.of(2f, 9f).to(EMU), 3);
            Tensor c = ClassLabels.indices("third", Tensor.of(8f, 0f).to(EMU), 3);
            total = a.add(b).add(c).sum();
        }
        var e = assertThrows(IllegalArgumentException.class, total::item);
        assertTrue(e.getMessage().startsWith("second: label 9 at row 1"), e.getMessage());
    }
}
