package dev.synapse.train;

import dev.synapse.metrics.Metric;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Values logged during one phase of an epoch: weighted means of numbers, and stateful metrics read at the end. */
final class EpochLog {
    private final Map<String, double[]> means = new LinkedHashMap<>();
    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    void add(String name, double value, double weight) {
        double[] acc = means.computeIfAbsent(name, k -> new double[2]);
        acc[0] += value * weight;
        acc[1] += weight;
    }

    void metric(String name, Metric metric) {
        metrics.put(name, metric);
    }

    /** Current values, in the order names were first logged. */
    Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : means.entrySet()) {
            out.put(e.getKey(), e.getValue()[0] / e.getValue()[1]);
        }
        for (Map.Entry<String, Metric> e : metrics.entrySet()) {
            out.put(e.getKey(), e.getValue().result());
        }
        return out;
    }

    /**
     * The current values as a map computed when first read, then fixed: a batch's logs are mostly not
     * read (the progress bar redraws a few times a second), and a stateful metric such as an exact
     * AUC sorts every prediction so far to give its result.
     */
    Map<String, Double> lazyValues() {
        return new AbstractMap<>() {
            private @Nullable Map<String, Double> computed;

            @Override
            public Set<Entry<String, Double>> entrySet() {
                if (computed == null) {
                    computed = EpochLog.this.values();
                }
                return computed.entrySet();
            }
        };
    }

    void clear() {
        means.clear();
        for (Metric m : metrics.values()) {
            m.reset();
        }
        metrics.clear();
    }
}
