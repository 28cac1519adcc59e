package dev.synapse.bench;

import dev.synapse.backend.cpu.Parallel;
import dev.synapse.cli.Flags;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;

/**
 * {@code ./synapse bench gemm}: SGEMM throughput of the CPU backend beside the machine's float32 FMA
 * peak measured in the same run (see {@code bench/README.md}).
 *
 * <p>Each shape is warmed up (until it stops getting faster and the JIT stops compiling), then timed as
 * {@value #SAMPLES} samples of at least {@value #SAMPLE_SECONDS} s each; the table gives the median and the spread (min, max) in GFLOP/s
 * ({@code 2 m n k} per product) and the median as a fraction of the best peak sample. Products go
 * straight to the backend's {@code matmul} kernel with a preallocated output, so allocation and
 * autograd bookkeeping are not part of the numbers. {@code --quick} takes fewer samples.
 */
public final class GemmBench {
    private static final int SAMPLES = 15;
    private static final double SAMPLE_SECONDS = 0.03;
    private static final double WARMUP_SECONDS = 0.3;
    private static final double MAX_WARMUP_SECONDS = 10;
    /** The JIT counts as done with a shape once it has compiled nothing for this long. */
    private static final double JIT_QUIET_SECONDS = 0.5;

    private static final double PEAK_SECONDS = 0.05;
    private static final int PEAK_RUNS_PER_SHAPE = 3;

    private GemmBench() {}

    /** One product {@code a @ b}; a transposed operand is a view, as in a backward pass. */
    private record Shape(String name, int m, int n, int k, boolean ta, boolean tb, DType dtype) {
        static Shape of(String name, int m, int n, int k) {
            return new Shape(name, m, n, k, false, false, DType.FLOAT32);
        }
    }

    /** Median, min and max of the samples, in GFLOP/s. */
    private record Stats(double median, double min, double max) {
        static Stats of(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            int n = s.length;
            double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            return new Stats(median, s[0], s[n - 1]);
        }
    }

    /** Runs the benchmark and prints its table. */
    public static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse bench gemm", "SGEMM GFLOP/s of the CPU backend beside the machine's FMA peak.", args);
        boolean quick = f.flag("quick", "5 samples per shape instead of " + SAMPLES);
        f.done();
        int samples = quick ? 5 : SAMPLES;
        System.out.printf(
                "GEMM on the CPU backend: %d threads, %s, %s%n",
                Parallel.threads(), FloatVector.SPECIES_PREFERRED, Runtime.version());

        // Peak runs are spread over the whole benchmark (a few before each shape), so that the peak
        // and the products see the same machine, also when other work comes and goes.
        long peakIters = FmaPeak.calibrate(PEAK_SECONDS);
        List<Double> peaks = new ArrayList<>();
        FmaPeak.run(peakIters);
        peaks.add(FmaPeak.run(peakIters) / 1e9);

        List<Shape> shapes = List.of(
                Shape.of("square n=256", 256, 256, 256),
                Shape.of("square n=512", 512, 512, 512),
                Shape.of("square n=1024", 1024, 1024, 1024),
                Shape.of("square n=2048", 2048, 2048, 2048),
                Shape.of("mlp fwd 256x784 @ 784x512", 256, 512, 784),
                Shape.of("mlp fwd 256x512 @ 512x10", 256, 10, 512),
                new Shape("mlp dW1 784x256^T @ 256x512", 784, 512, 256, true, false, DType.FLOAT32),
                new Shape("mlp dX1 256x512 @ 512x784^T", 256, 784, 512, false, true, DType.FLOAT32),
                new Shape("mlp dW2 512x256^T @ 256x10", 512, 10, 256, true, false, DType.FLOAT32),
                new Shape("mlp dH 256x10 @ 10x512^T", 256, 512, 10, false, true, DType.FLOAT32),
                new Shape("dgemm f64 n=1024", 1024, 1024, 1024, false, false, DType.FLOAT64));
        List<Stats> results = new ArrayList<>();
        for (Shape s : shapes) {
            for (int i = 0; i < PEAK_RUNS_PER_SHAPE; i++) {
                peaks.add(FmaPeak.run(peakIters) / 1e9);
            }
            results.add(measure(s, samples));
        }
        for (int i = 0; i < PEAK_RUNS_PER_SHAPE; i++) {
            peaks.add(FmaPeak.run(peakIters) / 1e9);
        }
        Stats peak = Stats.of(peaks.stream().mapToDouble(Double::doubleValue).toArray());

        System.out.printf(
                "fp32 FMA peak, all %d threads: best %.1f GFLOP/s (median %.1f, min %.1f over %d runs)%n",
                Parallel.threads(), peak.max, peak.median, peak.min, peaks.size());
        System.out.printf("%-32s %9s %9s %9s %9s%n", "product (GFLOP/s)", "median", "min", "max", "med/peak");
        for (int i = 0; i < shapes.size(); i++) {
            Stats r = results.get(i);
            String frac =
                    shapes.get(i).dtype == DType.FLOAT32 ? String.format("%9.2f", r.median / peak.max) : "        -";
            System.out.printf("%-32s %9.1f %9.1f %9.1f %s%n", shapes.get(i).name, r.median, r.min, r.max, frac);
        }
    }

    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    /** Milliseconds the JIT has spent compiling so far, or 0 where the JVM does not say. */
    private static long jitMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }

    private static Stats measure(Shape s, int samples) {
        Tensor a = s.ta
                ? Tensor.randn(s.k, s.m).to(s.dtype).t()
                : Tensor.randn(s.m, s.k).to(s.dtype);
        Tensor b = s.tb
                ? Tensor.randn(s.n, s.k).to(s.dtype).t()
                : Tensor.randn(s.k, s.n).to(s.dtype);
        Tensor out = Tensor.empty(s.dtype, Device.CPU, s.m, s.n);
        double flops = 2.0 * s.m * s.n * s.k;
        // Warm up until the product has not become 5% faster for WARMUP_SECONDS and the JIT has compiled nothing for
        // JIT_QUIET_SECONDS. The first shape waits for C2 to compile the kernels, which on a busy 2-core machine took
        // seconds, with plateaus longer than 0.3 s on the way (n=256 measured at 12-15 GFLOP/s, not 150).
        long start = System.nanoTime();
        long lastGain = start;
        long jitTime = jitMillis();
        long jitChanged = start;
        double opSeconds = Double.MAX_VALUE;
        for (int warm = 0;
                warm < 3
                        || System.nanoTime() - lastGain < WARMUP_SECONDS * 1e9
                        || System.nanoTime() - jitChanged < JIT_QUIET_SECONDS * 1e9;
                warm++) {
            long t0 = System.nanoTime();
            a.backend().matmul(a, b, out);
            double seconds = (System.nanoTime() - t0) * 1e-9;
            if (seconds < 0.95 * opSeconds) {
                lastGain = System.nanoTime();
            }
            long jitNow = jitMillis();
            if (jitNow != jitTime) {
                jitTime = jitNow;
                jitChanged = System.nanoTime();
            }
            opSeconds = Math.min(opSeconds, seconds);
            if (System.nanoTime() - start > MAX_WARMUP_SECONDS * 1e9) {
                break;
            }
        }
        int reps = (int) Math.max(1, Math.ceil(SAMPLE_SECONDS / opSeconds));
        double[] gflops = new double[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                a.backend().matmul(a, b, out);
            }
            gflops[i] = flops * reps / (System.nanoTime() - t0);
        }
        return Stats.of(gflops);
    }
}
