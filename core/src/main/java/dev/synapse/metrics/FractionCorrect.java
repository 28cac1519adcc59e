package dev.synapse.metrics;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The accuracies' state: correct predictions over all predictions seen since the last {@link #reset}. The number
 * of correct predictions is an int64 scalar on the predictions' device; the number of predictions is known from
 * the shapes, without reading anything.
 */
abstract class FractionCorrect implements Metric {
    private @Nullable Tensor correct;
    private long total;

    /** Adds a batch of {@code rows} predictions, {@code hits} being true (or 1) for each correct one. */
    final void count(Tensor hits, long rows) {
        Tensor n = hits.to(DType.INT64).sum();
        correct = dev.synapse.tensor.MemoryScope.accumulate(correct, n);
        total += rows;
    }

    @Override
    public double result() {
        return total == 0 || correct == null ? Double.NaN : correct.item() / total;
    }

    @Override
    public List<Tensor> resultInputs() {
        return correct == null ? List.of() : List.of(correct);
    }

    @Override
    public double result(double[] inputs) {
        return total == 0 ? Double.NaN : inputs[0] / total;
    }

    @Override
    public void reset() {
        correct = null;
        total = 0;
    }
}
