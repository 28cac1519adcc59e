package dev.synapse.metrics;

import dev.synapse.ops.OpSupport;
import dev.synapse.tensor.Tensor;

/**
 * Binary precision or recall at a threshold ({@code keras.metrics.Precision}, {@code Recall}):
 * counts true positives, false positives and false negatives over the epoch.
 */
public final class ConfusionMetric implements Metric {
    /** Which ratio to report. */
    public enum Kind {
        PRECISION,
        RECALL
    }

    private final Kind kind;
    private final double threshold;
    private long tp;
    private long fp;
    private long fn;

    /** Precision at threshold 0.5. */
    public static ConfusionMetric precision() {
        return new ConfusionMetric(Kind.PRECISION, 0.5);
    }

    /** Recall at threshold 0.5. */
    public static ConfusionMetric recall() {
        return new ConfusionMetric(Kind.RECALL, 0.5);
    }

    public ConfusionMetric(Kind kind, double threshold) {
        this.kind = kind;
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException(
                    kind.name().toLowerCase(java.util.Locale.ROOT) + ": threshold must be in [0, 1], got " + threshold);
        }
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return kind == Kind.PRECISION ? "precision" : "recall";
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred) {
        OpSupport.sameDevice(name(), yTrue, yPred);
        Host.sameSize(name(), yTrue, yPred);
        float[] p = yPred.toFloatArray();
        float[] t = yTrue.toFloatArray();
        for (int i = 0; i < p.length; i++) {
            boolean predicted = p[i] > threshold;
            boolean actual = t[i] > 0.5f;
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            }
        }
    }

    @Override
    public double result() {
        long denominator = kind == Kind.PRECISION ? tp + fp : tp + fn;
        return denominator == 0 ? 0.0 : (double) tp / denominator;
    }

    @Override
    public void reset() {
        tp = 0;
        fp = 0;
        fn = 0;
    }

    @Override
    public Metric fresh() {
        return new ConfusionMetric(kind, threshold);
    }
}
