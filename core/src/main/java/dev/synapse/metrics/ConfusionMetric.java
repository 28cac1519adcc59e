package dev.synapse.metrics;

import dev.synapse.autograd.GradMode;
import dev.synapse.ops.OpSupport;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
    /** True positives, false positives, false negatives: int64 scalars on the predictions' device. */
    private @Nullable Tensor tp;

    private @Nullable Tensor fp;
    private @Nullable Tensor fn;

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
        try (var _ = GradMode.noGrad()) {
            Tensor predicted = Host.flat(yPred).to(DType.FLOAT64).gt(threshold);
            Tensor actual = Host.flat(yTrue).gt(0.5);
            tp = plus(tp, predicted.and(actual));
            fp = plus(fp, predicted.and(actual.not()));
            fn = plus(fn, predicted.not().and(actual));
        }
    }

    private static Tensor plus(@Nullable Tensor count, Tensor hits) {
        Tensor n = hits.to(DType.INT64).sum();
        return dev.synapse.tensor.MemoryScope.accumulate(count, n);
    }

    @Override
    public double result() {
        if (tp == null || fp == null || fn == null) {
            return 0.0;
        }
        return result(new double[] {tp.item(), fp.item(), fn.item()});
    }

    @Override
    public List<Tensor> resultInputs() {
        return tp == null || fp == null || fn == null ? List.of() : List.of(tp, fp, fn);
    }

    @Override
    public double result(double[] inputs) {
        double denominator = kind == Kind.PRECISION ? inputs[0] + inputs[1] : inputs[0] + inputs[2];
        return denominator == 0 ? 0.0 : inputs[0] / denominator;
    }

    @Override
    public void reset() {
        tp = null;
        fp = null;
        fn = null;
    }

    @Override
    public Metric fresh() {
        return new ConfusionMetric(kind, threshold);
    }
}
