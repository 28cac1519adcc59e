package dev.synapse.analysis;

/**
 * The mean silhouette coefficient ({@code sklearn.metrics.silhouette_score}, Euclidean): for each
 * sample, {@code (b - a) / max(a, b)} with {@code a} its mean distance to its own class and
 * {@code b} the smallest mean distance to another class; near 1 for well-separated classes, near 0
 * for overlapping ones. A sample alone in its class scores 0, as scikit-learn has it.
 */
public final class Silhouette {
    private Silhouette() {}

    /** The mean silhouette over all samples; labels are 0..K-1 with at least two classes present. */
    public static double score(double[][] x, int[] labels) {
        Matrices.checkRectangular(x, "Silhouette");
        if (x.length != labels.length) {
            throw new IllegalArgumentException("Silhouette: " + x.length + " samples but " + labels.length + " labels");
        }
        int k = 0;
        for (int l : labels) {
            if (l < 0) {
                throw new IllegalArgumentException("Silhouette: labels must be 0..K-1, got " + l);
            }
            k = Math.max(k, l + 1);
        }
        int[] size = new int[k];
        for (int l : labels) {
            size[l]++;
        }
        int present = 0;
        for (int s : size) {
            present += s > 0 ? 1 : 0;
        }
        if (present < 2) {
            throw new IllegalArgumentException("Silhouette: needs at least two classes");
        }
        double total = 0;
        double[] sum = new double[k];
        for (int i = 0; i < x.length; i++) {
            java.util.Arrays.fill(sum, 0);
            for (int j = 0; j < x.length; j++) {
                if (j != i) {
                    sum[labels[j]] += Math.sqrt(Matrices.squaredDistance(x[i], x[j]));
                }
            }
            int own = labels[i];
            if (size[own] == 1) {
                continue;
            }
            double a = sum[own] / (size[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && size[c] > 0) {
                    b = Math.min(b, sum[c] / size[c]);
                }
            }
            total += (b - a) / Math.max(a, b);
        }
        return total / x.length;
    }
}
