package dev.synapse.train.loggers;

import java.nio.file.Path;
import java.util.Map;

/**
 * Lightning's {@code lightning.pytorch.loggers.CSVLogger(save_dir, name)}:
 * {@code saveDir/name/version_N/metrics.csv}, one row per logged step. A thin face over
 * {@link MetricsCsvFile}, the same file Keras's {@link dev.synapse.train.callbacks.CSVLogger} writes a row
 * per epoch into: the header grows to the union of metric names, a row that brings a new name replaces the
 * file atomically, and any other row is appended and flushed.
 */
public final class CSVLogger implements Logger {
    private final MetricsCsvFile csv;

    /** Logs into the next free {@code saveDir/name/version_N/metrics.csv}. */
    public CSVLogger(Path saveDir, String name) {
        this.csv = new MetricsCsvFile(Versions.next(saveDir, name).resolve("metrics.csv"), "step");
    }

    /** The CSV file. */
    public Path file() {
        return csv.file();
    }

    @Override
    public void logMetrics(Map<String, Double> metrics, long step) {
        csv.write(step, metrics);
    }
}
