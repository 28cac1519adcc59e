package dev.synapse.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.losses.SparseCategoricalCrossentropy;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.MaxPooling2D;
import dev.synapse.optim.Adam;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.MemoryScope;
import dev.synapse.tensor.Tensor;
import dev.synapse.testing.Slow;
import dev.synapse.train.keras.Fit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Device memory over many training steps: each step gives back what it allocated, without the garbage collector. */
class StepMemoryTest {
    // A device of its own, so that only this fit moves its figures.
    private static final Device DEV = Device.of("emulated:6");
    private static final int STEPS = 1000;
    private static final int BATCH = 2;

    /** Seed 002's CNN (two conv/pool stages, a 128-unit dense layer with dropout, a softmax over ten classes). */
    private static Model cnn() {
        SymbolicTensor in = Input.of(28, 28, 1);
        SymbolicTensor x =
                Conv2D.builder(24, 3).activation("relu").padding("same").build().apply(in);
        x = new MaxPooling2D(2).apply(x);
        x = Conv2D.builder(36, 3).activation("relu").padding("same").build().apply(x);
        x = new MaxPooling2D(2).apply(x);
        x = new Flatten().apply(x);
        x = new Dense(128, "relu").apply(x);
        x = new Dropout(0.5).apply(x);
        return new Model(in, new Dense(10, "softmax").apply(x));
    }

    /** Bytes in use on the device after each training step, and the peak of the first step. */
    private static final class Probe implements Callback {
        final List<Long> after = new ArrayList<>();
        long beforeFirst = -1;
        long firstPeak = -1;

        @Override
        public void onTrainBegin() {
            beforeFirst = Synapse.memoryStats(DEV).allocatedBytes();
            Synapse.resetPeakMemoryStats(DEV);
        }

        @Override
        public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            after.add(Synapse.memoryStats(DEV).allocatedBytes());
            if (batch == 0) {
                firstPeak = Synapse.memoryStats(DEV).peakBytes();
            }
        }
    }

    /** A module whose validation steps return device tensors, read only when the epoch's validation ends. */
    private static final class ValidationOutputs extends TrainingModule<Tensor> {
        final Tensor w = Tensor.ones(3).requiresGrad(true).keep();
        double seenAtEpochEnd = Double.NaN;

        @Override
        public Tensor trainingStep(Tensor batch, int batchIndex) {
            return batch.mul(w).sum();
        }

        @Override
        public Object validationStep(Tensor batch, int batchIndex) {
            return List.of(batch.mul(w).mul(2));
        }

        @Override
        public void onValidationEpochEnd(List<Object> outputs) {
            double total = 0;
            for (Object o : outputs) {
                total += ((Tensor) ((List<?>) o).get(0)).sum().item();
            }
            seenAtEpochEnd = total;
        }

        @Override
        public dev.synapse.optim.Optimizer configureOptimizers() {
            return new dev.synapse.optim.SGD(0.1);
        }

        @Override
        public List<Tensor> parameters() {
            return List.of(w);
        }
    }

    @Test
    void validationOutputsLiveUntilTheEpochEndHasSeenThemAndThenGo() {
        Device dev = Device.of("emulated:7");
        try (var _ = dev.use();
                var _ = MemoryScope.open()) {
            ValidationOutputs module = new ValidationOutputs();
            List<Tensor> batches = List.of(Tensor.of(1f, 2f, 3f), Tensor.of(4f, 5f, 6f));
            long before = Synapse.memoryStats(dev).allocatedBytes();
            Trainer.builder().verbose(0).printSummary(false).build().validate(module, batches);
            assertEquals(2 * (1 + 2 + 3 + 4 + 5 + 6), module.seenAtEpochEnd, 0.0);
            assertEquals(before, Synapse.memoryStats(dev).allocatedBytes(), "every step's tensors went back");
        }
    }

    @Test
    void predictLeavesOnlyItsResult() {
        Device dev = Device.of("emulated:7");
        try (var _ = dev.use();
                var _ = MemoryScope.open()) {
            SymbolicTensor in = Input.of(4);
            Model model = new Model(in, new Dense(3, "relu").apply(in));
            Tensor x = Tensor.ones(10, 4);
            long before = Synapse.memoryStats(dev).allocatedBytes();
            Tensor out = model.predict(x, 3);
            assertEquals(
                    before + 512,
                    Synapse.memoryStats(dev).allocatedBytes(),
                    "four batches' outputs went, their 10 x 3 concatenation stays (one 512-byte block)");
            try (var _ = MemoryScope.open()) {
                float[] fromOne = model.apply(x.slice(0, 9, 10), false).toFloatArray();
                float[] last = out.slice(0, 9, 10).toFloatArray();
                org.junit.jupiter.api.Assertions.assertArrayEquals(fromOne, last, "the last batch's row");
            }
            assertEquals(before + 512, Synapse.memoryStats(dev).allocatedBytes());
        }
    }

    @Slow
    @Test
    void aThousandStepsOfTheCnnKeepBytesInUseFlatAndThePeakNearOneStep() {
        Probe probe = new Probe();
        try (var _ = DEV.use()) {
            Model model;
            Tensor x;
            Tensor y;
            // Weights and data are kept; the initializers' and draws' temporaries go with this scope, so that no
            // garbage collection frees device memory during the fit and disturbs the figures.
            try (var _ = MemoryScope.open()) {
                model = cnn();
                x = Tensor.uniform(0, 1, new Generator(2), STEPS * BATCH, 28, 28, 1)
                        .keep();
                long[] labels = new long[STEPS * BATCH];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = i % 10;
                }
                y = Tensor.of(labels).keep();
            }
            model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(), "accuracy");
            model.fit(
                    x,
                    y,
                    Fit.defaults()
                            .batchSize(BATCH)
                            .epochs(1)
                            .shuffle(false)
                            .verbose(0)
                            .callbacks(probe));
        }
        List<Long> after = probe.after;
        assertEquals(STEPS, after.size());
        long peak = Synapse.memoryStats(DEV).peakBytes();
        long workingSet = probe.firstPeak - probe.beforeFirst;
        System.out.printf(
                "StepMemoryTest: in use before step 1 %d, after steps 1/10/100/1000: %d %d %d %d bytes; "
                        + "step 1 working set %d, peak over %d steps %d (%.2f working sets above the start)%n",
                probe.beforeFirst,
                after.get(0),
                after.get(9),
                after.get(99),
                after.get(STEPS - 1),
                workingSet,
                STEPS,
                peak,
                (peak - probe.beforeFirst) / (double) workingSet);
        // Step 1 creates Adam's two slots per weight; from then on each step gives back all it allocated.
        for (int i = 1; i < STEPS; i++) {
            assertEquals(after.get(0), after.get(i), "bytes in use after step " + (i + 1) + " differ from step 1");
        }
        assertTrue(after.get(0) > probe.beforeFirst, "the optimizer's slots outlive the first step");
        assertTrue(
                peak - probe.beforeFirst <= 2 * workingSet,
                "peak " + peak + " is more than twice the first step's working set " + workingSet + " above "
                        + probe.beforeFirst);
    }
}
