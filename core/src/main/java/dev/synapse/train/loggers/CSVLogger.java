package dev.synapse.train.loggers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lightning's {@code CSVLogger(save_dir, name)}: {@code saveDir/name/version_N/metrics.csv}, one row per
 * logged step, the header growing to the union of metric names (the file is rewritten at each step).
 */
public final class CSVLogger implements Logger {
    private final Path file;
    private final Set<String> columns = new LinkedHashSet<>();
    private final List<Map<String, Double>> rows = new ArrayList<>();
    private final List<Long> steps = new ArrayList<>();

    public CSVLogger(Path saveDir, String name) {
        this.file = Versions.next(saveDir, name).resolve("metrics.csv");
    }

    /** The CSV file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void logMetrics(Map<String, Double> metrics, long step) {
        columns.addAll(metrics.keySet());
        rows.add(Map.copyOf(metrics));
        steps.add(step);
        StringBuilder sb = new StringBuilder("step,").append(String.join(",", columns)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            sb.append(steps.get(i));
            for (String c : columns) {
                Double v = rows.get(i).get(c);
                sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.8g", v));
            }
            sb.append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
