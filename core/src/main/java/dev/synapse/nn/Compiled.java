package dev.synapse.nn;

import dev.synapse.losses.BinaryCrossentropy;
import dev.synapse.losses.Loss;
import dev.synapse.metrics.Accuracy;
import dev.synapse.metrics.Metric;
import dev.synapse.metrics.Metrics;
import dev.synapse.optim.Optimizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What {@code model.compile(optimizer, loss, metrics)} fixes: the optimizer (which keeps its state
 * across fit calls), the loss and the metrics (fresh copies are made for training and validation).
 */
public record Compiled(Optimizer optimizer, Loss loss, List<Metric> metrics) {
    public Compiled {
        if (optimizer == null || loss == null) {
            throw new IllegalArgumentException(
                    "compile: an optimizer and a loss are required, got optimizer " + optimizer + " and loss " + loss);
        }
        if (metrics == null || metrics.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("compile: metrics must not be or hold null, got " + metrics);
        }
        List<Metric> resolved = new ArrayList<>();
        for (Metric m : metrics) {
            resolved.add(resolve(m, loss));
        }
        metrics = List.copyOf(resolved);
    }

    /**
     * The settings of {@code model.compile}: each metric a Keras name ({@link Metrics#get}) or a
     * {@link Metric}, or a collection of them, as Keras's {@code metrics} list mixes strings and objects.
     *
     * @throws IllegalArgumentException naming the value when a metric is neither
     */
    public static Compiled of(Optimizer optimizer, Loss loss, Object... metrics) {
        List<Metric> out = new ArrayList<>();
        for (Object m : metrics == null ? new Object[] {null} : metrics) {
            if (m instanceof Collection<?> several) {
                several.forEach(one -> out.add(metric(one)));
            } else {
                out.add(metric(m));
            }
        }
        return new Compiled(optimizer, loss, out);
    }

    private static Metric metric(Object m) {
        return switch (m) {
            case Metric metric -> metric;
            case String name -> Metrics.get(name);
            case null, default ->
                throw new IllegalArgumentException(
                        "compile: a metric is a Keras name such as " + "\"accuracy\" or a Metric object, got "
                                + (m == null ? "null" : m.getClass().getName() + " " + m));
        };
    }

    /**
     * Keras reads {@code "accuracy"} with a binary cross-entropy loss as binary accuracy, also for
     * several output columns (multi-label); otherwise the labels' shape decides at the first batch.
     */
    private static Metric resolve(Metric m, Loss loss) {
        if (m instanceof Accuracy a && a.kind() == Accuracy.Kind.AUTO && loss instanceof BinaryCrossentropy) {
            return new Accuracy(a.name(), Accuracy.Kind.BINARY, 0.5);
        }
        return m;
    }
}
