package dev.synapse.losses;

import dev.synapse.tensor.Tensor;

/**
 * Cross-entropy against integer class labels ({@code keras.losses.SparseCategoricalCrossentropy},
 * {@code nn.CrossEntropyLoss} with class indices / {@code nn.NLLLoss}): the negative log-probability
 * of each sample's class, picked with {@code takeAlongAxis}. Labels may be {@code [N]} or {@code [N, 1]};
 * a label outside {@code [0, classes)} or a fractional one fails ({@link ClassLabels}).
 */
public final class SparseCategoricalCrossentropy extends Loss {
    private final boolean fromLogits;

    /** From probabilities (a softmax output layer). */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this(fromLogits, Reduction.SUM_OVER_BATCH_SIZE);
    }

    public SparseCategoricalCrossentropy(boolean fromLogits, Reduction reduction) {
        super("sparse_categorical_crossentropy", reduction);
        this.fromLogits = fromLogits;
    }

    @Override
    protected void options(java.util.Map<String, Object> config) {
        config.put("from_logits", fromLogits);
    }

    @Override
    public Tensor perSample(Tensor yTrue, Tensor yPred) {
        Tensor labels = yTrue;
        if (labels.rank() == yPred.rank() && labels.dim(-1) == 1) {
            labels = labels.squeeze(-1);
        }
        if (labels.rank() != yPred.rank() - 1
                || !java.util.Arrays.equals(labels.dims(), java.util.Arrays.copyOf(yPred.dims(), yPred.rank() - 1))) {
            throw new IllegalArgumentException(name() + ": labels of shape " + yTrue.shape()
                    + " do not fit predictions of shape " + yPred.shape() + "; expected one class index per row"
                    + (yTrue.shape().equals(yPred.shape()) ? " (one-hot labels need categorical_crossentropy)" : ""));
        }
        // Checked before takeAlongAxis, which would read -1 as the last class, as a Python index.
        labels = ClassLabels.indices(name(), labels, yPred.dim(-1));
        Tensor logP = fromLogits
                ? yPred.logSoftmax(-1)
                : yPred.clamp(BinaryCrossentropy.EPSILON, 1 - BinaryCrossentropy.EPSILON)
                        .log();
        return logP.takeAlongAxis(labels.unsqueeze(-1), -1).squeeze(-1).neg();
    }
}
