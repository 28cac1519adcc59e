package dev.synapse.losses;

import dev.synapse.tensor.Tensor;

/** {@code mean(|yPred - yTrue|)} over the last axis ({@code keras.losses.MeanAbsoluteError}, {@code nn.L1Loss}). */
public final class MeanAbsoluteError extends Loss {
    public MeanAbsoluteError() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    public MeanAbsoluteError(Reduction reduction) {
        super("mean_absolute_error", reduction);
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        requireSameShape(yTrue, yPred);
        return yPred.sub(asFloat(yTrue, yPred)).abs().mean(-1);
    }
}
