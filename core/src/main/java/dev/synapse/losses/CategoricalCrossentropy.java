package dev.synapse.losses;

import dev.synapse.tensor.Tensor;

/**
 * Cross-entropy against one-hot (or soft) labels over the last axis
 * ({@code keras.losses.CategoricalCrossentropy}; {@code nn.CrossEntropyLoss} with probabilities as
 * targets). From logits: {@code -sum(y * logSoftmax(x))}, never {@code log(softmax(x))}. From
 * probabilities: as Keras, rows are renormalized and clipped to [1e-7, 1 - 1e-7].
 */
public final class CategoricalCrossentropy extends SmoothedCrossentropy {

    /** From probabilities (a softmax output layer). */
    public CategoricalCrossentropy() {
        this(false, 0.0);
    }

    public CategoricalCrossentropy(boolean fromLogits) {
        this(fromLogits, 0.0);
    }

    /** With label smoothing {@code y * (1 - s) + s / classes}. */
    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        this(fromLogits, labelSmoothing, Reduction.SUM_OVER_BATCH_SIZE);
    }

    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing, Reduction reduction) {
        super("categorical_crossentropy", fromLogits, labelSmoothing, reduction);
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor y = smoothedLabels(yTrue, yPred, () -> yPred.dim(-1));
        Tensor logP;
        if (fromLogits) {
            logP = yPred.logSoftmax(-1);
        } else {
            Tensor p = yPred.div(yPred.sum(new int[] {-1}, true));
            logP = p.clamp(BinaryCrossentropy.EPSILON, 1 - BinaryCrossentropy.EPSILON)
                    .log();
        }
        return y.mul(logP).sum(-1).neg();
    }
}
