package dev.synapse.train.loggers;

import dev.synapse.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CSV file behind both CSV loggers: Keras's callback ({@link dev.synapse.train.callbacks.CSVLogger},
 * {@code keras.callbacks.CSVLogger}, a row per epoch) and Lightning's logger ({@link CSVLogger},
 * {@code lightning.pytorch.loggers.CSVLogger}, a row per logged step). A row is the key (epoch or step)
 * and one cell per metric; the header grows to the union of the metric names seen, earlier rows getting
 * empty cells, and a name holding a comma, quote or line break is quoted as RFC 4180 says.
 *
 * <p>A crash never costs rows already written: a row that brings a new name rewrites the whole file
 * through {@link AtomicFiles}, so the file is the old one or the new one, never a truncated mix; any
 * other row is appended and flushed, as Keras's {@code CSVLogger} does, so a crash can at most leave that
 * last row unfinished. Appending rather than rewriting keeps a long run from rewriting (and syncing) the
 * whole file per step.
 */
public final class MetricsCsvFile {
    private final Path file;
    private final String key;
    private final Set<String> columns = new LinkedHashSet<>();
    /** Every row's cells by column name, the key's included, for the rewrite when the header grows. */
    private final List<Map<String, String>> rows = new ArrayList<>();
    /** Whether the file on disk holds {@link #columns} and {@link #rows}; until then a row rewrites it. */
    private boolean current;

    /** A file at {@code file} whose first column is named {@code key} ({@code epoch}, {@code step}). */
    public MetricsCsvFile(Path file, String key) {
        this.file = file;
        this.key = key;
    }

    /** The CSV file. */
    public Path file() {
        return file;
    }

    /**
     * Starts a run: with {@code append} the rows of an existing file are kept and new rows follow them (a
     * resumed run; Keras's {@code append=True}); otherwise the file is emptied now, as Keras's callback
     * does when training begins.
     */
    public synchronized void start(boolean append) {
        columns.clear();
        rows.clear();
        try {
            if (append && Files.isRegularFile(file) && Files.size(file) > 0) {
                read();
                current = true;
            } else {
                AtomicFiles.write(file, out -> {});
                current = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the row {@code keyValue, metrics...}. */
    public synchronized void write(long keyValue, Map<String, Double> metrics) {
        Map<String, String> row = new HashMap<>();
        row.put(key, String.valueOf(keyValue));
        metrics.forEach((name, v) -> row.put(name, v == null ? "" : String.format(Locale.ROOT, "%.8g", v)));
        boolean newColumns = columns.addAll(metrics.keySet());
        rows.add(row);
        try {
            if (newColumns || !current || !Files.isRegularFile(file)) {
                StringBuilder sb = line(new StringBuilder(), null);
                for (Map<String, String> r : rows) {
                    line(sb, r);
                }
                byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                AtomicFiles.write(file, out -> out.write(bytes));
                current = true;
            } else {
                Files.writeString(
                        file, line(new StringBuilder(), row), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends the header ({@code row} null) or a row, and a line break. */
    private StringBuilder line(StringBuilder sb, Map<String, String> row) {
        sb.append(row == null ? quote(key) : row.getOrDefault(key, ""));
        for (String c : columns) {
            sb.append(',').append(row == null ? quote(c) : row.getOrDefault(c, ""));
        }
        return sb.append('\n');
    }

    /** Reads an existing file's header and rows; its first column is taken as the key whatever its name. */
    private void read() throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = cells(lines.get(0));
        columns.addAll(header.subList(1, header.size()));
        for (String l : lines.subList(1, lines.size())) {
            if (l.isEmpty()) {
                continue;
            }
            List<String> cells = cells(l);
            Map<String, String> row = new HashMap<>();
            row.put(key, cells.get(0));
            for (int i = 1; i < Math.min(cells.size(), header.size()); i++) {
                row.put(header.get(i), cells.get(i));
            }
            rows.add(row);
        }
    }

    static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }

    /** Splits one CSV line, undoing {@link #quote}. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c != '"') {
                    cell.append(c);
                } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
