package dev.synapse.train.callbacks;

import dev.synapse.train.Callback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one CSV row per epoch: {@code epoch} then each metric, the header from the first epoch's
 * names ({@code keras.callbacks.CSVLogger}, Lightning's {@code CSVLogger}).
 */
public final class CSVLogger implements Callback {
    private final Path file;
    private final boolean append;
    private List<String> columns;
    private Writer out;

    public CSVLogger(Path file) {
        this(file, false);
    }

    /** With {@code append}, rows are added to an existing file (a resumed run) and no header is repeated. */
    public CSVLogger(Path file, boolean append) {
        this.file = file;
        this.append = append;
    }

    @Override
    public void onTrainBegin() {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            boolean existing = append && Files.exists(file) && Files.size(file) > 0;
            if (existing) {
                String header = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
                columns = new ArrayList<>(List.of(header.split(",")));
                columns.remove(0);
            }
            out = Files.newBufferedWriter(
                    file,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        try {
            if (columns == null) {
                columns = new ArrayList<>(logs.keySet());
                out.write("epoch," + String.join(",", columns) + "\n");
            }
            StringBuilder row = new StringBuilder().append(epoch);
            for (String c : columns) {
                Double v = logs.get(c);
                row.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.8g", v));
            }
            out.write(row.append('\n').toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
