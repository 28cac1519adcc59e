package dev.synapse.metrics;

import dev.synapse.losses.ClassLabels;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;

/** Shape checks and label and prediction layouts shared by the metrics. */
final class Host {
    private Host() {}

    /** Predictions as rows of {@code classes} scores: the last axis is the class axis. */
    static int classes(Tensor yPred) {
        return yPred.rank() == 0 ? 1 : yPred.dim(-1);
    }

    /** True when {@code yTrue} holds class indices for {@code yPred}'s scores (sparse labels). */
    static boolean sparse(Tensor yTrue, Tensor yPred) {
        return yPred.rank() >= 1
                && yPred.dim(-1) > 1
                && (yTrue.rank() == yPred.rank() - 1 || (yTrue.rank() == yPred.rank() && yTrue.dim(-1) == 1));
    }

    /**
     * Sparse labels as an int64 {@code [rows]} tensor of class indices on their device, one per row of
     * predictions; fails naming the metric when their count differs or a label is not a class index
     * ({@link ClassLabels#indices}: at once on the CPU, at the next host read inside a training step elsewhere).
     */
    static Tensor sparseLabels(String metric, Tensor yTrue, Tensor yPred) {
        int c = classes(yPred);
        long rows = yPred.size() / c;
        if (yTrue.size() != rows) {
            throw new IllegalArgumentException(metric + ": " + yTrue.size() + " labels for " + rows
                    + " rows of predictions of shape " + yPred.shape());
        }
        return ClassLabels.indices(metric, yTrue, c).reshape(-1);
    }

    /**
     * Predictions as float32 {@code [rows, classes]} rows, the precision the metrics compare in (a float64
     * prediction is rounded first, as reading it into a {@code float[]} would).
     */
    static Tensor rows(Tensor yPred) {
        int c = classes(yPred);
        return yPred.to(DType.FLOAT32).reshape(-1, c);
    }

    /** {@code t} as a flat float32 tensor. */
    static Tensor flat(Tensor t) {
        return t.to(DType.FLOAT32).reshape(-1);
    }

    static void sameSize(String metric, Tensor yTrue, Tensor yPred) {
        if (yTrue.size() != yPred.size()) {
            throw new IllegalArgumentException(metric + ": labels of shape " + yTrue.shape()
                    + " do not match predictions of shape " + yPred.shape());
        }
    }
}
