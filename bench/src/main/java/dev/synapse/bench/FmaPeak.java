package dev.synapse.bench;

import dev.synapse.backend.cpu.Parallel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's float32 fused multiply-add peak as Java can reach it: a loop of independent
 * {@link FloatVector} FMAs (preferred species) run on every thread of the backend's pool at once.
 * Twelve accumulator chains cover the FMA latency times the issue width of current x86 and ARM cores
 * while leaving registers free even where there are only 16 (sixteen chains spill on AVX2; the C
 * loop of {@code ./synapse bench race}, {@code bench/src/main/c/fma_peak.c}, has the same twelve).
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;
    /** Rounds of {@link #CHAINS} FMAs per trip of the loop. */
    private static final int UNROLL = 4;
    /** Rounds per run at most: the loop counts with an int. */
    private static final int MAX_ROUNDS = 1 << 30;

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** Keeps the results alive so the loops cannot be removed. */
    private static volatile float sink;

    private FmaPeak() {}

    /**
     * One all-threads run: {@code wall}, float operations per second of elapsed time; {@code cpu}, per
     * second of the CPU time the threads were given, times the threads (what the cores reach while
     * they run, which other work on the machine does not lower, only interrupts).
     */
    public record Sample(double wall, double cpu) {}

    /** Float operations per second of one all-threads run of {@code iterations} steps per thread. */
    public static double run(long iterations) {
        return sample(iterations).wall();
    }

    /** One all-threads run of {@code iterations} steps per thread, timed by the clock and by CPU time. */
    public static Sample sample(long iterations) {
        int threads = Parallel.threads();
        int rounds = rounds(iterations);
        long[] cpuNanos = new long[threads];
        long start = System.nanoTime();
        Parallel.forRange(threads, 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                long c0 = CPU.getCurrentThreadCpuTime();
                sink = loop(rounds);
                cpuNanos[t] = CPU.getCurrentThreadCpuTime() - c0;
            }
        });
        long nanos = System.nanoTime() - start;
        double flops = 2.0 * S.length() * CHAINS * rounds * threads;
        long cpu = 0;
        for (long c : cpuNanos) {
            cpu += c;
        }
        return new Sample(flops / nanos * 1e9, cpu > 0 ? flops / cpu * 1e9 * threads : Double.NaN);
    }

    /**
     * Iterations that make one run last about {@code seconds} on this machine. The loop is first
     * compiled by C2 through many short calls: warmed by a few long calls, it ran as an
     * on-stack-replacement or C1 version that boxed its vectors (over 100 MB of garbage a run).
     */
    public static long calibrate(double seconds) {
        for (int i = 0; i < 20_000; i++) {
            sink = loop(128);
        }
        long iters = 1 << 16;
        while (true) {
            long start = System.nanoTime();
            sink = loop(rounds(iters));
            double s = (System.nanoTime() - start) * 1e-9;
            if (s > 0.02 || iters >= MAX_ROUNDS / 4) {
                return Math.max(UNROLL, Math.min(MAX_ROUNDS, (long) (iters * seconds / s)));
            }
            iters *= 4;
        }
    }

    /** {@code iterations} rounded up to whole trips of the loop, at most {@link #MAX_ROUNDS}. */
    private static int rounds(long iterations) {
        long r = Math.min(MAX_ROUNDS, Math.max(UNROLL, iterations));
        return (int) ((r + UNROLL - 1) / UNROLL * UNROLL);
    }

    /**
     * {@code iterations} rounds (a multiple of {@value #UNROLL}) of one FMA per chain. Written out four
     * rounds per trip with an int counter: one round per trip left C2 with a counter, a compare, a
     * branch and a safepoint poll for every 12 FMAs, which cost about a fifth of the peak on Zen 3
     * (80 against C's 100 GFLOP/s per core-second); four rounds per trip reach C's figure.
     */
    private static float loop(int iterations) {
        // acc = acc * x + y converges to y / (1 - x): no overflow, no subnormals, no early exit.
        FloatVector x = FloatVector.broadcast(S, 0.999f);
        FloatVector y = FloatVector.broadcast(S, 0.001f);
        FloatVector a0 = FloatVector.broadcast(S, 0f),
                a1 = a0,
                a2 = a0,
                a3 = a0,
                a4 = a0,
                a5 = a0,
                a6 = a0,
                a7 = a0,
                a8 = a0,
                a9 = a0,
                a10 = a0,
                a11 = a0;
        for (int i = 0; i < iterations; i += UNROLL) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1)
                .add(a2)
                .add(a3)
                .add(a4)
                .add(a5)
                .add(a6)
                .add(a7)
                .add(a8)
                .add(a9)
                .add(a10)
                .add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
