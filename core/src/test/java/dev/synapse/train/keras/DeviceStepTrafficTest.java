package dev.synapse.train.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.backend.Backends;
import dev.synapse.backend.emulated.DeviceCounters;
import dev.synapse.backend.emulated.EmulatedBackend;
import dev.synapse.backend.emulated.EmulatedBackend.SyncDebugMode;
import dev.synapse.data.Batch;
import dev.synapse.losses.SparseCategoricalCrossentropy;
import dev.synapse.metrics.Metrics;
import dev.synapse.nn.Compiled;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.MaxPooling2D;
import dev.synapse.optim.Adam;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.Callback;
import dev.synapse.train.History;
import dev.synapse.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a training step of a small CNN shaped as seed 002's (convolutions, pooling, dense, dropout, sparse
 * cross-entropy, accuracy) costs the emulated device: no host synchronisation inside a step, at most one per
 * progress-bar redraw, and no transfer to the device but the batch's.
 */
class DeviceStepTrafficTest {
    private static final Device EMU = Device.of("emulated:1");
    private static final int CLASSES = 5;

    private static Model cnn() {
        SymbolicTensor in = Input.of(8, 8, 1);
        SymbolicTensor x =
                Conv2D.builder(4, 3).activation("relu").padding("same").build().apply(in);
        x = new MaxPooling2D(2).apply(x);
        x = new Flatten().apply(x);
        x = new Dense(8, "relu").apply(x);
        x = new Dropout(0.5).apply(x);
        return new Model(in, new Dense(CLASSES, "softmax").apply(x));
    }

    /** Batches on the host, as a loader yields them; the trainer moves each to the device. */
    private static List<Batch> hostBatches(int batches, int size, long badLabelAt) {
        Synapse.setSeed(5);
        List<Batch> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            long[] y = new long[size];
            for (int i = 0; i < size; i++) {
                long sample = (long) b * size + i;
                y[i] = sample == badLabelAt ? CLASSES + 2 : sample % CLASSES;
            }
            out.add(new Batch(Tensor.rand(size, 8, 8, 1), Tensor.of(y)));
        }
        return out;
    }

    /** Counts per step, between a batch's begin and end callbacks, optionally refusing any host read there. */
    private static final class PerStep implements Callback {
        private final EmulatedBackend device;
        private final boolean refuseReads;
        final List<DeviceCounters> steps = new ArrayList<>();
        private DeviceCounters begin;

        PerStep(EmulatedBackend device, boolean refuseReads) {
            this.device = device;
            this.refuseReads = refuseReads;
        }

        @Override
        public void onTrainBatchBegin(int batch) {
            begin = device.counters();
            if (refuseReads) {
                device.setSyncDebugMode(SyncDebugMode.ERROR);
            }
        }

        @Override
        public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            device.setSyncDebugMode(SyncDebugMode.OFF);
            steps.add(device.counters().since(begin));
        }
    }

    private static KerasModule module(Model model, Optimizer optimizer) {
        Compiled compiled =
                new Compiled(optimizer, new SparseCategoricalCrossentropy(), List.of(Metrics.get("accuracy")));
        return new KerasModule(model, compiled, null, "val_");
    }

    @Test
    void aStepReadsNothingBackAndCopiesOnlyItsBatchToTheDevice() {
        EmulatedBackend emu = (EmulatedBackend) Backends.get(EMU);
        List<Batch> data = hostBatches(4, 6, -1);
        PerStep probe = new PerStep(emu, true);
        History h;
        long drawTransfers;
        try (var _ = EMU.use()) {
            // Random draws come from the host's generator for now: dropout's mask is the one transfer besides the
            // batch, counted here so that the expectation follows when draws move to the device.
            DeviceCounters beforeDraw = emu.counters();
            Tensor.bernoulli(0.5, 6, 8);
            drawTransfers = emu.counters().since(beforeDraw).hostToDevice();
            Synapse.setSeed(1);
            // Clipping by the trainer and by the optimizer (per gradient and global) computes norms on the device.
            Optimizer adam = new Adam(1e-2).withCommon(new Optimizer.Common(1.0, 0, 2.0, 0));
            KerasModule module = module(cnn(), adam);
            Trainer trainer = Trainer.builder()
                    .maxEpochs(2)
                    .verbose(0)
                    .printSummary(false)
                    .device(EMU)
                    .gradientClipVal(0.5)
                    .callbacks(probe)
                    .build();
            h = trainer.fit(module, data, null);
        } finally {
            emu.setSyncDebugMode(SyncDebugMode.OFF);
        }
        assertEquals(8, probe.steps.size());
        for (DeviceCounters step : probe.steps) {
            assertEquals(0, step.hostSyncs(), "host reads inside a step: " + step);
            assertEquals(0, step.deviceToHost(), "copies to the host inside a step: " + step);
            assertEquals(
                    2 + drawTransfers, step.hostToDevice(), "the batch's x and y and dropout's mask only: " + step);
            assertTrue(step.kernels() > 0, step.toString());
        }
        double loss = h.last("loss");
        double accuracy = h.last("accuracy");
        assertTrue(Double.isFinite(loss) && loss > 0, "the epoch's loss was read at its end: " + loss);
        assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);
    }

    @Test
    void aProgressBarRedrawReadsTheLogsOnceAndNothingElseDoes() {
        EmulatedBackend emu = (EmulatedBackend) Backends.get(EMU);
        List<Batch> data = hostBatches(5, 4, -1);
        PerStep probe = new PerStep(emu, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var _ = EMU.use()) {
            Synapse.setSeed(1);
            Trainer trainer = Trainer.builder()
                    .maxEpochs(1)
                    .verbose(1)
                    .output(new PrintStream(bytes, true, StandardCharsets.UTF_8), true)
                    .printSummary(false)
                    .device(EMU)
                    .callbacks(probe)
                    .build();
            trainer.fit(module(cnn(), new Adam(1e-2)), data, null);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        long redraws = out.chars().filter(c -> c == '\r').count();
        long syncs = 0;
        for (DeviceCounters step : probe.steps) {
            assertTrue(step.hostSyncs() <= 1, "one read per redraw at most: " + step);
            syncs += step.hostSyncs();
        }
        assertTrue(syncs >= 1, "the bar drew the running loss at least once: " + out);
        assertTrue(syncs <= redraws, syncs + " reads for " + redraws + " redraws: " + out);
        assertTrue(out.contains("loss: ") && out.contains("accuracy: "), out);
    }

    @Test
    void aLabelOutsideTheClassesFailsBeforeFitReturnsNamingItWithoutReadingInsideTheStep() {
        EmulatedBackend emu = (EmulatedBackend) Backends.get(EMU);
        List<Batch> data = hostBatches(3, 4, 6); // sample 6: row 2 of the second batch
        PerStep probe = new PerStep(emu, true);
        IllegalArgumentException e;
        try (var _ = EMU.use()) {
            Synapse.setSeed(1);
            Trainer trainer = Trainer.builder()
                    .maxEpochs(3)
                    .verbose(0)
                    .printSummary(false)
                    .device(EMU)
                    .callbacks(probe)
                    .build();
            KerasModule module = module(cnn(), new Adam(1e-2));
            e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(module, data, null));
        } finally {
            emu.setSyncDebugMode(SyncDebugMode.OFF);
        }
        assertEquals(3, probe.steps.size(), "found at the end of the first epoch, when its logs are read");
        String m = e.getMessage();
        assertTrue(
                m.contains("label 7")
                        && m.contains("row 2")
                        && m.contains(CLASSES + " classes")
                        && m.startsWith("sparse_categorical_crossentropy"),
                m);
        assertFalse(m.contains("changed in place"), m);
    }
}
