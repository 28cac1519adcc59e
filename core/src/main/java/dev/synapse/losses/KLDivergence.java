package dev.synapse.losses;

import dev.synapse.tensor.Tensor;

/**
 * {@code sum(y * log(y / p))} over the last axis, both clipped to [1e-7, 1]
 * ({@code keras.losses.KLDivergence}; {@code nn.KLDivLoss} takes log-probabilities instead).
 */
public final class KLDivergence extends Loss {
    public KLDivergence() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    public KLDivergence(Reduction reduction) {
        super("kl_divergence", reduction);
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        requireSameShape(yTrue, yPred);
        Tensor y = asFloat(yTrue, yPred).clamp(BinaryCrossentropy.EPSILON, 1);
        Tensor p = yPred.clamp(BinaryCrossentropy.EPSILON, 1);
        return y.mul(y.log().sub(p.log())).sum(-1);
    }
}
