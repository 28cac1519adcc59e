package dev.synapse.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class KNeighborsClassifierTest {
    // Class 0 around x = 0, class 1 around x = 10, on a line.
    private static final double[][] X = {{0}, {1}, {2}, {10}, {11}, {12}};
    private static final long[] Y = {0, 0, 0, 1, 1, 1};

    @Test
    void oneNearestNeighbour() {
        var knn = new KNeighborsClassifier(1).fit(X, Y);
        assertArrayEquals(new long[] {0, 0, 1, 1}, knn.predict(new double[][] {{-5}, {5.9}, {6.1}, {100}}));
        assertArrayEquals(new int[] {2}, knn.kneighbors(new double[][] {{2.4}})[0]);
        assertEquals(1.0, knn.score(X, Y), "1-NN on its own training set is perfect");
    }

    @Test
    void majorityOfThreeAndVoteShares() {
        // At x = 7: nearest are 10 (d 3), 11 (d 4), 2 (d 5): two votes for 1, one for 0.
        var knn = new KNeighborsClassifier(3).fit(X, Y);
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3}, knn.predictProba(new double[][] {{7}})[0], 1e-12);
        assertArrayEquals(new int[] {3, 4, 2}, knn.kneighbors(new double[][] {{7}})[0]);
        assertArrayEquals(new long[] {1}, knn.predict(new double[][] {{7}}));
    }

    @Test
    void distanceWeightsAndTies() {
        // Distance weights at x = 6.2 with k = 3: 10 (d 3.8), 2 (d 4.2), 11 (d 4.8); weights 1/d.
        var knn = new KNeighborsClassifier(3, KNeighborsClassifier.Weights.DISTANCE).fit(X, Y);
        double w0 = 1 / 4.2;
        double w1 = 1 / 3.8 + 1 / 4.8;
        assertArrayEquals(
                new double[] {w0 / (w0 + w1), w1 / (w0 + w1)}, knn.predictProba(new double[][] {{6.2}})[0], 1e-12);
        // A 1-1 vote goes to the smaller label; arbitrary labels are kept.
        var tie = new KNeighborsClassifier(2).fit(new double[][] {{0}, {2}}, new long[] {7, -3});
        assertArrayEquals(new long[] {-3, 7}, tie.classes());
        assertArrayEquals(new long[] {-3}, tie.predict(new double[][] {{1}}));
    }

    @Test
    void tensors() {
        Tensor x = Tensor.of(0f, 0f, 0f, 1f, 5f, 5f, 5f, 6f).reshape(4, 2);
        Tensor y = Tensor.of(0L, 0L, 1L, 1L);
        var knn = new KNeighborsClassifier(1).fit(x, y);
        assertArrayEquals(
                new long[] {0, 1},
                knn.predict(Tensor.of(0.2f, 0.3f, 4.8f, 5.5f).reshape(2, 2)).toLongArray());
        assertEquals(1.0, knn.score(x, y));
    }
}
