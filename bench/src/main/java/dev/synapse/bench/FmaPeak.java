package dev.synapse.bench;

import dev.synapse.backend.cpu.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's float32 fused multiply-add peak as Java can reach it: a loop of independent
 * {@link FloatVector} FMAs (preferred species) run on every thread of the backend's pool at once.
 * Twelve accumulator chains cover the FMA latency times the issue width of current x86 and ARM cores
 * while leaving registers free even where there are only 16.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;
    /** Keeps the results alive so the loops cannot be removed. */
    private static volatile float sink;

    private FmaPeak() {}

    /** Float operations per second of one all-threads run of {@code iterations} steps per thread. */
    public static double run(long iterations) {
        int threads = Parallel.threads();
        long start = System.nanoTime();
        Parallel.forRange(threads, 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                sink = loop(iterations);
            }
        });
        long nanos = System.nanoTime() - start;
        double flops = 2.0 * S.length() * CHAINS * iterations * threads;
        return flops / nanos * 1e9;
    }

    /** Iterations that make one run last about {@code seconds} on this machine. */
    public static long calibrate(double seconds) {
        for (int i = 0; i < 3; i++) {
            sink = loop(1 << 18); // compiled before it is timed
        }
        long iters = 1 << 16;
        while (true) {
            long start = System.nanoTime();
            sink = loop(iters);
            double s = (System.nanoTime() - start) * 1e-9;
            if (s > 0.02) {
                return Math.max(1, (long) (iters * seconds / s));
            }
            iters *= 4;
        }
    }

    private static float loop(long iterations) {
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
        for (long i = 0; i < iterations; i++) {
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
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
