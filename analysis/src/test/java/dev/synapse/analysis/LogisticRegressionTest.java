package dev.synapse.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    /**
     * One binary feature: x = 0 has 1 positive in 4, x = 1 has 6 in 8. Unpenalized, the model is
     * saturated: intercept b = logit(1/4), slope w = logit(3/4) - b. With the penalty |w|^2 / 2 the
     * zero-gradient conditions read 4 (1/4 - s(b)) = -w / C and 8 (3/4 - s(b + w)) = w / C, so
     * b = logit(1/4 + w / 4C) and w = logit(3/4 - w / 8C) - b: a fixed point, solved here by iteration.
     */
    @Test
    void matchesTheClosedFormOfTheSaturatedModel() {
        double[][] x = new double[12][1];
        long[] y = new long[12];
        for (int i = 0; i < 12; i++) {
            x[i][0] = i < 4 ? 0 : 1;
            y[i] = i == 3 || (i >= 4 && i < 10) ? 1 : 0;
        }
        for (double c : new double[] {10, 1e5}) {
            double w = 0;
            double b = 0;
            for (int it = 0; it < 200; it++) {
                b = logit(0.25 + w / (4 * c));
                w = logit(0.75 - w / (8 * c)) - b;
            }
            var lr = new LogisticRegression(c, true, 1000, 1e-7).fit(x, y);
            assertEquals(b, lr.intercept()[0], 1e-6, "C = " + c);
            assertEquals(w, lr.coef()[0][0], 1e-6, "C = " + c);
            assertTrue(lr.converged(), "converged in " + lr.iterations() + " iterations");
        }
        // Nearly unpenalized, the fitted probabilities are the observed rates.
        var lr = new LogisticRegression(1e5, true, 1000, 1e-7).fit(x, y);
        assertEquals(logit(0.75) - logit(0.25), lr.coef()[0][0], 1e-4);
        assertArrayEquals(new double[] {0.75, 0.25}, lr.predictProba(new double[][] {{0}})[0], 1e-5);
    }

    /**
     * With the default penalty the solution is where the gradient of C * sum(log loss) + |w|^2 / 2
     * vanishes: w = C * X^T (y - p) and 0 = sum(y - p) for the unpenalized intercept.
     */
    @Test
    void defaultPenaltyMeetsItsOptimalityConditions() {
        Random r = new Random(11);
        int n = 200;
        double[][] x = new double[n][2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[i][0] = (y[i] == 1 ? 1.0 : -1.0) + r.nextGaussian();
            x[i][1] = r.nextGaussian();
        }
        var lr = new LogisticRegression(1.0, true, 1000, 1e-9).fit(x, y);
        double[] w = lr.coef()[0];
        double[][] p = lr.predictProba(x);
        double[] residual = new double[3];
        for (int i = 0; i < n; i++) {
            double e = y[i] - p[i][1];
            residual[0] += e * x[i][0];
            residual[1] += e * x[i][1];
            residual[2] += e;
        }
        assertEquals(w[0], residual[0], 1e-6);
        assertEquals(w[1], residual[1], 1e-6);
        assertEquals(0, residual[2], 1e-6);
        assertTrue(
                w[0] > 1 && Math.abs(w[1]) < 0.5,
                "the informative feature carries the weight: " + java.util.Arrays.toString(w));
    }

    @Test
    void separableSetIsClassifiedPerfectly() {
        // The tutorial's anomaly detector: one feature, labels -1 and 1.
        double[][] x = {{8.1}, {9.5}, {10.2}, {11.0}, {7.7}, {2.0}, {3.1}, {2.6}, {4.0}, {3.3}};
        long[] y = {-1, -1, -1, -1, -1, 1, 1, 1, 1, 1};
        var lr = new LogisticRegression().fit(x, y);
        assertArrayEquals(new long[] {-1, 1}, lr.classes());
        assertEquals(1.0, lr.score(x, y));
        assertArrayEquals(new long[] {1, -1}, lr.predict(new double[][] {{1.0}, {12.0}}));
        assertTrue(lr.coef()[0][0] < 0, "larger error, less likely in class 1");
    }

    @Test
    void multinomialOnThreeBlobs() {
        Random r = new Random(2);
        double[][] centres = {{0, 0}, {6, 0}, {0, 6}};
        int n = 300;
        double[][] x = new double[n][2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[i] = c;
            x[i][0] = centres[c][0] + r.nextGaussian();
            x[i][1] = centres[c][1] + r.nextGaussian();
        }
        var lr = new LogisticRegression(1.0, true, 1000, 1e-8).fit(x, y);
        assertEquals(3, lr.coef().length);
        assertTrue(lr.score(x, y) > 0.97, "accuracy " + lr.score(x, y));
        // Multinomial optimality: for every class j, w_j = C * sum_i (1[y_i = j] - p_ij) x_i.
        double[][] p = lr.predictProba(x);
        for (int j = 0; j < 3; j++) {
            double g0 = 0;
            for (int i = 0; i < n; i++) {
                g0 += ((y[i] == j ? 1 : 0) - p[i][j]) * x[i][0];
            }
            assertEquals(lr.coef()[j][0], g0, 1e-5);
        }
    }
}
