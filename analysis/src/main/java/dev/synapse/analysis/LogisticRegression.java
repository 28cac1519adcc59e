package dev.synapse.analysis;

import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Logistic regression with an L2 penalty ({@code sklearn.linear_model.LogisticRegression} with its
 * default lbfgs solver): for two classes one weight vector and the sigmoid, for more the
 * multinomial (softmax) model. It minimizes, as scikit-learn does,
 * {@code C * sum(log loss) + ||W||^2 / 2}, the intercept not penalized, with L-BFGS.
 *
 * <pre>{@code
 * // The last tutorial's anomaly detector: one feature, the reconstruction error.
 * var lr = new LogisticRegression().fit(errors, isMnist);
 * long[] verdict = lr.predict(newErrors);
 * }</pre>
 *
 * <p>Written here rather than taken from a library: the permissive Java options either lack it
 * (Apache Commons Math) or fit it by stochastic gradient steps in their own data model (Tribuo),
 * which does not reach the exact penalized optimum scikit-learn reports; Smile is GPL.
 */
public final class LogisticRegression {
    private final double c;
    private final boolean fitIntercept;
    private final int maxIter;
    private final double tol;
    private long[] classes;
    private double[][] coef;
    private double[] intercept;
    private int iterations;
    private boolean converged;

    /** {@code C = 1}, with intercept, at most 100 iterations, tolerance 1e-4: scikit-learn's defaults. */
    public LogisticRegression() {
        this(1.0, true, 100, 1e-4);
    }

    /**
     * @param c inverse penalty strength ({@code C}); larger trusts the data more
     * @param fitIntercept whether to learn an intercept ({@code fit_intercept})
     * @param maxIter the most L-BFGS iterations ({@code max_iter})
     * @param tol stop when every gradient entry is at most this ({@code tol})
     */
    public LogisticRegression(double c, boolean fitIntercept, int maxIter, double tol) {
        if (!(c > 0) || maxIter < 1 || !(tol > 0)) {
            throw new IllegalArgumentException(
                    "LogisticRegression: need C > 0, maxIter >= 1, tol > 0; got " + c + ", " + maxIter + ", " + tol);
        }
        this.c = c;
        this.fitIntercept = fitIntercept;
        this.maxIter = maxIter;
        this.tol = tol;
    }

    /** Fits on samples [N, D] and their labels (any whole numbers, at least two distinct); returns this. */
    public LogisticRegression fit(double[][] x, long[] y) {
        int d = Matrices.checkRectangular(x, "LogisticRegression.fit");
        int n = x.length;
        if (y.length != n) {
            throw new IllegalArgumentException("LogisticRegression.fit: " + n + " samples but " + y.length + " labels");
        }
        TreeSet<Long> set = new TreeSet<>();
        for (long v : y) {
            set.add(v);
        }
        if (set.size() < 2) {
            throw new IllegalArgumentException(
                    "LogisticRegression.fit: needs samples of at least two classes, got only " + set);
        }
        classes = set.stream().mapToLong(Long::longValue).toArray();
        int[] yi = new int[n];
        for (int i = 0; i < n; i++) {
            yi[i] = Arrays.binarySearch(classes, y[i]);
        }
        // Two classes: one logit (the second class's); more: one per class.
        int k = classes.length == 2 ? 1 : classes.length;
        int stride = d + 1;
        Lbfgs.Objective objective = (theta, grad) -> {
            Arrays.fill(grad, 0);
            double loss = 0;
            double[] z = new double[k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    double acc = fitIntercept ? theta[j * stride + d] : 0;
                    for (int f = 0; f < d; f++) {
                        acc += theta[j * stride + f] * x[i][f];
                    }
                    z[j] = acc;
                }
                if (k == 1) {
                    double t = yi[i] == 1 ? 1 : -1;
                    double m = t * z[0];
                    // log(1 + exp(-m)), written to stay finite for large |m|.
                    loss += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
                    double r = -t / (1 + Math.exp(m));
                    addRow(grad, 0, stride, d, x[i], r);
                } else {
                    double max = Double.NEGATIVE_INFINITY;
                    for (double v : z) {
                        max = Math.max(max, v);
                    }
                    double sum = 0;
                    for (int j = 0; j < k; j++) {
                        sum += Math.exp(z[j] - max);
                    }
                    double logSum = max + Math.log(sum);
                    loss += logSum - z[yi[i]];
                    for (int j = 0; j < k; j++) {
                        double r = Math.exp(z[j] - logSum) - (j == yi[i] ? 1 : 0);
                        addRow(grad, j, stride, d, x[i], r);
                    }
                }
            }
            double penalty = 0;
            for (int j = 0; j < k; j++) {
                if (!fitIntercept) {
                    grad[j * stride + d] = 0;
                }
                for (int f = 0; f < d; f++) {
                    grad[j * stride + f] *= c;
                    double w = theta[j * stride + f];
                    penalty += w * w;
                    grad[j * stride + f] += w;
                }
                grad[j * stride + d] *= c;
            }
            return c * loss + penalty / 2;
        };
        Lbfgs.Result r = Lbfgs.minimize(objective, new double[k * stride], maxIter, tol);
        iterations = r.iterations();
        converged = r.converged();
        coef = new double[k][d];
        intercept = new double[k];
        for (int j = 0; j < k; j++) {
            System.arraycopy(r.x(), j * stride, coef[j], 0, d);
            intercept[j] = fitIntercept ? r.x()[j * stride + d] : 0;
        }
        return this;
    }

    private static void addRow(double[] grad, int j, int stride, int d, double[] xi, double r) {
        for (int f = 0; f < d; f++) {
            grad[j * stride + f] += r * xi[f];
        }
        grad[j * stride + d] += r;
    }

    /** {@link #fit(double[][], long[])} with int labels. */
    public LogisticRegression fit(double[][] x, int[] y) {
        return fit(x, Matrices.toLong(y));
    }

    /** {@link #fit(double[][], long[])} with tensors: features [N, D], labels [N]. */
    public LogisticRegression fit(Tensor x, Tensor y) {
        return fit(Matrices.rows(x, "LogisticRegression.fit"), Matrices.labels(y, "LogisticRegression.fit"));
    }

    /**
     * Scores before the sigmoid or softmax ({@code decision_function}): [N] for two classes as column 0, else [N, K].
     */
    public double[][] decisionFunction(double[][] x) {
        requireFitted();
        int d = Matrices.checkRectangular(x, "LogisticRegression");
        if (d != coef[0].length) {
            throw new IllegalArgumentException(
                    "LogisticRegression: fitted on " + coef[0].length + " features, got " + d);
        }
        double[][] z = new double[x.length][coef.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < coef.length; j++) {
                double acc = intercept[j];
                for (int f = 0; f < d; f++) {
                    acc += coef[j][f] * x[i][f];
                }
                z[i][j] = acc;
            }
        }
        return z;
    }

    /** Class probabilities [N, classes], columns in {@link #classes()} order ({@code predict_proba}). */
    public double[][] predictProba(double[][] x) {
        double[][] z = decisionFunction(x);
        double[][] p = new double[x.length][classes.length];
        for (int i = 0; i < x.length; i++) {
            if (coef.length == 1) {
                double p1 = 1 / (1 + Math.exp(-z[i][0]));
                p[i][0] = 1 - p1;
                p[i][1] = p1;
            } else {
                double max = Arrays.stream(z[i]).max().orElse(0);
                double sum = 0;
                for (int j = 0; j < classes.length; j++) {
                    p[i][j] = Math.exp(z[i][j] - max);
                    sum += p[i][j];
                }
                for (int j = 0; j < classes.length; j++) {
                    p[i][j] /= sum;
                }
            }
        }
        return p;
    }

    /** The most probable label of each sample ({@code predict}). */
    public long[] predict(double[][] x) {
        return Matrices.mostProbable(predictProba(x), classes);
    }

    /** Predictions as an int64 tensor [N]. */
    public Tensor predict(Tensor x) {
        return Tensor.wrap(predict(Matrices.rows(x, "LogisticRegression.predict")), x.dims()[0]);
    }

    /** The fraction predicted right ({@code score}). */
    public double score(double[][] x, long[] y) {
        return Matrices.accuracy(predict(x), y, "LogisticRegression.score");
    }

    /** {@link #score(double[][], long[])} with tensors. */
    public double score(Tensor x, Tensor y) {
        return score(Matrices.rows(x, "LogisticRegression.score"), Matrices.labels(y, "LogisticRegression.score"));
    }

    /** The weights, one row per logit: 1 row for two classes, K rows otherwise ({@code coef_}). */
    public double[][] coef() {
        requireFitted();
        double[][] out = new double[coef.length][];
        for (int j = 0; j < coef.length; j++) {
            out[j] = coef[j].clone();
        }
        return out;
    }

    /** The intercepts, one per logit ({@code intercept_}). */
    public double[] intercept() {
        requireFitted();
        return intercept.clone();
    }

    /** The class labels in sorted order ({@code classes_}). */
    public long[] classes() {
        requireFitted();
        return classes.clone();
    }

    /** L-BFGS iterations taken by the last fit ({@code n_iter_}). */
    public int iterations() {
        return iterations;
    }

    /** Whether the last fit met the tolerance within {@code maxIter} (scikit-learn warns when not). */
    public boolean converged() {
        return converged;
    }

    private void requireFitted() {
        if (coef == null) {
            throw new IllegalStateException("LogisticRegression: call fit first");
        }
    }
}
