package dev.synapse.analysis;

import dev.synapse.Synapse;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * The k-nearest-neighbours classifier ({@code sklearn.neighbors.KNeighborsClassifier}): a sample
 * takes the majority label of the {@code k} training samples nearest to it in Euclidean distance,
 * as the last tutorial compares 1-NN on 100 autoencoder codes with 1-NN on raw pixels.
 *
 * <pre>{@code
 * var knn = new KNeighborsClassifier(1).fit(codesTrain, yTrain);
 * double accuracy = knn.score(codesTest, yTest);
 * }</pre>
 *
 * <p>Search is brute force over all training samples (exact, and quick for the thousands of
 * samples this is meant for). Ties in distance go to the earlier training sample; ties in the
 * vote go to the smallest label, as scikit-learn's.
 */
public final class KNeighborsClassifier {
    /** How neighbours vote ({@code weights="uniform"} or {@code "distance"}). */
    public enum Weights {
        UNIFORM,
        DISTANCE
    }

    private final int k;
    private final Weights weights;
    private double[][] xTrain;
    private int[] yIndex;
    private long[] classes;

    /** {@code n_neighbors = k}, uniform votes. */
    public KNeighborsClassifier(int k) {
        this(k, Weights.UNIFORM);
    }

    /** {@code n_neighbors = k} with the given vote weighting. */
    public KNeighborsClassifier(int k, Weights weights) {
        if (k < 1) {
            throw new IllegalArgumentException("KNeighborsClassifier: k must be at least 1, got " + k);
        }
        this.k = k;
        this.weights = weights;
    }

    /** Remembers the training samples and their labels; returns this. */
    public KNeighborsClassifier fit(double[][] x, long[] y) {
        Matrices.checkRectangular(x, "KNeighborsClassifier.fit");
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "KNeighborsClassifier.fit: " + x.length + " samples but " + y.length + " labels");
        }
        if (k > x.length) {
            throw new IllegalArgumentException(
                    "KNeighborsClassifier.fit: k = " + k + " exceeds the " + x.length + " training samples");
        }
        TreeSet<Long> set = new TreeSet<>();
        for (long v : y) {
            set.add(v);
        }
        classes = set.stream().mapToLong(Long::longValue).toArray();
        yIndex = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            yIndex[i] = Arrays.binarySearch(classes, y[i]);
        }
        xTrain = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            xTrain[i] = x[i].clone();
        }
        return this;
    }

    /** {@link #fit(double[][], long[])} with int labels. */
    public KNeighborsClassifier fit(double[][] x, int[] y) {
        return fit(x, Matrices.toLong(y));
    }

    /** {@link #fit(double[][], long[])} with tensors: features [N, D], labels [N]. */
    public KNeighborsClassifier fit(Tensor x, Tensor y) {
        return fit(Matrices.rows(x, "KNeighborsClassifier.fit"), Matrices.labels(y, "KNeighborsClassifier.fit"));
    }

    /** The class labels in sorted order ({@code classes_}); columns of {@link #predictProba}. */
    public long[] classes() {
        requireFitted();
        return classes.clone();
    }

    /** Indices into the training set of each sample's {@code k} nearest, nearest first ({@code kneighbors}). */
    public int[][] kneighbors(double[][] x) {
        requireFitted();
        checkFeatures(x);
        int[][] out = new int[x.length][];
        Synapse.parallelFor(x.length, 16, (from, to) -> {
            double[] best = new double[k];
            int[] bestIdx = new int[k];
            for (int i = from; i < to; i++) {
                int filled = 0;
                for (int t = 0; t < xTrain.length; t++) {
                    double dd = Matrices.squaredDistance(x[i], xTrain[t]);
                    if (filled < k || dd < best[filled - 1]) {
                        // Insertion into the sorted short list; equal distances keep the earlier sample first.
                        int pos = filled < k ? filled++ : k - 1;
                        while (pos > 0 && best[pos - 1] > dd) {
                            best[pos] = best[pos - 1];
                            bestIdx[pos] = bestIdx[pos - 1];
                            pos--;
                        }
                        best[pos] = dd;
                        bestIdx[pos] = t;
                    }
                }
                out[i] = bestIdx.clone();
            }
        });
        return out;
    }

    /** Per-class vote shares [samples, classes] ({@code predict_proba}). */
    public double[][] predictProba(double[][] x) {
        int[][] nb = kneighbors(x);
        double[][] p = new double[x.length][classes.length];
        for (int i = 0; i < x.length; i++) {
            double total = 0;
            boolean exact = false;
            for (int t : nb[i]) {
                exact |= weights == Weights.DISTANCE && Matrices.squaredDistance(x[i], xTrain[t]) == 0;
            }
            for (int t : nb[i]) {
                double w = 1;
                if (weights == Weights.DISTANCE) {
                    double d = Math.sqrt(Matrices.squaredDistance(x[i], xTrain[t]));
                    // As scikit-learn: a training sample at distance 0 takes the whole vote.
                    w = exact ? (d == 0 ? 1 : 0) : 1 / d;
                }
                p[i][yIndex[t]] += w;
                total += w;
            }
            for (int c = 0; c < classes.length; c++) {
                p[i][c] /= total;
            }
        }
        return p;
    }

    /** The predicted label of each sample ({@code predict}). */
    public long[] predict(double[][] x) {
        return Matrices.mostProbable(predictProba(x), classes);
    }

    /** Predictions as an int64 tensor [N]. */
    public Tensor predict(Tensor x) {
        return Tensor.wrap(predict(Matrices.rows(x, "KNeighborsClassifier.predict")), x.dims()[0]);
    }

    /** The fraction of samples predicted right ({@code score}). */
    public double score(double[][] x, long[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "KNeighborsClassifier.score: " + x.length + " samples but " + y.length + " labels");
        }
        return Matrices.accuracy(predict(x), y, "KNeighborsClassifier.score");
    }

    /** {@link #score(double[][], long[])} with int labels. */
    public double score(double[][] x, int[] y) {
        return score(x, Matrices.toLong(y));
    }

    /** {@link #score(double[][], long[])} with tensors. */
    public double score(Tensor x, Tensor y) {
        return score(Matrices.rows(x, "KNeighborsClassifier.score"), Matrices.labels(y, "KNeighborsClassifier.score"));
    }

    private void checkFeatures(double[][] x) {
        int d = Matrices.checkRectangular(x, "KNeighborsClassifier");
        if (d != xTrain[0].length) {
            throw new IllegalArgumentException(
                    "KNeighborsClassifier: fitted on " + xTrain[0].length + " features, got " + d);
        }
    }

    private void requireFitted() {
        if (xTrain == null) {
            throw new IllegalStateException("KNeighborsClassifier: call fit first");
        }
    }
}
