package dev.synapse.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PCATest {

    /**
     * Four points along u = (0.6, 0.8) at -3, -1, 1, 3 and two along v = (0.8, -0.6) at -1, 1, then
     * shifted by (10, -5). Centred, A^T A = 20 u u^T + 2 v v^T: components u and v, variances
     * 20 / 5 = 4 and 2 / 5 = 0.4, ratios 20/22 and 2/22, singular values sqrt 20 and sqrt 2.
     */
    @Test
    void knownMatrixByHand() {
        double[][] x = {{-1.8, -2.4}, {-0.6, -0.8}, {0.6, 0.8}, {1.8, 2.4}, {0.8, -0.6}, {-0.8, 0.6}};
        for (double[] r : x) {
            r[0] += 10;
            r[1] -= 5;
        }
        PCA pca = new PCA(2).fit(x);
        double[][] comps = pca.components();
        // Sign rule: each component's largest-magnitude entry is positive (0.8 in both).
        assertArrayEquals(new double[] {0.6, 0.8}, comps[0], 1e-12);
        assertArrayEquals(new double[] {0.8, -0.6}, comps[1], 1e-12);
        assertArrayEquals(new double[] {4, 0.4}, pca.explainedVariance(), 1e-12);
        assertArrayEquals(new double[] {20.0 / 22, 2.0 / 22}, pca.explainedVarianceRatio(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(20), Math.sqrt(2)}, pca.singularValues(), 1e-12);
        assertArrayEquals(new double[] {10, -5}, pca.mean(), 1e-12);
        double[][] z = pca.transform(x);
        assertArrayEquals(new double[] {-3, 0}, z[0], 1e-12);
        assertArrayEquals(new double[] {0, 1}, z[4], 1e-12);
        double[][] back = pca.inverseTransform(z);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(x[i], back[i], 1e-12);
        }
    }

    @Test
    void whitenedProjectionsHaveUnitVariance() {
        double[][] x = {{-3, -3}, {-1, -1}, {1, 1}, {3, 3}, {1, -1}, {-1, 1}};
        double[][] z = new PCA(2, true).fitTransform(x);
        for (int c = 0; c < 2; c++) {
            double ss = 0;
            for (double[] r : z) {
                ss += r[c] * r[c];
            }
            assertEquals(1.0, ss / (x.length - 1), 1e-12);
        }
    }

    @Test
    void tensorsInAndOut() {
        Tensor x = Tensor.of(1f, 2f, 3f, 4f, 5f, 7f).reshape(3, 2);
        Tensor z = new PCA(1).fitTransform(x);
        assertArrayEquals(new int[] {3, 1}, z.dims());
        assertEquals(0.0, z.sum(new int[] {0}, false).item(), 1e-9, "projections of centred data sum to 0");
    }

    @Test
    void tooManyComponentsIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new PCA(3).fit(new double[][] {{1, 2}, {3, 4}, {5, 7}}));
        assertEquals(true, e.getMessage().contains("min(samples, features) = 2"), e.getMessage());
    }
}
