package dev.synapse.bench;

import dev.synapse.Synapse;
import dev.synapse.backend.Backends;
import dev.synapse.backend.emulated.DeviceCounters;
import dev.synapse.backend.emulated.EmulatedBackend;
import dev.synapse.cli.Flags;
import dev.synapse.losses.SparseCategoricalCrossentropy;
import dev.synapse.nn.Model;
import dev.synapse.optim.Adam;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.Callback;
import dev.synapse.train.keras.Fit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./synapse bench device [--steps N] [--batch-size N]}: what one training step of seed 002's CNN
 * ({@code model.fit}, Adam, sparse cross-entropy with accuracy) costs a device, counted on the emulated device:
 * host synchronisations, host-to-device and device-to-host copies, kernels, and the bytes allocated after each
 * step. A GPU backend pays for every host synchronisation with a drained queue; a step should read nothing back.
 */
final class DeviceTrafficBench {
    private DeviceTrafficBench() {}

    /** Counts per step, between a batch's begin and end callbacks, and memory after it. */
    private static final class PerStep implements Callback {
        private final EmulatedBackend device;
        private final List<DeviceCounters> steps = new ArrayList<>();
        private final List<Long> allocated = new ArrayList<>();
        private DeviceCounters begin;

        PerStep(EmulatedBackend device) {
            this.device = device;
        }

        @Override
        public void onTrainBatchBegin(int batch) {
            begin = device.counters();
        }

        @Override
        public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            steps.add(device.counters().since(begin));
            allocated.add(device.memoryStats().allocatedBytes());
        }
    }

    static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse bench device",
                "Host synchronisations, transfers and memory per training step of seed 002's CNN on the emulated"
                        + " device.",
                args);
        int steps = f.integer("steps", 30, 2, "training steps");
        int batch = f.integer("batch-size", 64, 1, "samples per step");
        f.done();
        Device emu = Device.of("emulated");
        EmulatedBackend backend = (EmulatedBackend) Backends.get(emu);
        PerStep counts = new PerStep(backend);
        try (var _ = emu.use()) {
            Synapse.setSeed(1);
            Model model = TrainStepBench.seed002Cnn();
            model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(), "accuracy");
            Tensor x = Tensor.rand(steps * batch, 28, 28, 1);
            Tensor y = TrainStepBench.labels(steps * batch);
            DeviceCounters before = backend.counters();
            model.fit(
                    x,
                    y,
                    Fit.defaults()
                            .batchSize(batch)
                            .epochs(1)
                            .shuffle(false)
                            .verbose(0)
                            .callbacks(counts));
            DeviceCounters whole = backend.counters().since(before);
            System.out.printf(
                    Locale.ROOT,
                    "seed 002 CNN, fit for %d steps of %d on %s (whole fit: %d host syncs, %d to device, %d to host)%n",
                    steps,
                    batch,
                    emu,
                    whole.hostSyncs(),
                    whole.hostToDevice(),
                    whole.deviceToHost());
        }
        System.out.println("  step  host syncs  to device  (bytes)  to host  kernels  allocated after (MiB)");
        for (int i = 0; i < counts.steps.size(); i++) {
            if (i < 3 || i >= counts.steps.size() - 2) {
                DeviceCounters c = counts.steps.get(i);
                System.out.printf(
                        Locale.ROOT,
                        "  %4d  %10d  %9d  %7d  %7d  %7d  %.2f%n",
                        i,
                        c.hostSyncs(),
                        c.hostToDevice(),
                        c.bytesToDevice(),
                        c.deviceToHost(),
                        c.kernels(),
                        counts.allocated.get(i) / 1048576.0);
            } else if (i == 3) {
                System.out.println("   ...");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "peak allocated %.2f MiB, reserved %.2f MiB%n",
                backend.memoryStats().peakBytes() / 1048576.0,
                backend.memoryStats().reservedBytes() / 1048576.0);
    }
}
