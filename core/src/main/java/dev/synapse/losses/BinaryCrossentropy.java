package dev.synapse.losses;

import dev.synapse.tensor.Tensor;

/**
 * Binary cross-entropy averaged over the last axis ({@code keras.losses.BinaryCrossentropy},
 * {@code nn.BCELoss} / {@code nn.BCEWithLogitsLoss}). From logits it uses the stable
 * {@code max(x, 0) - x y + log(1 + exp(-|x|))}; from probabilities it clips to [1e-7, 1 - 1e-7]
 * as Keras does.
 */
public final class BinaryCrossentropy extends SmoothedCrossentropy {
    static final double EPSILON = 1e-7;

    /** From probabilities. */
    public BinaryCrossentropy() {
        this(false);
    }

    /** From logits when {@code fromLogits} (the GAN losses of seed 000). */
    public BinaryCrossentropy(boolean fromLogits) {
        this(fromLogits, 0.0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing, Reduction reduction) {
        super("binary_crossentropy", fromLogits, labelSmoothing, reduction);
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor y = smoothedLabels(yTrue, yPred, () -> 2);
        Tensor elementwise;
        if (fromLogits) {
            elementwise =
                    yPred.relu().sub(yPred.mul(y)).add(yPred.abs().neg().exp().log1p());
        } else {
            Tensor p = yPred.clamp(EPSILON, 1 - EPSILON);
            elementwise = y.mul(p.log()).add(y.rsub(1).mul(p.rsub(1).log())).neg();
        }
        return elementwise.mean(-1);
    }
}
