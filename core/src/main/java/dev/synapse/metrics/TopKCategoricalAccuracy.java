package dev.synapse.metrics;

import dev.synapse.autograd.GradMode;
import dev.synapse.ops.OpSupport;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;

/**
 * Fraction of rows whose true class is among the {@code k} highest scores
 * ({@code keras.metrics.TopKCategoricalAccuracy}; sparse labels are accepted too, as
 * {@code SparseTopKCategoricalAccuracy}).
 */
public final class TopKCategoricalAccuracy extends FractionCorrect {
    private final int k;

    /** Keras's default k = 5. */
    public TopKCategoricalAccuracy() {
        this(5);
    }

    public TopKCategoricalAccuracy(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("TopKCategoricalAccuracy: k must be at least 1, got " + k);
        }
        this.k = k;
    }

    @Override
    public String name() {
        return "top_k_categorical_accuracy";
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred) {
        OpSupport.sameDevice(name(), yTrue, yPred);
        try (var _ = GradMode.noGrad()) {
            Tensor p = Host.rows(yPred);
            int rows = p.dim(0);
            Tensor labels;
            if (Host.sparse(yTrue, yPred)) {
                labels = Host.sparseLabels(name(), yTrue, yPred);
            } else {
                Host.sameSize(name(), yTrue, yPred);
                labels = Host.rows(yTrue).argmax(1);
            }
            // A row is a hit when fewer than k scores are strictly higher than its true class's score.
            Tensor score = p.takeAlongAxis(labels.reshape(rows, 1), 1);
            Tensor higher = p.gt(score).to(DType.INT64).sum(1);
            count(higher.lt(k), rows);
        }
    }

    @Override
    public Metric fresh() {
        return new TopKCategoricalAccuracy(k);
    }
}
