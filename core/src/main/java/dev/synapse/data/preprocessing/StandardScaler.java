package dev.synapse.data.preprocessing;

import dev.synapse.tensor.Tensor;

/**
 * Standardizes each feature to mean 0 and standard deviation 1: scikit-learn's
 * {@code sklearn.preprocessing.StandardScaler}. Input is {@code [samples, features]};
 * {@link #transform} and {@link #inverseTransform} also take one row {@code [features]}. The standard
 * deviation is the population one (divided by N), and a constant feature gets scale 1, as sklearn.
 *
 * <pre>{@code
 * var scaler = new StandardScaler();
 * Tensor xTrain = scaler.fitTransform(split.xTrain());
 * Tensor xTest = scaler.transform(split.xTest());
 * }</pre>
 */
public final class StandardScaler {
    private final boolean withMean;
    private final boolean withStd;
    private double[] mean;
    private double[] scale;

    /** Centres and scales ({@code with_mean=True, with_std=True}). */
    public StandardScaler() {
        this(true, true);
    }

    /** Chooses whether to centre and whether to scale. */
    public StandardScaler(boolean withMean, boolean withStd) {
        this.withMean = withMean;
        this.withStd = withStd;
    }

    /** Learns each feature's mean and standard deviation from {@code x}. */
    public StandardScaler fit(Tensor x) {
        Matrix m = Matrix.samples(x, "StandardScaler.fit");
        double[] mu = new double[m.cols()];
        double[] sd = new double[m.cols()];
        double[] v = m.data();
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                mu[c] += v[r * m.cols() + c];
            }
        }
        for (int c = 0; c < m.cols(); c++) {
            mu[c] /= m.rows();
        }
        // Two passes: the sum of squared deviations keeps precision where E[x^2] - E[x]^2 would not.
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                double dv = v[r * m.cols() + c] - mu[c];
                sd[c] += dv * dv;
            }
        }
        for (int c = 0; c < m.cols(); c++) {
            sd[c] = Math.sqrt(sd[c] / m.rows());
            if (sd[c] < 10 * Math.ulp(Math.max(1.0, Math.abs(mu[c])))) {
                sd[c] = 1.0;
            }
        }
        this.mean = mu;
        this.scale = sd;
        return this;
    }

    /** {@code (x - mean) / scale} with the learnt statistics. */
    public Tensor transform(Tensor x) {
        return Matrix.fitted(x, "StandardScaler.transform", mean).map((v, c) -> {
            double t = withMean ? v - mean[c] : v;
            return withStd ? t / scale[c] : t;
        });
    }

    /** {@link #fit} then {@link #transform} on the same data. */
    public Tensor fitTransform(Tensor x) {
        return fit(x).transform(x);
    }

    /** Back to the original units: {@code x * scale + mean}. */
    public Tensor inverseTransform(Tensor x) {
        return Matrix.fitted(x, "StandardScaler.inverseTransform", mean).map((v, c) -> {
            double t = withStd ? v * scale[c] : v;
            return withMean ? t + mean[c] : t;
        });
    }

    /** The learnt per-feature means ({@code mean_}). */
    public double[] mean() {
        Matrix.requireFitted(mean, "StandardScaler.mean");
        return mean.clone();
    }

    /** The learnt per-feature scales ({@code scale_}). */
    public double[] scale() {
        Matrix.requireFitted(mean, "StandardScaler.scale");
        return scale.clone();
    }
}
