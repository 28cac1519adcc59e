package dev.synapse.metrics;

import dev.synapse.losses.ClassLabels;
import dev.synapse.tensor.Tensor;

/** Shape checks and host copies shared by the metrics. */
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
     * Sparse labels as class indices, one per row of predictions; fails naming the metric when their
     * count differs or a label is not a class index ({@link ClassLabels}).
     */
    static long[] sparseLabels(String metric, Tensor yTrue, Tensor yPred) {
        int c = classes(yPred);
        long rows = yPred.size() / c;
        if (yTrue.size() != rows) {
            throw new IllegalArgumentException(metric + ": " + yTrue.size() + " labels for " + rows
                    + " rows of predictions of shape " + yPred.shape());
        }
        return ClassLabels.check(metric, yTrue, c);
    }

    static void sameSize(String metric, Tensor yTrue, Tensor yPred) {
        if (yTrue.size() != yPred.size()) {
            throw new IllegalArgumentException(metric + ": labels of shape " + yTrue.shape()
                    + " do not match predictions of shape " + yPred.shape());
        }
    }

    /** Index of the largest of {@code n} values starting at {@code from}; the first on ties. */
    static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[from + j] > v[from + best]) {
                best = j;
            }
        }
        return best;
    }
}
