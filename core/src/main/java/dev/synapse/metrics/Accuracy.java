package dev.synapse.metrics;

import dev.synapse.ops.OpSupport;
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
        float[] p = yPred.toFloatArray();
        switch (k) {
            case BINARY -> {
                Host.sameSize(name, yTrue, yPred);
                float[] t = yTrue.toFloatArray();
                for (int i = 0; i < p.length; i++) {
                    correct += ((p[i] > threshold) == (t[i] > 0.5f)) ? 1 : 0;
                }
                total += p.length;
            }
            case SPARSE -> {
                int c = Host.classes(yPred);
                long[] labels = Host.sparseLabels(name, yTrue, yPred);
                for (int r = 0; r < labels.length; r++) {
                    correct += Host.argmax(p, r * c, c) == labels[r] ? 1 : 0;
                }
                total += labels.length;
            }
            default -> {
                Host.sameSize(name, yTrue, yPred);
                float[] t = yTrue.toFloatArray();
                int c = Host.classes(yPred);
                int rows = p.length / c;
                for (int r = 0; r < rows; r++) {
                    correct += Host.argmax(p, r * c, c) == Host.argmax(t, r * c, c) ? 1 : 0;
                }
                total += rows;
            }
        }
    }

    @Override
    public Metric fresh() {
        return new Accuracy(name, kind, threshold);
    }
}
