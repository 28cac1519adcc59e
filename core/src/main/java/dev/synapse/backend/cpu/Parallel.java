package dev.synapse.backend.cpu;

import dev.synapse.autograd.ProfileEvent;
import dev.synapse.internal.Profiling;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
    /**
     * Pieces a loop is cut into per thread, at most: a thread that the rest of the machine slows or delays (a shared
     * VM's core, an efficiency core) leaves its later pieces to the others instead of holding up the join.
     */
    private static final int PIECES_PER_THREAD = 4;

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
     * How many partial results a parallel reduction over {@code units} should make, each of at least {@code grain}
     * units (at least 1): as many as {@link #forRange} makes pieces, so that the calling thread can take the share of a
     * worker that starts late or runs slowed, where one part per thread would leave it waiting at the join. One part
     * where there is one thread.
     */
    public static int parts(int units, int grain) {
        int most = THREADS == 1 ? 1 : THREADS * PIECES_PER_THREAD;
        return Math.max(1, Math.min(most, units / Math.max(1, grain)));
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous pieces of at least {@code grain} iterations, at most
     * {@value #PIECES_PER_THREAD} per thread, which the calling thread and the workers claim in turn; small loops run
     * on the calling thread. The pieces' bounds depend only on {@code n}, {@code grain} and the thread count, never on
     * which thread runs them.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int pieces = (int) Math.min((long) THREADS * PIECES_PER_THREAD, Math.max(1, n / Math.max(1, grain)));
        boolean[] inLoop = IN_LOOP.get();
        if (pieces <= 1 || inLoop[0] || !IN_USE.compareAndSet(false, true)) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        try {
            runPieces(new Job(body, n, pieces));
        } finally {
            IN_USE.set(false);
        }
    }

    private static void runPieces(Job job) {
        boolean profiled = Profiling.on();
        if (profiled) {
            Profiling.begin("parallel submit", ProfileEvent.Kind.DISPATCH);
        }
        int helpers = Math.min(WORKERS.length, job.pieces - 1);
        job.submitted = profiled ? System.nanoTime() : -1;
        for (int w = 0; w < helpers; w++) {
            WORKERS[w].hand(job);
        }
        if (profiled) {
            Profiling.end();
        }
        job.run(false);
        if (profiled) {
            Profiling.begin("parallel join", ProfileEvent.Kind.DISPATCH);
        }
        // Waits for the pieces, not the workers: a worker that starts late (its core taken by another process) finds
        // every piece claimed and returns at once, and nothing waits for it.
        for (int spins = 0; job.done.get() < job.pieces; spins++) {
            if (spins < 20_000) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(50_000);
            }
        }
        if (profiled) {
            Profiling.end();
        }
        for (Throwable f : job.failures) {
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

    /**
     * One parallel loop: its pieces, claimed in order by whichever thread asks next, so a thread slowed by the rest of
     * the machine does fewer of them. Each piece's exception is kept as thrown and rethrown on the calling thread once
     * every piece is done.
     *
     * <p>While profiling, a worker reports when it claimed its first piece and how long each of its pieces ran before
     * it counts that piece done, so the caller's join sees every report: a worker that comes too late to claim a piece
     * did not help and reports nothing.
     */
    private static final class Job {
        final RangeBody body;
        final int n;
        final int pieces;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final Throwable[] failures;
        /** When the job was handed to the workers, or -1 if not profiled; written before the hand-off. */
        long submitted = -1;

        Job(RangeBody body, int n, int pieces) {
            this.body = body;
            this.n = n;
            this.pieces = pieces;
            this.failures = new Throwable[pieces];
        }

        void run(boolean worker) {
            boolean timed = worker && submitted >= 0;
            boolean first = true;
            for (int p; (p = next.getAndIncrement()) < pieces; ) {
                long started = 0;
                if (timed) {
                    started = System.nanoTime();
                    if (first) {
                        Profiling.poolTaskStarted(started - submitted);
                        first = false;
                    }
                }
                try {
                    runMarked(body, (int) ((long) n * p / pieces), (int) ((long) n * (p + 1) / pieces));
                } catch (Throwable e) {
                    failures[p] = e;
                } finally {
                    if (timed) {
                        Profiling.poolTaskRan(System.nanoTime() - started);
                    }
                    done.incrementAndGet();
                }
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

    /**
     * A pool thread with one slot: the job it helps with next, null while it has none. A job handed while the worker
     * still holds an earlier one replaces it: every piece of the earlier job has been claimed by then.
     */
    private static final class Worker extends Thread {
        private static final VarHandle TASK;

        static {
            try {
                TASK = MethodHandles.lookup().findVarHandle(Worker.class, "task", Job.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private volatile @Nullable Job task;
        private volatile boolean parked;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        /** Gives this worker a job to help with; wakes it if it parked. */
        void hand(Job job) {
            task = job;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                Job t = task;
                if (t != null) {
                    t.run(true);
                    // Clears the slot only if no newer job arrived meanwhile.
                    TASK.compareAndSet(this, t, null);
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    // Parked is set before the slot is read again, and hand() writes the slot before reading parked:
                    // either this thread sees the job, or hand() sees it parked and unparks it.
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
