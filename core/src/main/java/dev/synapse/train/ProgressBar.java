package dev.synapse.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's training progress display ({@code verbose=1}: a bar per epoch with step count, ETA and the
 * running metrics; {@code verbose=2}: one line per epoch). On a terminal the bar redraws in place at
 * most ten times a second; when output is not a terminal only each epoch's final line is printed.
 */
public final class ProgressBar {
    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final int verbose;
    private final boolean interactive;
    private int total;
    private long start;
    private long lastDraw;

    /** Verbosity 0 (silent), 1 (bar) or 2 (line per epoch), to {@code out}. */
    public ProgressBar(PrintStream out, int verbose, boolean interactive) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
        }
        this.out = out;
        this.verbose = verbose;
        this.interactive = interactive;
    }

    /** To standard output, interactive when it is a terminal. */
    public static ProgressBar toStdout(int verbose) {
        return new ProgressBar(
                System.out,
                verbose,
                System.console() != null && System.console().isTerminal());
    }

    /** Starts an epoch of {@code totalSteps} steps (0-based epoch of {@code epochs}). */
    public void startEpoch(int epoch, int epochs, int totalSteps) {
        this.total = totalSteps;
        this.start = System.nanoTime();
        this.lastDraw = 0;
        if (verbose == 1) {
            out.println("Epoch " + (epoch + 1) + "/" + epochs);
        }
    }

    /** After step {@code step} (1-based) with the running metrics. */
    public void update(int step, Map<String, Double> logs) {
        if (verbose != 1 || !interactive) {
            return;
        }
        long now = System.nanoTime();
        if (step < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        out.print("\r" + line(step, logs, false));
        out.flush();
    }

    /** Ends the epoch with its final metrics (training and validation). */
    public void endEpoch(Map<String, Double> logs) {
        if (verbose == 0) {
            return;
        }
        String line = verbose == 1 ? line(total, logs, true) : summary(logs);
        out.print((interactive && verbose == 1 ? "\r" : "") + line + "\n");
        out.flush();
    }

    private String line(int step, Map<String, Double> logs, boolean done) {
        StringBuilder sb = new StringBuilder();
        String count = String.valueOf(total);
        sb.append(" ".repeat(Math.max(0, count.length() - String.valueOf(step).length())))
                .append(step)
                .append('/')
                .append(count)
                .append(' ');
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * step / total);
        sb.append("\u2501".repeat(filled)).append(" ".repeat(WIDTH - filled)).append(' ');
        double elapsed = (System.nanoTime() - start) / 1e9;
        double perStep = step == 0 ? 0 : elapsed / step;
        if (done) {
            sb.append(seconds(elapsed)).append(' ').append(perStepText(perStep));
        } else {
            sb.append(seconds(perStep * (total - step))).append(' ').append(perStepText(perStep));
        }
        appendMetrics(sb, logs);
        return sb.toString();
    }

    private String summary(Map<String, Double> logs) {
        double elapsed = (System.nanoTime() - start) / 1e9;
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
            sb.append(" - ").append(e.getKey()).append(": ").append(format(e.getValue()));
        }
    }

    /** Keras prints four significant decimals, and scientific notation for tiny values. */
    static String format(double v) {
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
}
