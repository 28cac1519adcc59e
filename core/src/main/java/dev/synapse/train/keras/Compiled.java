package dev.synapse.train.keras;

import dev.synapse.losses.Loss;
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
        metrics = List.copyOf(metrics);
    }
}
