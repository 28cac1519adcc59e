package dev.synapse.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.data.Batch;
import dev.synapse.losses.Losses;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Dense;
import dev.synapse.optim.Adam;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lightning's {@code accelerator}/{@code devices}: the module moves before its optimizer is made, batches each step. */
class TrainerPlacementTest {
    private static final Device OTHER = Device.of("emulated:1");

    /** Records where its weights were when the optimizer was asked for, and where each batch arrived. */
    static final class Module extends TrainingModule<Batch> {
        final Sequential model = new Sequential(new Dense(2).withInputShape(3));
        final Adam adam = new Adam(0.01);
        final List<Device> seen = new ArrayList<>();
        Device atConfigure = Device.CPU;

        @Override
        public Tensor trainingStep(Batch b, int i) {
            seen.add(b.x().device());
            seen.add(java.util.Objects.requireNonNull(b.y()).device());
            return Losses.meanSquaredError().call(b.y(), model.apply(b.x(), true));
        }

        @Override
        public Optimizer configureOptimizers() {
            atConfigure = model.device();
            return adam;
        }

        @Override
        public List<Tensor> parameters() {
            return model.trainableVariables();
        }
    }

    private static List<Batch> hostBatches() {
        try (var _ = Device.CPU.use()) {
            return List.of(
                    new Batch(Tensor.ones(4, 3), Tensor.zeros(4, 2)), new Batch(Tensor.ones(2, 3), Tensor.zeros(2, 2)));
        }
    }

    private static Trainer.Builder quiet() {
        return Trainer.builder().maxEpochs(2).verbose(0).printSummary(false);
    }

    @Test
    void theModuleMovesBeforeConfigureOptimizersAndEveryBatchArrivesOnTheDevice() throws Exception {
        Module m = new Module();
        Trainer t = quiet().accelerator("emulated").devices("emulated:1").build();
        assertEquals(OTHER, t.device());
        t.fit(m, hostBatches(), null);
        assertEquals(OTHER, m.atConfigure);
        assertEquals(8, m.seen.size());
        assertTrue(m.seen.stream().allMatch(OTHER::equals), m.seen.toString());
        for (Tensor v : m.model.variables()) {
            assertEquals(OTHER, v.device());
        }
        for (Tensor s : m.adam.state(m.parameters()).values()) {
            assertEquals(OTHER, s.device());
        }
    }

    @Test
    void acceleratorAndDevicesResolveAsLightningsDo() {
        assertEquals(Device.CPU, quiet().accelerator("cpu").build().device());
        assertEquals(Device.CPU, quiet().accelerator("CPU").devices(1).build().device());
        assertEquals(
                Device.of("emulated"),
                quiet().accelerator("emulated").devices("auto").build().device());
        assertEquals(OTHER, quiet().devices("emulated:1").build().device());
        assertEquals(
                OTHER, quiet().accelerator("auto").devices("emulated:1").build().device());
        // No CUDA backend on the test class path: auto is the default device.
        assertEquals(Device.getDefault(), quiet().accelerator("auto").build().device());
        assertEquals(Device.getDefault(), quiet().devices(1).build().device());
        assertEquals(null, quiet().build().device());
    }

    @Test
    void unknownAcceleratorsBadCountsAndDisagreementsAreRefused() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> quiet().accelerator("tpu"));
        for (String known : List.of("'tpu'", "auto", "cpu", "cuda", "gpu", "emulated")) {
            assertTrue(unknown.getMessage().contains(known), unknown.getMessage());
        }
        var count = assertThrows(IllegalArgumentException.class, () -> quiet().devices(2));
        assertTrue(count.getMessage().contains("devices=2"), count.getMessage());
        assertThrows(IllegalArgumentException.class, () -> quiet().devices("4"));
        var disagree = assertThrows(
                IllegalArgumentException.class,
                () -> quiet().accelerator("cpu").devices("emulated:1").build());
        assertTrue(
                disagree.getMessage().contains("'cpu'") && disagree.getMessage().contains("'emulated:1'"),
                disagree.getMessage());
        var missing = assertThrows(
                IllegalArgumentException.class, () -> quiet().accelerator("gpu").build());
        assertTrue(missing.getMessage().contains("cuda:0"), missing.getMessage());
    }
}
