package dev.synapse.data;

import java.io.Console;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A text progress bar around any loop, as Python's {@code tqdm}:
 *
 * <pre>{@code
 * for (Batch b : ProgressBar.wrap(loader).description("fashion")) { ... }
 * for (int i : ProgressBar.range(1000)) { ... }
 * }</pre>
 *
 * prints {@code fashion:  45%|#########           | 27/59 [00:02<00:03, 11.52it/s]} on one line,
 * redrawn at most ten times a second, to {@code System.err} or a given stream. It stays quiet when
 * the program's output is not a terminal (a log file, CI), unless {@link #force(boolean)} says otherwise.
 *
 * <p>The same bar draws Keras's training display ({@code keras.utils.Progbar}, what {@code model.fit}'s
 * {@code verbose} selects) through {@link #epochs(PrintStream, int, boolean)}: {@code verbose=1} is a bar
 * per epoch with the step count, ETA and running metrics, redrawn in place on a terminal and printed once
 * per epoch otherwise; {@code verbose=2} is one line per epoch; {@code verbose=0} is silent.
 *
 * @param <T> the items of the loop
 */
public final class ProgressBar<T> implements Iterable<T>, AutoCloseable {
    private static final int WIDTH = 20;
    /** Not a Keras epoch display: a tqdm bar. */
    private static final int TQDM = -1;

    private final Iterable<T> items;
    private long total;
    private String description = "";
    private PrintStream out = System.err;
    private @Nullable Boolean force;
    private LongSupplier clock = System::nanoTime;
    private long minIntervalNanos = 100_000_000L;
    private String postfix = "";
    private boolean bytes;
    private int verbose = TQDM;

    private long count;
    private long startNanos = -1;
    private long lastDraw = Long.MIN_VALUE;
    private int lastLength;
    private boolean closed;

    private ProgressBar(Iterable<T> items, long total) {
        this.items = items;
        this.total = total;
    }

    /**
     * A bar over {@code items}; the total is known for collections and {@link DataLoader}s
     * ({@code len(loader)}), otherwise only the count and rate are shown.
     */
    public static <T> ProgressBar<T> wrap(Iterable<T> items) {
        long total = -1;
        if (items instanceof Collection<?> c) {
            total = c.size();
        } else if (items instanceof DataLoader l) {
            total = l.size();
        }
        return new ProgressBar<>(items, total);
    }

    /** A bar over {@code 0..n-1} ({@code tqdm(range(n))}, {@code trange}). */
    public static ProgressBar<Integer> range(int n) {
        Iterable<Integer> it = () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Integer next() {
                if (i >= n) {
                    throw new NoSuchElementException();
                }
                return i++;
            }
        };
        return new ProgressBar<>(it, n);
    }

    /** A bar with no loop of its own, advanced by {@link #update(long)} ({@code tqdm(total=n)}). */
    public static ProgressBar<Void> manual(long total) {
        return new ProgressBar<>(java.util.List.of(), total);
    }

    /**
     * Keras's per-epoch training display ({@code keras.utils.Progbar}; {@code model.fit(verbose=...)}):
     * verbosity 0 (silent), 1 (a bar per epoch) or 2 (one line per epoch), to {@code out}, redrawn in place
     * when {@code interactive} (a terminal). Driven by {@link #startEpoch}, {@link #update(int, Map)} and
     * {@link #endEpoch}.
     */
    public static ProgressBar<Void> epochs(PrintStream out, int verbose, boolean interactive) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
        }
        ProgressBar<Void> bar = manual(0).output(out).force(interactive);
        bar.verbose = verbose;
        return bar;
    }

    /** The text before the bar ({@code desc=}). */
    public ProgressBar<T> description(String description) {
        this.description = description == null ? "" : description;
        return this;
    }

    /** The expected number of items, when the iterable cannot tell ({@code total=}). */
    public ProgressBar<T> total(long total) {
        this.total = total;
        return this;
    }

    /** Where to draw ({@code file=}); {@code System.err} by default. */
    public ProgressBar<T> output(PrintStream out) {
        this.out = out;
        return this;
    }

    /**
     * Draws even when the output is not a terminal ({@code true}) or never draws ({@code false}, {@code disable=True}).
     */
    public ProgressBar<T> force(boolean draw) {
        this.force = draw;
        return this;
    }

    /** The time source in nanoseconds, for tests and replays; {@code System::nanoTime} by default. */
    public ProgressBar<T> clock(LongSupplier nanos) {
        this.clock = nanos;
        return this;
    }

    /** The least time between two redraws ({@code mininterval}); 0 redraws on every update. */
    public ProgressBar<T> minIntervalMillis(long millis) {
        this.minIntervalNanos = millis * 1_000_000L;
        return this;
    }

    /** Counts bytes: shows sizes in kB/MB and the rate in MB/s ({@code unit="B", unit_scale=True}). */
    public ProgressBar<T> bytes(boolean bytes) {
        this.bytes = bytes;
        return this;
    }

    /** Text shown after the rate, e.g. the current loss ({@code set_postfix_str}). */
    public void postfix(String text) {
        this.postfix = text == null ? "" : text;
    }

    /** Items done so far. */
    public long count() {
        return count;
    }

    @Override
    public Iterator<T> iterator() {
        Iterator<T> inner = items.iterator();
        start();
        return new Iterator<>() {
            // The item handed out last is counted when the loop asks for the next one, as tqdm does:
            // only then is its body finished.
            private boolean pending;

            @Override
            public boolean hasNext() {
                boolean more = inner.hasNext();
                if (!more) {
                    finishPending();
                    close();
                }
                return more;
            }

            @Override
            public T next() {
                T item = inner.next();
                finishPending();
                pending = true;
                return item;
            }

            private void finishPending() {
                if (pending) {
                    pending = false;
                    update(1);
                }
            }
        };
    }

    /** Adds {@code n} finished items and redraws when due. */
    public void update(long n) {
        start();
        count += n;
        draw(false);
    }

    /** Draws the final state and ends the line. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        draw(true);
        if (verbose == TQDM && enabled() && lastLength > 0) {
            out.println();
            out.flush();
        }
    }

    private void start() {
        if (startNanos < 0) {
            startNanos = clock.getAsLong();
            draw(true);
        }
    }

    private boolean enabled() {
        if (force != null) {
            return force;
        }
        Console c = System.console();
        return c != null && c.isTerminal();
    }

    private void draw(boolean always) {
        if (verbose != TQDM || !enabled()) {
            return;
        }
        long now = clock.getAsLong();
        if (!always && lastDraw != Long.MIN_VALUE && now - lastDraw < minIntervalNanos) {
            return;
        }
        lastDraw = now;
        redraw(render(now));
    }

    /** Draws {@code line} over the previous one, blanking what is left of a longer previous line. */
    private void redraw(String line) {
        StringBuilder sb =
                new StringBuilder(line.length() + lastLength + 1).append('\r').append(line);
        for (int i = line.length(); i < lastLength; i++) {
            sb.append(' ');
        }
        lastLength = line.length();
        out.print(sb);
        out.flush();
    }

    /** The bar's text at time {@code now}, without the carriage return. */
    String render(long now) {
        double elapsed = Math.max(0, now - startNanos) / 1e9;
        double rate = elapsed > 0 ? count / elapsed : 0;
        StringBuilder sb = new StringBuilder();
        if (!description.isEmpty()) {
            sb.append(description).append(": ");
        }
        String rateText = bytes
                ? (rate > 0 ? size(rate) + "/s" : "?B/s")
                : rate > 0
                        ? (rate >= 1
                                ? String.format(Locale.ROOT, "%.2fit/s", rate)
                                : String.format(Locale.ROOT, "%.2fs/it", 1 / rate))
                        : "?it/s";
        if (total > 0) {
            double frac = Math.min(1.0, (double) count / total);
            int filled = (int) (frac * WIDTH);
            sb.append(String.format(Locale.ROOT, "%3d%%|", (int) (frac * 100)));
            sb.append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("| ");
            sb.append(bytes ? size(count) : String.valueOf(count))
                    .append('/')
                    .append(bytes ? size(total) : String.valueOf(total));
            String eta = rate > 0 ? clockText((total - count) / rate) : "?";
            sb.append(" [")
                    .append(clockText(elapsed))
                    .append('<')
                    .append(eta)
                    .append(", ")
                    .append(rateText);
        } else {
            sb.append(count)
                    .append("it [")
                    .append(clockText(elapsed))
                    .append(", ")
                    .append(rateText);
        }
        if (!postfix.isEmpty()) {
            sb.append(", ").append(postfix);
        }
        return sb.append(']').toString();
    }

    /** Starts an epoch of {@code totalSteps} steps (0-based epoch of {@code epochs}) of an {@link #epochs} bar. */
    public void startEpoch(int epoch, int epochs, int totalSteps) {
        requireEpochs();
        total = totalSteps;
        count = 0;
        startNanos = clock.getAsLong();
        lastDraw = Long.MIN_VALUE;
        lastLength = 0;
        if (verbose == 1) {
            out.println("Epoch " + (epoch + 1) + "/" + epochs);
        }
    }

    /** After step {@code step} (1-based) of the epoch, with the running metrics. */
    public void update(int step, Map<String, Double> logs) {
        requireEpochs();
        count = step;
        if (verbose != 1 || !enabled()) {
            return;
        }
        long now = clock.getAsLong();
        if (step < total && lastDraw != Long.MIN_VALUE && now - lastDraw < minIntervalNanos) {
            return;
        }
        lastDraw = now;
        redraw(epochLine(now, logs, false));
    }

    /** Ends the epoch with its final metrics (training and validation). */
    public void endEpoch(Map<String, Double> logs) {
        requireEpochs();
        if (verbose == 0) {
            return;
        }
        count = total;
        long now = clock.getAsLong();
        if (verbose == 1 && enabled()) {
            redraw(epochLine(now, logs, true));
        } else {
            out.print(verbose == 1 ? epochLine(now, logs, true) : epochSummary(now, logs));
        }
        out.print("\n");
        out.flush();
    }

    private void requireEpochs() {
        if (verbose == TQDM) {
            throw new IllegalStateException("startEpoch, update(step, logs) and endEpoch need a bar made by epochs()");
        }
    }

    /** Keras's bar: {@code  7/38 ━━━━━━━━━━           3s 85ms/step - loss: 0.2500}. */
    private String epochLine(long now, Map<String, Double> logs, boolean done) {
        StringBuilder sb = new StringBuilder();
        String totalText = String.valueOf(total);
        String step = String.valueOf(count);
        sb.append(" ".repeat(Math.max(0, totalText.length() - step.length())))
                .append(step)
                .append('/')
                .append(totalText)
                .append(' ');
        int filled = total == 0 ? WIDTH : (int) (WIDTH * count / total);
        sb.append("\u2501".repeat(filled)).append(" ".repeat(WIDTH - filled)).append(' ');
        double elapsed = (now - startNanos) / 1e9;
        double perStep = count == 0 ? 0 : elapsed / count;
        sb.append(seconds(done ? elapsed : perStep * (total - count)))
                .append(' ')
                .append(perStepText(perStep));
        appendMetrics(sb, logs);
        return sb.toString();
    }

    /** Keras's {@code verbose=2} line: {@code 38/38 - 3s - 85ms/step - loss: 0.2500}. */
    private String epochSummary(long now, Map<String, Double> logs) {
        double elapsed = (now - startNanos) / 1e9;
        StringBuilder sb = new StringBuilder()
                .append(total)
                .append('/')
                .append(total)
                .append(" - ")
                .append(seconds(elapsed))
                .append(" - ")
                .append(perStepText(total == 0 ? 0 : elapsed / total));
        appendMetrics(sb, logs);
        return sb.toString();
    }

    private static void appendMetrics(StringBuilder sb, Map<String, Double> logs) {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            sb.append(" - ").append(e.getKey()).append(": ").append(metric(e.getValue()));
        }
    }

    /** Keras prints four decimals, and scientific notation for tiny values. */
    static String metric(double v) {
        if (v != 0 && Math.abs(v) < 1e-3) {
            return String.format(Locale.ROOT, "%.4e", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String seconds(double s) {
        return s < 60 ? Math.round(s) + "s" : String.format(Locale.ROOT, "%d:%02d", (long) s / 60, (long) s % 60);
    }

    private static String perStepText(double s) {
        return s >= 1
                ? String.format(Locale.ROOT, "%.0fs/step", s)
                : s >= 1e-3
                        ? String.format(Locale.ROOT, "%.0fms/step", s * 1e3)
                        : String.format(Locale.ROOT, "%.0fus/step", s * 1e6);
    }

    static String size(double b) {
        if (b < 1e3) {
            return String.format(Locale.ROOT, "%.0fB", b);
        }
        if (b < 1e6) {
            return String.format(Locale.ROOT, "%.1fkB", b / 1e3);
        }
        if (b < 1e9) {
            return String.format(Locale.ROOT, "%.1fMB", b / 1e6);
        }
        return String.format(Locale.ROOT, "%.2fGB", b / 1e9);
    }

    static String clockText(double seconds) {
        long s = (long) Math.max(0, seconds);
        long h = s / 3600;
        long m = (s / 60) % 60;
        long sec = s % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%02d:%02d", m, sec);
    }
}
