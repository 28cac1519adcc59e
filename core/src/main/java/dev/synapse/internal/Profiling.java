package dev.synapse.internal;

import dev.synapse.autograd.ProfileEvent;
import dev.synapse.autograd.ProfileEvent.Kind;
import dev.synapse.autograd.ProfileEvent.Phase;
import dev.synapse.autograd.ProfileRow;
import dev.synapse.backend.Backend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The recorder behind {@link dev.synapse.autograd.Profiler}: the engine's hooks (ops, backward functions, kernels,
 * the thread pool) call it only after {@link #on()}, one volatile read, so profiling costs nothing measurable when
 * off. Each thread keeps its own stack of open events and its own sums; a session merges them when asked.
 *
 * <p>Forward ops have no begin hook (an op announces itself when it records its autograd node, after its kernel), so
 * a forward op is timed from the end of the previous event at its level to its own end: its argument checks,
 * allocation and kernels. Kernels closed in that window become its children.
 */
public final class Profiling {
    private Profiling() {}

    private static volatile @Nullable Session session;

    private static final ThreadLocal<@Nullable ThreadState> STATE = new ThreadLocal<>();
    private static final Set<Thread> POOL_THREADS = ConcurrentHashMap.newKeySet();
    private static final Map<Backend, Backend> TIMED = new ConcurrentHashMap<>();

    /** Whether a profiler records now: the one check a hook makes before anything else. */
    public static boolean on() {
        return session != null;
    }

    /** Starts recording; fails when another profiler records already (profiles do not nest). */
    public static synchronized Session start(int eventLimit) {
        if (session != null) {
            throw new IllegalStateException(
                    "profile: a profiler is already recording; close it before starting another (profiles do not nest)");
        }
        Session s = new Session(eventLimit);
        session = s;
        return s;
    }

    static synchronized void stop(Session s) {
        if (session == s) {
            session = null;
        }
    }

    /** {@code backend} with each kernel call timed while a profiler records. */
    public static Backend timed(Backend backend) {
        return TIMED.computeIfAbsent(backend, TimedBackend::new);
    }

    /** Marks a thread of the CPU pool, whose allocation a profile counts as the pool's. */
    public static void registerPoolThread(Thread t) {
        POOL_THREADS.add(t);
    }

    /** The live threads of the CPU pool. */
    public static List<Thread> poolThreads() {
        POOL_THREADS.removeIf(t -> !t.isAlive());
        return List.copyOf(POOL_THREADS);
    }

    /** A forward op ends: called by {@code Autograd.record} for every op, with or without a gradient. */
    public static void op(String name) {
        ThreadState ts = state();
        if (ts != null) {
            ts.op(name);
        }
    }

    /** Opens an event of {@code kind}; close it with {@link #end()} in a {@code finally}. */
    public static void begin(String name, Kind kind) {
        ThreadState ts = state();
        if (ts != null) {
            ts.begin(name, kind);
        }
    }

    /** Closes the innermost event this thread opened. */
    public static void end() {
        ThreadState ts = state();
        if (ts != null) {
            ts.end();
        }
    }

    /** Enters ({@code +1}) or leaves ({@code -1}) the reverse sweep on this thread. */
    public static void backwardSweep(int delta) {
        ThreadState ts = state();
        if (ts != null) {
            ts.backward = Math.max(0, ts.backward + delta);
        }
    }

    /** A pool task started {@code latencyNanos} after it was submitted. */
    public static void poolTaskStarted(long latencyNanos) {
        Session s = session;
        if (s != null) {
            s.poolTasks.increment();
            s.poolStartLatency.add(latencyNanos);
        }
    }

    /** A pool task ran for {@code nanos}. */
    public static void poolTaskRan(long nanos) {
        Session s = session;
        if (s != null) {
            s.poolBusy.add(nanos);
        }
    }

    private static @Nullable ThreadState state() {
        Session s = session;
        if (s == null) {
            return null;
        }
        ThreadState ts = STATE.get();
        if (ts == null || ts.session != s) {
            ts = new ThreadState(s, Thread.currentThread().getName());
            s.threads.add(ts);
            STATE.set(ts);
        }
        return ts;
    }

    /** One recording: the threads that took part and the pool's counters. */
    public static final class Session {
        private final long startNanos = System.nanoTime();
        private final int eventLimit;
        private final List<ThreadState> threads = new CopyOnWriteArrayList<>();
        private final LongAdder poolTasks = new LongAdder();
        private final LongAdder poolStartLatency = new LongAdder();
        private final LongAdder poolBusy = new LongAdder();

        private Session(int eventLimit) {
            this.eventLimit = eventLimit;
        }

        /** Stops recording; what was recorded stays readable. */
        public void stop() {
            Profiling.stop(this);
        }

        /** Starts the calling thread's next forward op afresh, so that what ran between steps is not counted in it. */
        public void mark() {
            ThreadState ts = STATE.get();
            if (ts != null && ts.session == this) {
                ts.mark();
            }
        }

        /** The sums over every thread, one row per name, kind and phase. */
        public List<ProfileRow> rows() {
            Map<Key, long[]> all = new HashMap<>();
            for (ThreadState ts : threads) {
                synchronized (ts) {
                    for (Map.Entry<Key, long[]> e : ts.stats.entrySet()) {
                        long[] sum = all.computeIfAbsent(e.getKey(), k -> new long[3]);
                        for (int i = 0; i < 3; i++) {
                            sum[i] += e.getValue()[i];
                        }
                    }
                }
            }
            List<ProfileRow> rows = new ArrayList<>();
            all.forEach((k, v) -> rows.add(new ProfileRow(k.name, k.kind, k.phase, v[0], v[1], v[2])));
            return rows;
        }

        /** The recorded events of every thread, each thread's in the order they ended. */
        public List<ProfileEvent> events() {
            List<ProfileEvent> out = new ArrayList<>();
            for (ThreadState ts : threads) {
                synchronized (ts) {
                    out.addAll(ts.events);
                }
            }
            return out;
        }

        /** Events not kept because a thread reached the event limit (their times are still in the rows). */
        public long droppedEvents() {
            long n = 0;
            for (ThreadState ts : threads) {
                synchronized (ts) {
                    n += ts.dropped;
                }
            }
            return n;
        }

        public long poolTasks() {
            return poolTasks.sum();
        }

        public long poolStartLatencyNanos() {
            return poolStartLatency.sum();
        }

        public long poolBusyNanos() {
            return poolBusy.sum();
        }
    }

    private record Key(String name, Kind kind, Phase phase) {}

    /** An open event, or a thread's top level (kind null). Reused: a thread's stack allocates once per depth. */
    private static final class Frame {
        String name = "";

        @Nullable
        Kind kind;

        Phase phase = Phase.FORWARD;
        long start;
        /** Inclusive time of the events nested directly inside, ended so far. */
        long children;
        /** Where the next forward op at this level starts. */
        long mark;
        /** The part of {@link #children} ended since {@link #mark}: what the next forward op takes as its own. */
        long pending;
    }

    private static final class ThreadState {
        final Session session;
        final String thread;
        final Map<Key, long[]> stats = new HashMap<>();
        final List<ProfileEvent> events = new ArrayList<>();
        long dropped;
        int backward;
        private Frame[] stack = new Frame[16];
        private int depth;

        ThreadState(Session session, String thread) {
            this.session = session;
            this.thread = thread;
            for (int i = 0; i < stack.length; i++) {
                stack[i] = new Frame();
            }
            stack[0].mark = System.nanoTime();
        }

        private Phase phase() {
            return backward > 0 ? Phase.BACKWARD : Phase.FORWARD;
        }

        void mark() {
            Frame top = stack[depth];
            top.mark = System.nanoTime();
            top.pending = 0;
        }

        void op(String name) {
            long now = System.nanoTime();
            Frame top = stack[depth];
            long total = Math.max(0, now - top.mark);
            long self = Math.max(0, total - top.pending);
            top.children += total - top.pending;
            record(name, Kind.OP, phase(), top.mark, total, self, depth);
            top.mark = now;
            top.pending = 0;
        }

        void begin(String name, Kind kind) {
            if (depth + 1 == stack.length) {
                Frame[] bigger = java.util.Arrays.copyOf(stack, stack.length * 2);
                for (int i = stack.length; i < bigger.length; i++) {
                    bigger[i] = new Frame();
                }
                stack = bigger;
            }
            Frame f = stack[++depth];
            f.name = name;
            f.kind = kind;
            f.phase = phase();
            f.start = System.nanoTime();
            f.children = 0;
            f.mark = f.start;
            f.pending = 0;
        }

        void end() {
            if (depth == 0) {
                return; // opened before this profile started
            }
            long now = System.nanoTime();
            int index = depth--;
            Frame f = stack[index];
            Kind kind = f.kind == null ? Kind.RANGE : f.kind;
            long total = now - f.start;
            // A kernel (and the pool's dispatch inside it) sits inside the forward op that is running at its level.
            int level = kind == Kind.KERNEL || kind == Kind.DISPATCH ? index : index - 1;
            record(f.name, kind, f.phase, f.start, total, Math.max(0, total - f.children), level);
            Frame parent = stack[depth];
            parent.children += total;
            if (kind == Kind.KERNEL || kind == Kind.DISPATCH) {
                // Part of the forward op that is running at this level, which ends after its kernels.
                parent.pending += total;
            } else {
                parent.mark = now;
                parent.pending = 0;
            }
        }

        private synchronized void record(
                String name, Kind kind, Phase phase, long start, long total, long self, int level) {
            long[] s = stats.computeIfAbsent(new Key(name, kind, phase), k -> new long[3]);
            s[0]++;
            s[1] += self;
            s[2] += total;
            if (events.size() < session.eventLimit) {
                events.add(new ProfileEvent(name, kind, phase, thread, start - session.startNanos, total, self, level));
            } else {
                dropped++;
            }
        }
    }
}
