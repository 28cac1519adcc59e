package dev.synapse.data.preprocessing;

import dev.synapse.data.HostArrays;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Features and labels split at random into a training and a test part: scikit-learn's
 * {@code sklearn.model_selection.train_test_split(x, y, test_size, random_state, stratify)}.
 *
 * <pre>{@code
 * var s = TrainTestSplit.trainTestSplit(digits.data(), digits.target(), 0.20, 17);
 * model.fit(s.xTrain(), s.yTrain(), ...);
 * }</pre>
 *
 * <p>The test part has {@code ceil(testSize * N)} samples for a fraction, or exactly {@code testSize}
 * samples for a count of 1 or more. The split is seeded by Synapse's generator, so it repeats for a seed
 * but is not the same split NumPy's generator would draw.
 *
 * @param xTrain training features
 * @param xTest test features
 * @param yTrain training labels
 * @param yTest test labels
 */
public record TrainTestSplit(Tensor xTrain, Tensor xTest, Tensor yTrain, Tensor yTest) {

    /** A shuffled split with {@code testSize} as a fraction in (0, 1) or a count. */
    public static TrainTestSplit trainTestSplit(Tensor x, Tensor y, double testSize, long seed) {
        return trainTestSplit(x, y, testSize, seed, false);
    }

    /**
     * A shuffled split; with {@code stratify}, each class of {@code y} keeps its proportion in both parts
     * ({@code stratify=y}).
     */
    public static TrainTestSplit trainTestSplit(Tensor x, Tensor y, double testSize, long seed, boolean stratify) {
        if (y.rank() == 0 || x.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("trainTestSplit: features " + Shape.format(x.dims()) + " and labels "
                    + Shape.format(y.dims()) + " need the same first dimension");
        }
        int n = x.dim(0);
        int nTest = testCount(n, testSize);
        int[][] idx = stratify ? stratified(labels(y), nTest, seed) : shuffled(n, nTest, seed);
        return new TrainTestSplit(
                HostArrays.takeRows(x, idx[0]),
                HostArrays.takeRows(x, idx[1]),
                HostArrays.takeRows(y, idx[0]),
                HostArrays.takeRows(y, idx[1]));
    }

    static int testCount(int n, double testSize) {
        int nTest;
        if (testSize > 0 && testSize < 1) {
            nTest = (int) Math.ceil(testSize * n);
        } else if (testSize >= 1 && testSize == Math.rint(testSize)) {
            nTest = (int) testSize;
        } else {
            throw new IllegalArgumentException(
                    "trainTestSplit: testSize must be a fraction in (0, 1) or a whole count, got " + testSize);
        }
        if (nTest >= n || nTest <= 0) {
            throw new IllegalArgumentException(
                    "trainTestSplit: a test part of " + nTest + " out of " + n + " samples leaves one part empty");
        }
        return nTest;
    }

    private static int[][] shuffled(int n, int nTest, long seed) {
        int[] perm = new Generator(seed).permutation(n);
        return new int[][] {Arrays.copyOfRange(perm, nTest, n), Arrays.copyOfRange(perm, 0, nTest)};
    }

    private static int[][] stratified(long[] labels, int nTest, long seed) {
        int n = labels.length;
        long[] counts = Categorical.classCounts(labels);
        int k = counts.length;
        // Largest-remainder allocation of the test samples to classes, in proportion to class sizes.
        int[] take = new int[k];
        double[] remainder = new double[k];
        int given = 0;
        for (int c = 0; c < k; c++) {
            double exact = (double) counts[c] * nTest / n;
            take[c] = (int) Math.floor(exact);
            remainder[c] = exact - take[c];
            given += take[c];
        }
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        Arrays.sort(
                order,
                (a, b) -> Double.compare(remainder[b], remainder[a]) != 0
                        ? Double.compare(remainder[b], remainder[a])
                        : Integer.compare(a, b));
        for (int i = 0; given < nTest; i = (i + 1) % k) {
            int c = order[i];
            if (take[c] < counts[c]) {
                take[c]++;
                given++;
            }
        }
        Generator g = new Generator(seed);
        int[] perm = g.permutation(n);
        int[] takenPerClass = new int[k];
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i : perm) {
            int c = (int) labels[i];
            if (takenPerClass[c] < take[c]) {
                takenPerClass[c]++;
                test.add(i);
            } else {
                train.add(i);
            }
        }
        return new int[][] {
            train.stream().mapToInt(Integer::intValue).toArray(),
            test.stream().mapToInt(Integer::intValue).toArray()
        };
    }

    private static long[] labels(Tensor y) {
        if (y.rank() != 1) {
            throw new IllegalArgumentException(
                    "trainTestSplit: stratify needs class labels [N], got " + Shape.format(y.dims()));
        }
        return y.toLongArray();
    }
}
