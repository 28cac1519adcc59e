package dev.synapse.train;

import java.util.Locale;

/** Which direction of a monitored metric is better, as Keras's {@code mode="auto"|"min"|"max"}. */
public enum Monitor {
    AUTO,
    MIN,
    MAX;

    /**
     * Resolves AUTO: accuracy-like names ({@code acc}, {@code auc}, precision, recall) are maximized, others minimized.
     */
    public Monitor resolve(String metric) {
        if (this != AUTO) {
            return this;
        }
        String m = metric.toLowerCase(Locale.ROOT);
        return m.contains("acc") || m.contains("auc") || m.contains("precision") || m.contains("recall") ? MAX : MIN;
    }

    /** True when {@code value} beats {@code best} by more than {@code minDelta} in this (resolved) direction. */
    public boolean improves(double value, double best, double minDelta) {
        return this == MAX ? value > best + minDelta : value < best - minDelta;
    }

    /** The starting "best" for this (resolved) direction. */
    public double worst() {
        return this == MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
}
