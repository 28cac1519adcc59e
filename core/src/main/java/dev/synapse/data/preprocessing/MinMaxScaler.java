package dev.synapse.data.preprocessing;

import dev.synapse.tensor.Tensor;

/**
 * Scales each feature linearly into {@code [min, max]} (default {@code [0, 1]}): scikit-learn's
 * {@code sklearn.preprocessing.MinMaxScaler}. A constant feature maps to {@code min}.
 */
public final class MinMaxScaler {
    private final double low;
    private final double high;
    private double[] dataMin;
    private double[] scale;

    /** Into {@code [0, 1]}. */
    public MinMaxScaler() {
        this(0, 1);
    }

    /** Into {@code [low, high]} ({@code feature_range=(low, high)}). */
    public MinMaxScaler(double low, double high) {
        if (!(low < high)) {
            throw new IllegalArgumentException(
                    "MinMaxScaler: feature range needs low < high, got [" + low + ", " + high + "]");
        }
        this.low = low;
        this.high = high;
    }

    /** Learns each feature's minimum and maximum. */
    public MinMaxScaler fit(Tensor x) {
        Matrix m = Matrix.samples(x, "MinMaxScaler.fit");
        int f = m.cols();
        double[] mn = new double[f];
        double[] mx = new double[f];
        java.util.Arrays.fill(mn, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(mx, Double.NEGATIVE_INFINITY);
        double[] v = m.data();
        for (int i = 0; i < v.length; i++) {
            int c = i % f;
            mn[c] = Math.min(mn[c], v[i]);
            mx[c] = Math.max(mx[c], v[i]);
        }
        double[] s = new double[f];
        for (int c = 0; c < f; c++) {
            double range = mx[c] - mn[c];
            s[c] = (high - low) / (range == 0 ? 1 : range);
        }
        this.dataMin = mn;
        this.scale = s;
        return this;
    }

    /** {@code (x - dataMin) * scale + low}. */
    public Tensor transform(Tensor x) {
        return Matrix.fitted(x, "MinMaxScaler.transform", dataMin).map((v, c) -> (v - dataMin[c]) * scale[c] + low);
    }

    /** {@link #fit} then {@link #transform}. */
    public Tensor fitTransform(Tensor x) {
        return fit(x).transform(x);
    }

    /** Back to the original units. */
    public Tensor inverseTransform(Tensor x) {
        return Matrix.fitted(x, "MinMaxScaler.inverseTransform", dataMin)
                .map((v, c) -> (v - low) / scale[c] + dataMin[c]);
    }

    /** The learnt per-feature minimums ({@code data_min_}). */
    public double[] dataMin() {
        Matrix.requireFitted(dataMin, "MinMaxScaler.dataMin");
        return dataMin.clone();
    }
}
