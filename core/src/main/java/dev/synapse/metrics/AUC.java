package dev.synapse.metrics;

import dev.synapse.autograd.GradMode;
import dev.synapse.ops.OpSupport;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Area under the ROC curve for binary labels ({@code keras.metrics.AUC}, sklearn's
 * {@code roc_auc_score}). Computed exactly from every score of the epoch (ranks, ties counted
 * half), where Keras approximates with 200 thresholds.
 */
public final class AUC implements Metric {
    /** Keras's {@code keras.metrics.AUC()} with its defaults. */
    public AUC() {}

    /** Each batch's scores and labels, flat float32 tensors on their device until the result reads them. */
    private final List<Tensor[]> batches = new ArrayList<>();

    @Override
    public String name() {
        return "auc";
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred) {
        OpSupport.sameDevice(name(), yTrue, yPred);
        Host.sameSize(name(), yTrue, yPred);
        try (var _ = GradMode.noGrad()) {
            // Copies: the caller may reuse its tensors in place before the result reads them.
            batches.add(new Tensor[] {
                Host.flat(yPred).detach().copy().keep(),
                Host.flat(yTrue).detach().copy().keep()
            });
        }
    }

    @Override
    public double result() {
        float[] scores;
        boolean[] labels;
        try (var _ = GradMode.noGrad()) {
            Tensor[] p = new Tensor[batches.size()];
            Tensor[] t = new Tensor[batches.size()];
            for (int b = 0; b < p.length; b++) {
                p[b] = batches.get(b)[0];
                t[b] = batches.get(b)[1];
            }
            scores = p.length == 0 ? new float[0] : Tensor.concat(0, p).toFloatArray();
            labels =
                    t.length == 0 ? new boolean[0] : Tensor.concat(0, t).gt(0.5).toBooleanArray();
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        // Mann-Whitney: AUC = (sum of positive ranks - P(P+1)/2) / (P N), with average ranks for ties.
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    rankSum += avgRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    @Override
    public void reset() {
        batches.clear();
    }

    @Override
    public Metric fresh() {
        return new AUC();
    }
}
