package dev.synapse.train.loggers;

import dev.synapse.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lightning's {@code CSVLogger(save_dir, name)}: {@code saveDir/name/version_N/metrics.csv}, one row per
 * logged step, the header growing to the union of metric names.
 *
 * <p>A crash never costs rows already written: a step that brings a new name rewrites the whole file
 * (the header changes, and earlier rows get the new empty column) through {@link AtomicFiles}, so the
 * file is the old one or the new one, never a truncated mix; any other step appends its one row and
 * flushes, as Keras's {@code CSVLogger} does, so a crash can at most leave that last row unfinished.
 * Appending rather than rewriting keeps a long run from rewriting (and syncing) the whole file per step.
 */
public final class CSVLogger implements Logger {
    private final Path file;
    private final Set<String> columns = new LinkedHashSet<>();
    private final List<Map<String, Double>> rows = new ArrayList<>();
    private final List<Long> steps = new ArrayList<>();

    /** Logs into the next free {@code saveDir/name/version_N/metrics.csv}. */
    public CSVLogger(Path saveDir, String name) {
        this.file = Versions.next(saveDir, name).resolve("metrics.csv");
    }

    /** The CSV file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void logMetrics(Map<String, Double> metrics, long step) {
        boolean newColumns = columns.addAll(metrics.keySet());
        rows.add(Map.copyOf(metrics));
        steps.add(step);
        try {
            if (newColumns || !Files.isRegularFile(file)) {
                StringBuilder sb = new StringBuilder("step,")
                        .append(String.join(",", columns))
                        .append('\n');
                for (int i = 0; i < rows.size(); i++) {
                    row(sb, steps.get(i), rows.get(i));
                }
                byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                AtomicFiles.write(file, out -> out.write(bytes));
            } else {
                Files.writeString(
                        file,
                        row(new StringBuilder(), step, metrics),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private StringBuilder row(StringBuilder sb, long step, Map<String, Double> values) {
        sb.append(step);
        for (String c : columns) {
            Double v = values.get(c);
            sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.8g", v));
        }
        return sb.append('\n');
    }
}
