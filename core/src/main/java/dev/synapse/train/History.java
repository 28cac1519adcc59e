package dev.synapse.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-epoch record of a run, as Keras's {@code History}: {@link #history()} maps each metric
 * name to its value at every epoch, {@link #epochs()} lists the epoch numbers.
 */
public final class History implements Callback {
    /** An empty history ({@code keras.callbacks.History()}). */
    public History() {}

    private final Map<String, List<Double>> history = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            List<Double> values = history.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            // A metric that appears late (validation every N epochs) is padded so lists align with epochs.
            while (values.size() < epochs.size() - 1) {
                values.add(Double.NaN);
            }
            values.add(e.getValue());
        }
    }

    /** Metric name to per-epoch values ({@code history.history}). */
    public Map<String, List<Double>> history() {
        return Collections.unmodifiableMap(history);
    }

    /** The values of one metric; fails naming the metrics that exist. */
    public List<Double> get(String metric) {
        List<Double> v = history.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("History: no metric '" + metric + "'; recorded: " + history.keySet());
        }
        return Collections.unmodifiableList(v);
    }

    /** The last recorded value of a metric. */
    public double last(String metric) {
        List<Double> v = get(metric);
        return v.get(v.size() - 1);
    }

    /** The epoch numbers ({@code history.epoch}). */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }
}
