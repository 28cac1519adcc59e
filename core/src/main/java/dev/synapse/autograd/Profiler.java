package dev.synapse.autograd;

import dev.synapse.internal.Profiling;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A per-op profile of the code run while it is open, as {@code torch.profiler.profile} (and {@code
 * torch.autograd.profiler}): per op name the calls, self and total time, forward ops apart from their backward
 * functions ({@code conv2d} and {@code conv2d backward}), each backend kernel ({@code kernel conv2d}) and the CPU
 * thread pool's dispatch ({@code parallel submit}, {@code parallel join}); with the bytes allocated and the garbage
 * collections over the profile and per {@link #step()}.
 *
 * <pre>{@code
 * try (var prof = Synapse.profile()) {
 *     for (...) { trainStep(); prof.step(); }
 * }  // or read it while open
 * System.out.print(prof.table(Profiler.SortBy.SELF, 15));
 * }</pre>
 *
 * <p>One profiler records at a time. When none records, each op pays one volatile read. Timings include the
 * profiler's own work (a few hundred nanoseconds an event), and so does the allocation it reports (an event record
 * each): measure allocation rates on unprofiled steps.
 */
public final class Profiler implements AutoCloseable {
    /** Events kept per thread for {@link #events()}; the rows count every event. */
    public static final int EVENT_LIMIT = 1 << 18;

    /** Table orders: {@code torch.profiler}'s {@code sort_by="self_cpu_time_total"}, {@code "cpu_time_total"}, {@code "count"}. */
    public enum SortBy {
        SELF,
        TOTAL,
        CALLS
    }

    /**
     * Bytes allocated and collections over the profile ({@code ThreadMXBean.getThreadAllocatedBytes} and the
     * {@code GarbageCollectorMXBean}s).
     *
     * @param steppingThreadBytes allocated by the thread that started the profile
     * @param poolBytes allocated by the CPU thread pool's live workers
     * @param allThreadsBytes allocated by every thread of the JVM
     */
    public record Allocation(
            long steppingThreadBytes, long poolBytes, long allThreadsBytes, long gcCount, long gcMillis) {}

    /**
     * The CPU thread pool's side of the profile: tasks (a worker helping with one parallel loop, counted when it
     * claims its first piece of it; a worker that finds every piece taken did not help), their summed wait from
     * submit to that first piece, and the summed run time of the workers' pieces (the calling thread's pieces are not
     * tasks).
     */
    public record Pool(long tasks, long startLatencyNanos, long busyNanos) {}

    private final Profiling.Session session;
    private final Thread owner;
    private final long startNanos;
    private final Snapshot start;
    private long endNanos = -1;
    private Snapshot end = Snapshot.EMPTY;
    private long lastStepNanos;
    private Snapshot lastStep;
    private final List<long[]> steps = new ArrayList<>();

    private Profiler() {
        this.owner = Thread.currentThread();
        this.start = Snapshot.take(owner);
        this.session = Profiling.start(EVENT_LIMIT);
        this.startNanos = System.nanoTime();
        this.lastStepNanos = startNanos;
        this.lastStep = start;
    }

    /**
     * Starts recording on every thread ({@code torch.profiler.profile().__enter__}).
     *
     * @throws IllegalStateException when another profiler is recording
     */
    public static Profiler start() {
        return new Profiler();
    }

    /**
     * A named range ({@code torch.profiler.record_function}): its time is the total of a row of kind {@link
     * ProfileEvent.Kind#RANGE}, and the ops inside it are its children. Does nothing when no profiler records.
     */
    public static Range range(String name) {
        if (!Profiling.on()) {
            return Range.NONE;
        }
        Profiling.begin(name, ProfileEvent.Kind.RANGE);
        return Range.OPEN;
    }

    /** Closes a {@link #range}. */
    public static final class Range implements AutoCloseable {
        static final Range NONE = new Range(false);
        static final Range OPEN = new Range(true);
        private final boolean open;

        private Range(boolean open) {
            this.open = open;
        }

        @Override
        public void close() {
            if (open) {
                Profiling.end();
            }
        }
    }

    /**
     * Ends a step ({@code prof.step()}): records its time, allocation and collections, and starts the next forward
     * op afresh so that work between steps is not counted in it. Call it from the thread that started the profile.
     */
    public void step() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("profile: step() is called from "
                    + Thread.currentThread().getName() + " but the profile was started on " + owner.getName());
        }
        if (endNanos >= 0) {
            return;
        }
        long now = System.nanoTime();
        Snapshot s = Snapshot.take(owner);
        steps.add(new long[] {
            now - lastStepNanos, s.owner - lastStep.owner, s.all - lastStep.all, s.gcCount - lastStep.gcCount
        });
        lastStepNanos = now;
        lastStep = s;
        session.mark();
    }

    /** Stops recording; the figures stay readable. Closing again does nothing. */
    @Override
    public void close() {
        if (endNanos < 0) {
            session.stop();
            endNanos = System.nanoTime();
            end = Snapshot.take(owner);
        }
    }

    /** Steps ended with {@link #step()}. */
    public int steps() {
        return steps.size();
    }

    /** The duration of each step in nanoseconds, in order. */
    public long[] stepNanos() {
        return steps.stream().mapToLong(s -> s[0]).toArray();
    }

    /** The bytes the stepping thread allocated in each step, in order (profiler's own events included). */
    public long[] stepAllocatedBytes() {
        return steps.stream().mapToLong(s -> s[1]).toArray();
    }

    /** The garbage collections that ended in each step, in order. */
    public long[] stepGcCounts() {
        return steps.stream().mapToLong(s -> s[3]).toArray();
    }

    /** Nanoseconds from the start to {@link #close()} (or to now, while open). */
    public long wallNanos() {
        return (endNanos >= 0 ? endNanos : System.nanoTime()) - startNanos;
    }

    /** Allocation and collections from the start to {@link #close()} (or to now). */
    public Allocation allocation() {
        Snapshot last = endNanos >= 0 ? end : Snapshot.take(owner);
        return new Allocation(
                last.owner - start.owner,
                Math.max(0, last.pool - start.pool),
                last.all - start.all,
                last.gcCount - start.gcCount,
                last.gcMillis - start.gcMillis);
    }

    /** The thread pool's figures. */
    public Pool pool() {
        return new Pool(session.poolTasks(), session.poolStartLatencyNanos(), session.poolBusyNanos());
    }

    /** One row per name, kind and phase, summed over threads ({@code prof.key_averages()}), by self time. */
    public List<ProfileRow> keyAverages() {
        List<ProfileRow> rows = session.rows();
        rows.sort(order(SortBy.SELF));
        return rows;
    }

    /**
     * The recorded events ({@code prof.events()}), at most {@link #EVENT_LIMIT} per thread; see {@link
     * #droppedEvents()}.
     */
    public List<ProfileEvent> events() {
        return session.events();
    }

    /** Events left out of {@link #events()} by the limit (the rows still count them). */
    public long droppedEvents() {
        return session.droppedEvents();
    }

    /**
     * The rows as a table ({@code prof.key_averages().table(sort_by=..., row_limit=...)}): name, phase, calls, self
     * and total milliseconds with their share of the profile's wall time (per step, the share of a step), and the
     * mean microseconds per call; then the steps' times, allocation, collections and the pool's figures.
     *
     * @param rowLimit the number of rows shown, at least 1
     */
    public String table(SortBy sortBy, int rowLimit) {
        if (rowLimit < 1) {
            throw new IllegalArgumentException("profile table: rowLimit must be at least 1, got " + rowLimit);
        }
        List<ProfileRow> rows = session.rows();
        rows.sort(order(sortBy));
        double wall = Math.max(1, wallNanos());
        int width = "Name".length();
        for (int i = 0; i < Math.min(rowLimit, rows.size()); i++) {
            width = Math.max(width, rows.get(i).name().length());
        }
        StringBuilder sb = new StringBuilder();
        String head = String.format(
                Locale.ROOT,
                "%-" + width + "s  %-5s %9s %11s %7s %11s %7s %12s%n",
                "Name",
                "Phase",
                "Calls",
                "Self ms",
                "Self %",
                "Total ms",
                "Total %",
                "us/call");
        String rule = "-".repeat(head.length() - 1) + "\n";
        sb.append(rule).append(head).append(rule);
        for (int i = 0; i < Math.min(rowLimit, rows.size()); i++) {
            ProfileRow r = rows.get(i);
            sb.append(String.format(
                    Locale.ROOT,
                    "%-" + width + "s  %-5s %9d %11.3f %6.1f%% %11.3f %6.1f%% %12.1f%n",
                    r.name(),
                    r.phase().label(),
                    r.calls(),
                    r.selfNanos() / 1e6,
                    100 * r.selfNanos() / wall,
                    r.totalNanos() / 1e6,
                    100 * r.totalNanos() / wall,
                    r.microsPerCall()));
        }
        sb.append(rule);
        sb.append(summary());
        return sb.toString();
    }

    /** The lines under the table: wall time, steps, allocation, collections and the pool. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Wall time: %.3f ms", wallNanos() / 1e6));
        int n = steps();
        if (n > 0) {
            long[] t = stepNanos().clone();
            Arrays.sort(t);
            sb.append(String.format(
                    Locale.ROOT,
                    "; %d steps: median %.3f ms, p90 %.3f ms, max %.3f ms",
                    n,
                    t[(n - 1) / 2] / 1e6,
                    t[Math.min(n - 1, (int) Math.ceil(0.9 * n) - 1)] / 1e6,
                    t[n - 1] / 1e6));
        }
        sb.append('\n');
        Allocation a = allocation();
        int per = Math.max(1, n);
        sb.append(String.format(
                Locale.ROOT,
                "Allocated%s: %s stepping thread, %s pool workers, %s all threads; GC: %d collections, %d ms%n",
                n > 0 ? " per step" : "",
                bytes(a.steppingThreadBytes() / per),
                bytes(a.poolBytes() / per),
                bytes(a.allThreadsBytes() / per),
                a.gcCount(),
                a.gcMillis()));
        Pool p = pool();
        if (p.tasks() > 0) {
            sb.append(String.format(
                    Locale.ROOT,
                    "Thread pool: %d tasks, mean %.1f us from submit to start, %.3f ms run by workers%n",
                    p.tasks(),
                    p.startLatencyNanos() / 1e3 / p.tasks(),
                    p.busyNanos() / 1e6));
        }
        return sb.toString();
    }

    private static String bytes(long b) {
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        }
        if (b >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", b / (double) (1L << 10));
        }
        return b + " B";
    }

    private static Comparator<ProfileRow> order(SortBy sortBy) {
        Comparator<ProfileRow> c = switch (sortBy) {
            case SELF -> Comparator.comparingLong(ProfileRow::selfNanos);
            case TOTAL -> Comparator.comparingLong(ProfileRow::totalNanos);
            case CALLS -> Comparator.comparingLong(ProfileRow::calls);
        };
        return c.reversed().thenComparing(ProfileRow::name).thenComparing(ProfileRow::phase);
    }

    /** The JVM's allocation and collection counters at one moment. */
    private record Snapshot(long owner, long pool, long all, long gcCount, long gcMillis) {
        static final Snapshot EMPTY = new Snapshot(0, 0, 0, 0, 0);

        static Snapshot take(Thread owner) {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long pool = 0;
            for (Thread t : Profiling.poolThreads()) {
                pool += Math.max(0, threads.getThreadAllocatedBytes(t.threadId()));
            }
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            return new Snapshot(
                    threads.getThreadAllocatedBytes(owner.threadId()),
                    pool,
                    threads.getTotalThreadAllocatedBytes(),
                    count,
                    millis);
        }
    }
}
