package dev.synapse.losses;

import dev.synapse.tensor.Tensor;

/**
 * The negative cosine similarity over the last axis, so that minimizing it aligns the vectors
 * ({@code keras.losses.CosineSimilarity}; {@code nn.CosineEmbeddingLoss} for pairs).
 */
public final class CosineSimilarity extends Loss {
    public CosineSimilarity() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    public CosineSimilarity(Reduction reduction) {
        super("cosine_similarity", reduction);
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        requireSameShape(yTrue, yPred);
        Tensor y = l2Normalize(asFloat(yTrue, yPred));
        Tensor p = l2Normalize(yPred);
        return y.mul(p).sum(-1).neg();
    }

    /** {@code x / sqrt(max(sum(x^2), 1e-12))}, as Keras's {@code l2_normalize}. */
    private static Tensor l2Normalize(Tensor x) {
        Tensor sq = x.square().sum(new int[] {-1}, true);
        return x.mul(sq.maximum(Tensor.scalarLike(1e-12, sq.dtype(), sq)).rsqrt());
    }
}
