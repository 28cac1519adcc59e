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
        // acc += x * y grows until a step is below half its ulp, then stays: no overflow, no subnormals.
        // The accumulator is the addend: C2 emits only the vfmadd231 form, whose addend is also its
        // destination, so acc * x + y would cost a register copy per FMA (a quarter of the AVX-512 peak).
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
            a0 = x.fma(y, a0);
            a1 = x.fma(y, a1);
            a2 = x.fma(y, a2);
            a3 = x.fma(y, a3);
            a4 = x.fma(y, a4);
            a5 = x.fma(y, a5);
            a6 = x.fma(y, a6);
            a7 = x.fma(y, a7);
            a8 = x.fma(y, a8);
            a9 = x.fma(y, a9);
            a10 = x.fma(y, a10);
            a11 = x.fma(y, a11);
            a0 = x.fma(y, a0);
            a1 = x.fma(y, a1);
            a2 = x.fma(y, a2);
            a3 = x.fma(y, a3);
            a4 = x.fma(y, a4);
            a5 = x.fma(y, a5);
            a6 = x.fma(y, a6);
            a7 = x.fma(y, a7);
            a8 = x.fma(y, a8);
            a9 = x.fma(y, a9);
            a10 = x.fma(y, a10);
            a11 = x.fma(y, a11);
            a0 = x.fma(y, a0);
            a1 = x.fma(y, a1);
            a2 = x.fma(y, a2);
            a3 = x.fma(y, a3);
            a4 = x.fma(y, a4);
            a5 = x.fma(y, a5);
            a6 = x.fma(y, a6);
            a7 = x.fma(y, a7);
            a8 = x.fma(y, a8);
            a9 = x.fma(y, a9);
            a10 = x.fma(y, a10);
            a11 = x.fma(y, a11);
            a0 = x.fma(y, a0);
            a1 = x.fma(y, a1);
            a2 = x.fma(y, a2);
            a3 = x.fma(y, a3);
            a4 = x.fma(y, a4);
            a5 = x.fma(y, a5);
            a6 = x.fma(y, a6);
            a7 = x.fma(y, a7);
            a8 = x.fma(y, a8);
            a9 = x.fma(y, a9);
            a10 = x.fma(y, a10);
            a11 = x.fma(y, a11);
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
