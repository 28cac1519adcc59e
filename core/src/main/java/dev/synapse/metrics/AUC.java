package dev.synapse.metrics;

import dev.synapse.tensor.Tensor;
import java.util.Arrays;

/**
 * Area under the ROC curve for binary labels ({@code keras.metrics.AUC}, sklearn's
 * {@code roc_auc_score}). Computed exactly from every score of the epoch (ranks, ties counted
 * half), where Keras approximates with 200 thresholds.
 */
public final class AUC implements Metric {
    /** Keras's {@code keras.metrics.AUC()} with its defaults. */
    public AUC() {}

    private float[] scores = new float[1024];
    private boolean[] labels = new boolean[1024];
    private int n;

    @Override
    public String name() {
        return "auc";
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred) {
        Host.sameSize(name(), yTrue, yPred);
        float[] p = yPred.toFloatArray();
        float[] t = yTrue.toFloatArray();
        if (n + p.length > scores.length) {
            int cap = Math.max(scores.length * 2, n + p.length);
            scores = Arrays.copyOf(scores, cap);
            labels = Arrays.copyOf(labels, cap);
        }
        for (int i = 0; i < p.length; i++) {
            scores[n] = p[i];
            labels[n++] = t[i] > 0.5f;
        }
    }

    @Override
    public double result() {
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
        n = 0;
    }

    @Override
    public Metric fresh() {
        return new AUC();
    }
}
