package dev.synapse.train.keras;

import dev.synapse.losses.BinaryCrossentropy;
import dev.synapse.losses.Loss;
import dev.synapse.metrics.Accuracy;
import dev.synapse.metrics.Metric;
import dev.synapse.optim.Optimizer;
import java.util.List;

/**
 * What {@code model.compile(optimizer, loss, metrics)} fixes: the optimizer (which keeps its state
 * across fit calls), the loss and the metrics (fresh copies are made for training and validation).
 */
public record Compiled(Optimizer optimizer, Loss loss, List<Metric> metrics) {
    public Compiled {
        if (optimizer == null || loss == null) {
            throw new IllegalArgumentException("compile: an optimizer and a loss are required");
        }
        List<Metric> resolved = new java.util.ArrayList<>();
        for (Metric m : metrics) {
            resolved.add(resolve(m, loss));
        }
        metrics = List.copyOf(resolved);
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
