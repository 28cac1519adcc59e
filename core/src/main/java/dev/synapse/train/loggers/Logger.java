package dev.synapse.train.loggers;

import java.util.Map;

/** Where the Trainer sends each epoch's metrics (Lightning's {@code Logger}). */
public interface Logger {
    /** Records {@code metrics} at {@code step} (the epoch for epoch-level metrics). */
    void logMetrics(Map<String, Double> metrics, long step);

    /** Flushes and closes files at the end of fit. */
    default void finish() {}
}
