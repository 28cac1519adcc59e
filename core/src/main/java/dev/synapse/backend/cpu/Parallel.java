package dev.synapse.backend.cpu;

import dev.synapse.autograd.ProfileEvent;
import dev.synapse.internal.Profiling;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The one thread pool of the CPU backend, sized to the cores ({@code SYNAPSE_NUM_THREADS}
 * overrides). Kernels split work with {@link #forRange}; the calling thread runs one share itself.
 *
 * <p>The workers are plain threads, one task slot each, that spin for {@link #SPIN_NANOS} after each share before
 * they park, as OpenMP's threads do under PyTorch: a training step runs dozens of parallel kernels a few microseconds
 * apart, and waking a parked thread costs tens to hundreds of microseconds each time (measured 130-190 us from submit
 * to start with a {@code ForkJoinPool} on a 2-core VM), while handing a share to a spinning worker is one volatile
 * write. One caller at a time uses the workers; a second thread calling in meanwhile (a data loader's worker, say)
 * runs its loop on its own thread instead of waiting.
 */
public final class Parallel {
    private static final int THREADS = threadCount();
    /** How long a worker spins for its next share before it parks. */
    private static final long SPIN_NANOS = 200_000;

    private static final Worker[] WORKERS = startWorkers(THREADS - 1);
    private static final AtomicBoolean IN_USE = new AtomicBoolean();

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
        if (chunks <= 1 || inLoop[0] || !IN_USE.compareAndSet(false, true)) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        try {
            runShares(n, chunks, body);
        } finally {
            IN_USE.set(false);
        }
    }

    private static void runShares(int n, int chunks, RangeBody body) {
        boolean profiled = Profiling.on();
        if (profiled) {
            Profiling.begin("parallel submit", ProfileEvent.Kind.DISPATCH);
        }
        // Each range's exception is kept as thrown, and rethrown on the calling thread once every share is done.
        Throwable[] failures = new Throwable[chunks];
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            int chunk = c;
            Runnable range = profiled ? timed(body, from, to) : () -> runMarked(body, from, to);
            WORKERS[c - 1].hand(() -> {
                try {
                    range.run();
                } catch (Throwable e) {
                    failures[chunk] = e;
                }
            });
        }
        if (profiled) {
            Profiling.end();
        }
        try {
            runMarked(body, 0, (int) ((long) n / chunks));
        } catch (RuntimeException | Error e) {
            failures[0] = e;
        }
        if (profiled) {
            Profiling.begin("parallel join", ProfileEvent.Kind.DISPATCH);
        }
        for (int c = 1; c < chunks; c++) {
            WORKERS[c - 1].awaitIdle();
        }
        if (profiled) {
            Profiling.end();
        }
        for (Throwable f : failures) {
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error e) {
                throw e;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
        }
    }

    private static Worker[] startWorkers(int count) {
        Worker[] workers = new Worker[count];
        for (int i = 0; i < count; i++) {
            workers[i] = new Worker("synapse-cpu-" + (i + 1));
            Profiling.registerPoolThread(workers[i]);
            workers[i].start();
        }
        return workers;
    }

    /** A pool thread with one slot: the share it runs next, null while it has none. */
    private static final class Worker extends Thread {
        private volatile @Nullable Runnable task;
        private volatile boolean parked;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        /** Gives this idle worker a share; wakes it if it parked. */
        void hand(Runnable share) {
            task = share;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        /** Waits until the share handed last is done: spinning, then sleeping 50 us at a time if it takes long. */
        void awaitIdle() {
            for (int spins = 0; task != null; spins++) {
                if (spins < 20_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(50_000);
                }
            }
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                Runnable t = task;
                if (t != null) {
                    t.run();
                    task = null;
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    // Parked is set before the slot is read again, and hand() writes the slot before reading parked:
                    // either this thread sees the share, or hand() sees it parked and unparks it.
                    parked = true;
                    if (task == null) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
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
