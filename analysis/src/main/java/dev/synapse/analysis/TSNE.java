package dev.synapse.analysis;

import dev.synapse.Synapse;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * t-distributed stochastic neighbour embedding ({@code sklearn.manifold.TSNE}): places points in two
 * dimensions so that points near each other in the original space stay near, as the last tutorial
 * draws autoencoder codes coloured by class.
 *
 * <pre>{@code
 * Tensor z = new TSNE().randomState(0).fitTransform(codes);   // [N, 2]
 * }</pre>
 *
 * <p>Follows van der Maaten (2008, 2014) with scikit-learn's defaults: perplexity 30; input
 * affinities from each point's {@code 3 * perplexity} nearest neighbours (all pairs in the exact
 * method), Gaussian widths found by bisection on the perplexity; start from the PCA projection
 * scaled to a standard deviation of 1e-4; 250 iterations with early exaggeration 12 and momentum
 * 0.5, then momentum 0.8; learning rate {@code max(N / 12 / 4, 50)}; per-coordinate adaptive gains.
 * The Barnes-Hut method (the default, angle 0.5) approximates the repulsive forces with a quadtree,
 * O(N log N) per iteration; {@code exact} computes all pairs, O(N^2).
 *
 * <p>Written on plain arrays: the Java t-SNE libraries available are unmaintained or not on Maven
 * Central, and Smile's is GPL. Results repeat exactly for a given {@link #randomState}; the
 * embedding itself differs from scikit-learn's (it is a non-convex optimization), but
 * neighbourhoods, the thing t-SNE is read for, are kept the same way.
 */
public final class TSNE {
    private static final double EARLY_EXAGGERATION = 12;
    private static final int EXAGGERATION_ITERS = 250;

    private double perplexity = 30;
    private int maxIter = 1000;
    private double angle = 0.5;
    private boolean exact;
    private long seed = 0;
    private boolean pcaInit = true;
    private double klDivergence = Double.NaN;

    /** Two dimensions, scikit-learn's defaults. */
    public TSNE() {}

    /** The effective number of neighbours each point attends to ({@code perplexity}; 30). */
    public TSNE perplexity(double p) {
        if (!(p > 0)) {
            throw new IllegalArgumentException("TSNE: perplexity must be positive, got " + p);
        }
        perplexity = p;
        return this;
    }

    /** Gradient steps ({@code max_iter}; 1000, of which 250 exaggerated). */
    public TSNE maxIter(int n) {
        if (n < EXAGGERATION_ITERS + 1) {
            throw new IllegalArgumentException("TSNE: maxIter must exceed " + EXAGGERATION_ITERS + ", got " + n);
        }
        maxIter = n;
        return this;
    }

    /** The Barnes-Hut trade-off ({@code angle}; 0.5): cells seen under a smaller angle are summarized. */
    public TSNE angle(double theta) {
        if (!(theta >= 0 && theta <= 1)) {
            throw new IllegalArgumentException("TSNE: angle must be in [0, 1], got " + theta);
        }
        angle = theta;
        return this;
    }

    /** Exact O(N^2) gradients with all-pairs affinities ({@code method="exact"}). */
    public TSNE exact(boolean on) {
        exact = on;
        return this;
    }

    /** Starts from random points (standard deviation 1e-4) instead of the PCA projection ({@code init="random"}). */
    public TSNE randomInit() {
        pcaInit = false;
        return this;
    }

    /** The seed of the random start and of PCA ties ({@code random_state}). */
    public TSNE randomState(long s) {
        seed = s;
        return this;
    }

    /** The Kullback-Leibler divergence of the final embedding ({@code kl_divergence_}); exact method only, else NaN. */
    public double klDivergence() {
        return klDivergence;
    }

    /** The embedding of a float tensor [N, D], as float64 [N, 2]. */
    public Tensor fitTransform(Tensor x) {
        return Matrices.tensor(fitTransform(Matrices.rows(x, "TSNE")));
    }

    /** The embedding of {@code x} [N][D], as [N][2] ({@code fit_transform}). */
    public double[][] fitTransform(double[][] x) {
        int d = Matrices.checkRectangular(x, "TSNE");
        int n = x.length;
        if (n < 4) {
            throw new IllegalArgumentException("TSNE: needs at least 4 samples, got " + n);
        }
        if (perplexity >= n) {
            throw new IllegalArgumentException(
                    "TSNE: perplexity (" + perplexity + ") must be less than the number of samples (" + n + ")");
        }
        Sparse p = affinities(x);
        double[] y = start(x, d);
        double lr = Math.max(n / EARLY_EXAGGERATION / 4, 50);
        double[] update = new double[2 * n];
        double[] gains = new double[2 * n];
        Arrays.fill(gains, 1);
        double[] grad = new double[2 * n];
        for (int it = 0; it < maxIter; it++) {
            boolean early = it < EXAGGERATION_ITERS;
            double exaggeration = early ? EARLY_EXAGGERATION : 1;
            double momentum = early ? 0.5 : 0.8;
            gradient(p, y, exaggeration, grad);
            for (int k = 0; k < 2 * n; k++) {
                // Delta-bar-delta gains: grow where the gradient keeps its sign against the update.
                boolean flip = grad[k] * update[k] < 0;
                gains[k] = Math.max(flip ? gains[k] + 0.2 : gains[k] * 0.8, 0.01);
                update[k] = momentum * update[k] - lr * gains[k] * grad[k];
                y[k] += update[k];
            }
        }
        if (exact) {
            klDivergence = klExact(p, y);
        }
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            out[i][0] = y[2 * i];
            out[i][1] = y[2 * i + 1];
        }
        return out;
    }

    private double[] start(double[][] x, int d) {
        int n = x.length;
        double[] y = new double[2 * n];
        if (pcaInit && d >= 2) {
            double[][] z = new PCA(2).fitTransform(x);
            double mean = 0;
            for (double[] r : z) {
                mean += r[0];
            }
            mean /= n;
            double var = 0;
            for (double[] r : z) {
                var += (r[0] - mean) * (r[0] - mean);
            }
            double std = Math.sqrt(var / n);
            double s = std > 0 ? 1e-4 / std : 1;
            for (int i = 0; i < n; i++) {
                y[2 * i] = z[i][0] * s;
                y[2 * i + 1] = z[i][1] * s;
            }
        } else {
            SplittableRandom r = new SplittableRandom(seed);
            for (int k = 0; k < 2 * n; k++) {
                y[k] = 1e-4 * gaussian(r);
            }
        }
        return y;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    // ---- input affinities ------------------------------------------------------------------------

    /** Symmetric joint probabilities P in compressed rows: row i lists its neighbours j and p_ij. */
    record Sparse(int[] rowStart, int[] col, double[] val) {
        int n() {
            return rowStart.length - 1;
        }
    }

    /** The joint probabilities P of the method chosen: all pairs when exact, else nearest neighbours. */
    Sparse affinities(double[][] x) {
        return exact ? affinitiesExact(x) : affinitiesNeighbours(x);
    }

    /** The gradient of KL(P || Q) at {@code y} (x0, y0, x1, y1, ...), P multiplied by {@code exaggeration}. */
    void gradient(Sparse p, double[] y, double exaggeration, double[] grad) {
        if (exact) {
            gradientExact(p, y, exaggeration, grad);
        } else {
            gradientBarnesHut(p, y, exaggeration, grad);
        }
    }

    private Sparse affinitiesNeighbours(double[][] x) {
        int n = x.length;
        int k = Math.min(n - 1, (int) (3 * perplexity + 1));
        int[][] nbr = new int[n][k];
        double[][] dist = new double[n][k];
        Synapse.parallelFor(n, 8, (from, to) -> {
            double[] all = new double[n];
            Integer[] order = new Integer[n];
            for (int i = from; i < to; i++) {
                for (int j = 0; j < n; j++) {
                    all[j] = j == i ? Double.POSITIVE_INFINITY : Matrices.squaredDistance(x[i], x[j]);
                    order[j] = j;
                }
                final double[] a = all;
                Arrays.sort(order, (p, q) -> Double.compare(a[p], a[q]));
                for (int m = 0; m < k; m++) {
                    nbr[i][m] = order[m];
                    dist[i][m] = all[order[m]];
                }
            }
        });
        double[][] cond = conditional(dist);
        return symmetrize(nbr, cond, n);
    }

    private Sparse affinitiesExact(double[][] x) {
        int n = x.length;
        int[][] nbr = new int[n][n - 1];
        double[][] dist = new double[n][n - 1];
        for (int i = 0; i < n; i++) {
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    nbr[i][m] = j;
                    dist[i][m++] = Matrices.squaredDistance(x[i], x[j]);
                }
            }
        }
        return symmetrize(nbr, conditional(dist), n);
    }

    /**
     * p_{j|i} proportional to exp(-beta_i d_ij^2), beta_i found by bisection so that the entropy
     * of row i is log(perplexity) (in nats).
     */
    private double[][] conditional(double[][] dist) {
        int n = dist.length;
        double target = Math.log(perplexity);
        double[][] p = new double[n][];
        Synapse.parallelFor(n, 32, (from, to) -> {
            for (int i = from; i < to; i++) {
                double[] d = dist[i];
                double[] row = new double[d.length];
                double beta = 1;
                double lo = Double.NEGATIVE_INFINITY;
                double hi = Double.POSITIVE_INFINITY;
                for (int step = 0; step < 100; step++) {
                    double sum = 0;
                    for (int m = 0; m < d.length; m++) {
                        row[m] = Math.exp(-d[m] * beta);
                        sum += row[m];
                    }
                    sum = Math.max(sum, 1e-8);
                    double dSum = 0;
                    for (int m = 0; m < d.length; m++) {
                        row[m] /= sum;
                        dSum += d[m] * row[m];
                    }
                    double entropy = Math.log(sum) + beta * dSum;
                    double diff = entropy - target;
                    if (Math.abs(diff) <= 1e-5) {
                        break;
                    }
                    if (diff > 0) {
                        lo = beta;
                        beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
                    } else {
                        hi = beta;
                        beta = lo == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + lo) / 2;
                    }
                }
                p[i] = row;
            }
        });
        return p;
    }

    /** P = (P_cond + P_cond^T) / sum, as compressed rows sorted by column. */
    private static Sparse symmetrize(int[][] nbr, double[][] cond, int n) {
        java.util.List<java.util.Map<Integer, Double>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new java.util.TreeMap<>());
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < nbr[i].length; m++) {
                int j = nbr[i][m];
                double v = cond[i][m];
                rows.get(i).merge(j, v, Double::sum);
                rows.get(j).merge(i, v, Double::sum);
                total += 2 * v;
            }
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + rows.get(i).size();
        }
        int[] col = new int[start[n]];
        double[] val = new double[start[n]];
        double norm = Math.max(total, Double.MIN_NORMAL);
        for (int i = 0; i < n; i++) {
            int at = start[i];
            for (var e : rows.get(i).entrySet()) {
                col[at] = e.getKey();
                val[at++] = e.getValue() / norm;
            }
        }
        return new Sparse(start, col, val);
    }

    // ---- gradients -------------------------------------------------------------------------------

    /** dC/dy_i = 4 sum_j (e p_ij - q_ij) (1 + |y_i - y_j|^2)^-1 (y_i - y_j), all pairs. */
    private static void gradientExact(Sparse p, double[] y, double exaggeration, double[] grad) {
        int n = p.n();
        double[] pd = dense(p);
        double[] w = new double[n * n];
        double z = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double dx = y[2 * i] - y[2 * j];
                    double dy = y[2 * i + 1] - y[2 * j + 1];
                    w[i * n + j] = 1 / (1 + dx * dx + dy * dy);
                    z += w[i * n + j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            double gx = 0;
            double gy = 0;
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                double wij = w[i * n + j];
                double f = (exaggeration * pd[i * n + j] - wij / z) * wij;
                gx += f * (y[2 * i] - y[2 * j]);
                gy += f * (y[2 * i + 1] - y[2 * j + 1]);
            }
            grad[2 * i] = 4 * gx;
            grad[2 * i + 1] = 4 * gy;
        }
    }

    private static double[] dense(Sparse p) {
        int n = p.n();
        double[] pd = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int a = p.rowStart()[i]; a < p.rowStart()[i + 1]; a++) {
                pd[i * n + p.col()[a]] = p.val()[a];
            }
        }
        return pd;
    }

    private static double klExact(Sparse p, double[] y) {
        int n = p.n();
        double[] pd = dense(p);
        double z = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double dx = y[2 * i] - y[2 * j];
                    double dy = y[2 * i + 1] - y[2 * j + 1];
                    z += 1 / (1 + dx * dx + dy * dy);
                }
            }
        }
        double kl = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double pij = pd[i * n + j];
                if (i != j && pij > 0) {
                    double dx = y[2 * i] - y[2 * j];
                    double dy = y[2 * i + 1] - y[2 * j + 1];
                    double q = 1 / (1 + dx * dx + dy * dy) / z;
                    kl += pij * Math.log(pij / Math.max(q, 1e-300));
                }
            }
        }
        return kl;
    }

    /** Attraction over the sparse neighbours; repulsion and the normalizer Z from the quadtree. */
    private void gradientBarnesHut(Sparse p, double[] y, double exaggeration, double[] grad) {
        int n = p.n();
        QuadTree tree = new QuadTree(y, n);
        double[] repX = new double[n];
        double[] repY = new double[n];
        double[] zPart = new double[n];
        Synapse.parallelFor(n, 64, (from, to) -> {
            double[] acc = new double[3];
            int[] stack = new int[64 * 4 + 16];
            for (int i = from; i < to; i++) {
                acc[0] = 0;
                acc[1] = 0;
                acc[2] = 0;
                tree.repulsion(i, y[2 * i], y[2 * i + 1], angle, acc, stack);
                repX[i] = acc[0];
                repY[i] = acc[1];
                zPart[i] = acc[2];
            }
        });
        double z = 0;
        for (double v : zPart) {
            z += v;
        }
        double zz = Math.max(z, Double.MIN_NORMAL);
        Synapse.parallelFor(n, 64, (from, to) -> {
            for (int i = from; i < to; i++) {
                double ax = 0;
                double ay = 0;
                for (int a = p.rowStart()[i]; a < p.rowStart()[i + 1]; a++) {
                    int j = p.col()[a];
                    double dx = y[2 * i] - y[2 * j];
                    double dy = y[2 * i + 1] - y[2 * j + 1];
                    double f = exaggeration * p.val()[a] / (1 + dx * dx + dy * dy);
                    ax += f * dx;
                    ay += f * dy;
                }
                grad[2 * i] = 4 * (ax - repX[i] / zz);
                grad[2 * i + 1] = 4 * (ay - repY[i] / zz);
            }
        });
    }
}
