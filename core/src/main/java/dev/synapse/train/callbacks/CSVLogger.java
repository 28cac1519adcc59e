package dev.synapse.train.callbacks;

import dev.synapse.train.Callback;
import dev.synapse.train.loggers.MetricsCsvFile;
import java.nio.file.Path;
import java.util.Map;

/**
 * Keras's {@code keras.callbacks.CSVLogger(filename, append=False)}: one CSV row per epoch, {@code epoch}
 * then each metric. A thin face over {@link MetricsCsvFile}, the same file Lightning's
 * {@link dev.synapse.train.loggers.CSVLogger} writes a row per step into: the header grows when a new
 * metric name appears, and each row is flushed as it is written.
 */
public final class CSVLogger implements Callback {
    private final MetricsCsvFile csv;
    private final boolean append;

    /** Writes {@code file} anew when training begins. */
    public CSVLogger(Path file) {
        this(file, false);
    }

    /** With {@code append}, rows are added to an existing file (a resumed run) and no header is repeated. */
    public CSVLogger(Path file, boolean append) {
        this.csv = new MetricsCsvFile(file, "epoch");
        this.append = append;
    }

    @Override
    public void onTrainBegin() {
        csv.start(append);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        csv.write(epoch, logs);
    }
}
