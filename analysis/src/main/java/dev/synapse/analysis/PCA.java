package dev.synapse.analysis;

import dev.synapse.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Principal component analysis ({@code sklearn.decomposition.PCA}): the data centred, then
 * projected on the directions of largest variance, found by a singular value decomposition of the
 * centred data (EJML, Apache-2.0: a maintained dense linear-algebra library, so the decomposition
 * is not written here).
 *
 * <pre>{@code
 * PCA pca = new PCA(2);
 * Tensor z = pca.fitTransform(x);                 // [N, 2]
 * double[] ratio = pca.explainedVarianceRatio();  // explained_variance_ratio_
 * }</pre>
 *
 * <p>As scikit-learn: explained variances are {@code s^2 / (n - 1)}; each component's sign is
 * fixed so that its largest-magnitude coordinate is positive, so results are repeatable.
 */
public final class PCA {
    private final int requested;
    private final boolean whiten;
    private double[] mean;
    private double[][] components;
    private double[] singularValues;
    private double[] explainedVariance;
    private double[] explainedVarianceRatio;

    /** Keeps {@code nComponents} components ({@code PCA(n_components=k)}). */
    public PCA(int nComponents) {
        this(nComponents, false);
    }

    /** With {@code whiten}, projections are divided by the square root of their variance ({@code whiten=True}). */
    public PCA(int nComponents, boolean whiten) {
        if (nComponents < 1) {
            throw new IllegalArgumentException("PCA: nComponents must be at least 1, got " + nComponents);
        }
        this.requested = nComponents;
        this.whiten = whiten;
    }

    /** Learns the mean and components of {@code x} [samples, features]; returns this. */
    public PCA fit(double[][] x) {
        int d = Matrices.checkRectangular(x, "PCA.fit");
        int n = x.length;
        int k = requested;
        if (k > Math.min(n, d)) {
            throw new IllegalArgumentException(
                    "PCA: nComponents " + k + " exceeds min(samples, features) = " + Math.min(n, d));
        }
        mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        DMatrixRMaj a = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                a.unsafe_set(i, j, x[i][j] - mean[j]);
            }
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, d, false, true, true);
        if (!svd.decompose(a)) {
            throw new IllegalStateException("PCA: the singular value decomposition did not converge");
        }
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(null, false, w, v, false);
        int r = Math.min(w.numRows, w.numCols);
        double total = 0;
        double[] s = new double[r];
        for (int i = 0; i < r; i++) {
            s[i] = w.get(i, i);
            total += s[i] * s[i];
        }
        double denom = Math.max(n - 1, 1);
        components = new double[k][d];
        singularValues = new double[k];
        explainedVariance = new double[k];
        explainedVarianceRatio = new double[k];
        for (int c = 0; c < k; c++) {
            int argMax = 0;
            for (int j = 0; j < d; j++) {
                components[c][j] = v.get(j, c);
                if (Math.abs(components[c][j]) > Math.abs(components[c][argMax])) {
                    argMax = j;
                }
            }
            if (components[c][argMax] < 0) {
                for (int j = 0; j < d; j++) {
                    components[c][j] = -components[c][j];
                }
            }
            singularValues[c] = s[c];
            explainedVariance[c] = s[c] * s[c] / denom;
            explainedVarianceRatio[c] = total == 0 ? 0 : s[c] * s[c] / total;
        }
        return this;
    }

    /** {@link #fit(double[][])} on a tensor [samples, features]. */
    public PCA fit(Tensor x) {
        return fit(Matrices.rows(x, "PCA.fit"));
    }

    /** Projections of {@code x} on the components, [samples, nComponents]. */
    public double[][] transform(double[][] x) {
        requireFitted();
        int d = Matrices.checkRectangular(x, "PCA.transform");
        if (d != mean.length) {
            throw new IllegalArgumentException("PCA.transform: expected " + mean.length + " features, got " + d);
        }
        double[][] out = new double[x.length][components.length];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < components.length; c++) {
                double acc = 0;
                for (int j = 0; j < d; j++) {
                    acc += (x[i][j] - mean[j]) * components[c][j];
                }
                out[i][c] = whiten ? acc / Math.sqrt(explainedVariance[c]) : acc;
            }
        }
        return out;
    }

    /** Projections as a float64 tensor [samples, nComponents]. */
    public Tensor transform(Tensor x) {
        return Matrices.tensor(transform(Matrices.rows(x, "PCA.transform")));
    }

    /** {@code fit(x).transform(x)} ({@code fit_transform}). */
    public double[][] fitTransform(double[][] x) {
        return fit(x).transform(x);
    }

    /** {@code fit(x).transform(x)} on a tensor. */
    public Tensor fitTransform(Tensor x) {
        return fit(x).transform(x);
    }

    /** Back from projections to the feature space ({@code inverse_transform}). */
    public double[][] inverseTransform(double[][] z) {
        requireFitted();
        double[][] out = new double[z.length][mean.length];
        for (int i = 0; i < z.length; i++) {
            if (z[i].length != components.length) {
                throw new IllegalArgumentException(
                        "PCA.inverseTransform: expected " + components.length + " values, got " + z[i].length);
            }
            for (int j = 0; j < mean.length; j++) {
                double acc = mean[j];
                for (int c = 0; c < components.length; c++) {
                    double zc = whiten ? z[i][c] * Math.sqrt(explainedVariance[c]) : z[i][c];
                    acc += zc * components[c][j];
                }
                out[i][j] = acc;
            }
        }
        return out;
    }

    /** The principal axes, one row per component, unit length ({@code components_}). */
    public double[][] components() {
        requireFitted();
        double[][] out = new double[components.length][];
        for (int c = 0; c < components.length; c++) {
            out[c] = components[c].clone();
        }
        return out;
    }

    /** The variance along each component ({@code explained_variance_}). */
    public double[] explainedVariance() {
        requireFitted();
        return explainedVariance.clone();
    }

    /** Each component's share of the total variance ({@code explained_variance_ratio_}). */
    public double[] explainedVarianceRatio() {
        requireFitted();
        return explainedVarianceRatio.clone();
    }

    /** The singular values of the centred data ({@code singular_values_}). */
    public double[] singularValues() {
        requireFitted();
        return singularValues.clone();
    }

    /** The per-feature mean removed before projecting ({@code mean_}). */
    public double[] mean() {
        requireFitted();
        return mean.clone();
    }

    private void requireFitted() {
        if (components == null) {
            throw new IllegalStateException("PCA: call fit before transform or the fitted attributes");
        }
    }
}
