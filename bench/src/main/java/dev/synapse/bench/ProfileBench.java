package dev.synapse.bench;

import dev.synapse.Synapse;
import dev.synapse.autograd.Profiler;
import dev.synapse.backend.cpu.Parallel;
import dev.synapse.bench.TrainStepBench.Workload;
import dev.synapse.cli.Flags;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code ./synapse bench profile}: where one training step of {@link TrainStepBench}'s workloads spends its time and
 * memory. Prints the per-op table of profiled steps (forward ops, backward functions, kernels, the pool's dispatch),
 * then, over unprofiled steps, the bytes allocated per step, the garbage collections and the spread of step times;
 * with {@code --jfr}, the frames that allocate most (JFR's {@code jdk.ObjectAllocationSample}).
 */
public final class ProfileBench {
    private ProfileBench() {}

    /** Runs the benchmark. */
    public static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse bench profile",
                "Per-op profile, allocation, GC and step-time spread of a training step, float32, batch "
                        + TrainStepBench.BATCH + ".",
                args);
        String which = f.choice("workload", "all", "the workload to profile", "all", "mlp", "cnn", "autoencoder");
        int profiled = f.integer("profiled", 5, 1, "profiled steps the table sums");
        int steps = f.integer("steps", 50, 1, "unprofiled steps measured for allocation, GC and spread");
        int rows = f.integer("rows", 20, 1, "rows of the table");
        boolean jfr = f.flag("jfr", "also record allocation samples with JFR over the unprofiled steps");
        f.done();
        Synapse.setSeed(42);
        System.out.printf(
                Locale.ROOT,
                "Profile of a training step, float32, batch %d, %d threads, %s%n",
                TrainStepBench.BATCH,
                Parallel.threads(),
                Runtime.version());
        if (which.equals("all") || which.equals("mlp")) {
            run(TrainStepBench.mlp(), profiled, steps, rows, jfr);
        }
        if (which.equals("all") || which.equals("cnn")) {
            run(TrainStepBench.cnn(), profiled, steps, rows, jfr);
        }
        if (which.equals("all") || which.equals("autoencoder")) {
            run(TrainStepBench.convAutoencoder(), profiled, steps, rows, jfr);
        }
    }

    /**
     * One step in four named ranges, so that the table also shows the time of each phase; in a step scope, as {@link
     * TrainStepBench#step}.
     */
    private static void step(Workload w, List<Tensor> params) {
        try (var _ = Synapse.stepScope()) {
            phases(w, params);
        }
    }

    private static void phases(Workload w, List<Tensor> params) {
        Tensor pred;
        try (var _ = Profiler.range("step: forward")) {
            pred = w.model().apply(w.x(), true);
        }
        Tensor loss;
        try (var _ = Profiler.range("step: loss")) {
            loss = w.loss().call(w.y(), pred);
        }
        try (var _ = Profiler.range("step: backward")) {
            loss.backward();
        }
        try (var _ = Profiler.range("step: optimizer")) {
            w.optimizer().step(params);
            Optimizer.zeroGrad(params);
        }
    }

    private static void run(Workload w, int profiled, int steps, int rows, boolean jfr) {
        System.out.printf("%n== %s ==%n", w.name());
        w.model().apply(w.x().slice(0, 0, 1));
        List<Tensor> params = w.model().trainableVariables();
        warmUp(w, params);
        // The timed backend and the profiler's hooks are new code paths: compile them before the profiled steps too.
        try (var _ = Synapse.profile()) {
            warmUp(w, params);
        }
        Profiler prof = Synapse.profile();
        try (prof) {
            for (int i = 0; i < profiled; i++) {
                step(w, params);
                prof.step();
            }
        }
        System.out.printf("Per-op table, summed over %d profiled steps (%% of the profiled time)%n", profiled);
        System.out.print(prof.table(Profiler.SortBy.SELF, rows));
        warmUp(w, params);
        unprofiled(w, params, steps);
        if (jfr) {
            allocationSamples(w, params, steps);
        }
    }

    /** At least three steps and two seconds, so that the JIT has compiled what the measured steps run. */
    private static void warmUp(Workload w, List<Tensor> params) {
        long end = System.nanoTime() + 2_000_000_000L;
        for (int i = 0; i < 3 || System.nanoTime() < end; i++) {
            step(w, params);
        }
    }

    /** Step times, allocation and collections over steps run without the profiler. */
    private static void unprofiled(Workload w, List<Tensor> params, int steps) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        long[] nanos = new long[steps];
        long[] bytes = new long[steps];
        long[] allBytes = new long[steps];
        long[] gcs = new long[steps];
        long gcTime0 = gcMillis();
        for (int i = 0; i < steps; i++) {
            long b0 = threads.getThreadAllocatedBytes(self);
            long a0 = threads.getTotalThreadAllocatedBytes();
            long g0 = gcCount();
            long t0 = System.nanoTime();
            step(w, params);
            nanos[i] = System.nanoTime() - t0;
            bytes[i] = threads.getThreadAllocatedBytes(self) - b0;
            allBytes[i] = threads.getTotalThreadAllocatedBytes() - a0;
            gcs[i] = gcCount() - g0;
        }
        long gcTime = gcMillis() - gcTime0;
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double median = sorted[(steps - 1) / 2] / 1e6;
        System.out.printf(
                Locale.ROOT,
                "Unprofiled, %d steps: median %.2f ms, p90 %.2f ms, max %.2f ms (max/median %.2f)%n",
                steps,
                median,
                sorted[Math.min(steps - 1, (int) Math.ceil(0.9 * steps) - 1)] / 1e6,
                sorted[steps - 1] / 1e6,
                sorted[steps - 1] / 1e6 / median);
        System.out.printf(
                Locale.ROOT,
                "Allocated per step: %.1f MiB by the stepping thread, %.1f MiB by all threads (mean); %.0f MB/s%n",
                mean(bytes) / (1 << 20),
                mean(allBytes) / (1 << 20),
                Arrays.stream(allBytes).sum() / 1e6 / (Arrays.stream(nanos).sum() / 1e9));
        long withGc = Arrays.stream(gcs).filter(g -> g > 0).count();
        System.out.printf(
                Locale.ROOT,
                "GC: %d collections in %d of %d steps, %d ms in all (%.1f%% of the steps' time)%n",
                Arrays.stream(gcs).sum(),
                withGc,
                steps,
                gcTime,
                100.0 * gcTime / (Arrays.stream(nanos).sum() / 1e6));
        if (withGc > 0 && withGc < steps) {
            System.out.printf(
                    Locale.ROOT,
                    "Median step with a collection %.2f ms, without %.2f ms%n",
                    medianWhere(nanos, gcs, true) / 1e6,
                    medianWhere(nanos, gcs, false) / 1e6);
        }
    }

    /** The frames that allocate most over {@code steps} steps, by JFR's sampled allocation weight. */
    private static void allocationSamples(Workload w, List<Tensor> params, int steps) {
        try {
            Path file = Files.createTempFile("synapse-profile", ".jfr");
            try {
                try (Recording r = new Recording()) {
                    r.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s");
                    r.start();
                    for (int i = 0; i < steps; i++) {
                        step(w, params);
                    }
                    r.stop();
                    r.dump(file);
                }
                Map<String, Long> byFrame = new HashMap<>();
                long total = 0;
                for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                    if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample") || e.getStackTrace() == null) {
                        continue;
                    }
                    long weight = e.getLong("weight");
                    total += weight;
                    byFrame.merge(firstSynapseFrame(e.getStackTrace().getFrames()), weight, Long::sum);
                }
                System.out.printf(
                        Locale.ROOT,
                        "JFR allocation samples over %d steps: %.1f MiB sampled weight; top frames in Synapse:%n",
                        steps,
                        total / (double) (1 << 20));
                long all = Math.max(1, total);
                byFrame.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .limit(10)
                        .forEach(e -> System.out.printf(
                                Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey()));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The innermost frame of Synapse's own code: the allocation site a kernel change would remove. */
    private static String firstSynapseFrame(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("dev.synapse.")) {
                return type.substring(type.lastIndexOf('.') + 1) + "."
                        + f.getMethod().getName() + ":" + f.getLineNumber();
            }
        }
        return frames.isEmpty() ? "(no frame)" : frames.get(0).getMethod().getName();
    }

    private static double mean(long[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    private static long medianWhere(long[] nanos, long[] gcs, boolean withGc) {
        long[] picked = java.util.stream.IntStream.range(0, nanos.length)
                .filter(i -> (gcs[i] > 0) == withGc)
                .mapToLong(i -> nanos[i])
                .sorted()
                .toArray();
        return picked[(picked.length - 1) / 2];
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }
}
