package dev.synapse.metrics;

import dev.synapse.autograd.GradMode;
import dev.synapse.ops.OpSupport;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;

/**
 * Fraction of correct predictions. {@link Kind#AUTO} chooses as Keras's {@code "accuracy"} does:
 * sparse when labels are class indices, binary when predictions have one column (threshold 0.5),
 * categorical (argmax against argmax) otherwise. The explicit kinds are Keras's
 * {@code BinaryAccuracy}, {@code CategoricalAccuracy} and {@code SparseCategoricalAccuracy}.
 */
public final class Accuracy extends FractionCorrect {
    /** How predictions are compared with labels. */
    public enum Kind {
        AUTO,
        BINARY,
        CATEGORICAL,
        SPARSE
    }

    private final String name;
    private final Kind kind;
    private final double threshold;

    /** Keras's {@code "accuracy"}: the kind follows the labels and predictions. */
    public Accuracy() {
        this("accuracy", Kind.AUTO, 0.5);
    }

    /** An accuracy of the given kind reported under {@code name}; {@code threshold} is for binary. */
    public Accuracy(String name, Kind kind, double threshold) {
        this.name = name;
        this.kind = kind;
        // Any finite threshold: models that output logits compare with 0.
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException(name + ": threshold must be a finite number, got " + threshold);
        }
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return name;
    }

    /** How predictions are compared; AUTO decides at the first batch. */
    public Kind kind() {
        return kind;
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred) {
        OpSupport.sameDevice(name(), yTrue, yPred);
        Kind k = kind;
        if (k == Kind.AUTO) {
            k = Host.sparse(yTrue, yPred) ? Kind.SPARSE : Host.classes(yPred) == 1 ? Kind.BINARY : Kind.CATEGORICAL;
        }
        // Compared on the predictions' device: only the count of correct predictions is kept.
        try (var _ = GradMode.noGrad()) {
            switch (k) {
                case BINARY -> {
                    Host.sameSize(name, yTrue, yPred);
                    Tensor predicted = Host.flat(yPred).to(DType.FLOAT64).gt(threshold);
                    Tensor actual = Host.flat(yTrue).gt(0.5);
                    count(predicted.eq(actual), yPred.size());
                }
                case SPARSE -> {
                    Tensor labels = Host.sparseLabels(name, yTrue, yPred);
                    count(Host.rows(yPred).argmax(1).eq(labels), labels.size());
                }
                default -> {
                    Host.sameSize(name, yTrue, yPred);
                    Tensor p = Host.rows(yPred);
                    count(p.argmax(1).eq(Host.rows(yTrue).argmax(1)), p.dim(0));
                }
            }
        }
    }

    @Override
    public Metric fresh() {
        return new Accuracy(name, kind, threshold);
    }
}
