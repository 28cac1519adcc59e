package dev.synapse.backend.cpu;

import dev.synapse.autograd.ProfileEvent;
import dev.synapse.internal.Profiling;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The one thread pool of the CPU backend, sized to the cores ({@code SYNAPSE_NUM_THREADS}
 * overrides). Kernels split work with {@link #forRange}; the calling thread runs one share itself.
 */
public final class Parallel {
    private static final int THREADS = threadCount();
    private static final ForkJoinPool POOL = new ForkJoinPool(
            THREADS,
            pool -> {
                ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                t.setDaemon(true);
                t.setName("synapse-cpu-" + t.getPoolIndex());
                Profiling.registerPoolThread(t);
                return t;
            },
            null,
            false);

    /** Set while a thread runs a share of a parallel loop, so nested loops run inline instead of oversubscribing. */
    private static final ThreadLocal<boolean[]> IN_LOOP = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallel() {}

    /** Body of a parallel loop over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** Number of threads kernels use. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} contiguous chunks of
     * at least {@code grain} iterations; small loops run on the calling thread.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int chunks = Math.min(THREADS, Math.max(1, n / Math.max(1, grain)));
        boolean[] inLoop = IN_LOOP.get();
        if (chunks <= 1 || inLoop[0]) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        boolean profiled = Profiling.on();
        if (profiled) {
            Profiling.begin("parallel submit", ProfileEvent.Kind.DISPATCH);
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        // Each range's exception is kept as thrown: join would rethrow a copy whose message is the original's
        // toString().
        RuntimeException[] failures = new RuntimeException[chunks];
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            int chunk = c;
            Runnable range = profiled ? timed(body, from, to) : () -> runMarked(body, from, to);
            tasks[c - 1] = POOL.submit(() -> {
                try {
                    range.run();
                } catch (RuntimeException e) {
                    failures[chunk] = e;
                }
            });
        }
        if (profiled) {
            Profiling.end();
        }
        try {
            runMarked(body, 0, (int) ((long) n / chunks));
        } catch (RuntimeException e) {
            failures[0] = e;
        }
        if (profiled) {
            Profiling.begin("parallel join", ProfileEvent.Kind.DISPATCH);
        }
        for (ForkJoinTask<?> t : tasks) {
            t.join();
        }
        if (profiled) {
            Profiling.end();
        }
        for (RuntimeException f : failures) {
            if (f != null) {
                throw f;
            }
        }
    }

    /** A share that reports to the profiler how long it waited for a worker and how long it ran. */
    private static Runnable timed(RangeBody body, int from, int to) {
        long submitted = System.nanoTime();
        return () -> {
            long started = System.nanoTime();
            Profiling.poolTaskStarted(started - submitted);
            try {
                runMarked(body, from, to);
            } finally {
                Profiling.poolTaskRan(System.nanoTime() - started);
            }
        };
    }

    private static void runMarked(RangeBody body, int from, int to) {
        boolean[] inLoop = IN_LOOP.get();
        boolean outer = !inLoop[0];
        inLoop[0] = true;
        try {
            body.run(from, to);
        } finally {
            if (outer) {
                inLoop[0] = false;
            }
        }
    }

    private static int threadCount() {
        String env = System.getenv("SYNAPSE_NUM_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                int n = Integer.parseInt(env.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the core count
            }
            System.getLogger(Parallel.class.getName())
                    .log(
                            System.Logger.Level.WARNING,
                            "ignoring SYNAPSE_NUM_THREADS=''{0}'' (expected a positive integer); using the core count",
                            env);
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
