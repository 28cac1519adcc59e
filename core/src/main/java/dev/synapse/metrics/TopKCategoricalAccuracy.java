package dev.synapse.metrics;

import dev.synapse.ops.OpSupport;
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
        int c = Host.classes(yPred);
        float[] p = yPred.toFloatArray();
        int rows = p.length / c;
        int[] labels = new int[rows];
        if (Host.sparse(yTrue, yPred)) {
            long[] sparse = Host.sparseLabels(name(), yTrue, yPred);
            for (int r = 0; r < rows; r++) {
                labels[r] = (int) sparse[r];
            }
        } else {
            Host.sameSize(name(), yTrue, yPred);
            float[] t = yTrue.toFloatArray();
            for (int r = 0; r < rows; r++) {
                labels[r] = Host.argmax(t, r * c, c);
            }
        }
        for (int r = 0; r < rows; r++) {
            int label = labels[r];
            float score = p[r * c + label];
            int higher = 0;
            for (int j = 0; j < c; j++) {
                if (p[r * c + j] > score) {
                    higher++;
                }
            }
            correct += higher < k ? 1 : 0;
        }
        total += rows;
    }

    @Override
    public Metric fresh() {
        return new TopKCategoricalAccuracy(k);
    }
}
