package dev.synapse.losses;

import dev.synapse.tensor.Tensor;

/** {@code mean((yPred - yTrue)^2)} over the last axis ({@code keras.losses.MeanSquaredError}, {@code nn.MSELoss}). */
public final class MeanSquaredError extends Loss {
    public MeanSquaredError() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    public MeanSquaredError(Reduction reduction) {
        super("mean_squared_error", reduction);
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        requireSameShape(yTrue, yPred);
        return yPred.sub(asFloat(yTrue, yPred)).square().mean(-1);
    }
}
