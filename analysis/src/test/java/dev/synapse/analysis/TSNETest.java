package dev.synapse.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TSNETest {

    /** Three well-separated Gaussian blobs in 10 dimensions. */
    private static double[][] blobs(int perBlob, long seed, int[] labels) {
        Random r = new Random(seed);
        int d = 10;
        double[][] x = new double[3 * perBlob][d];
        for (int i = 0; i < x.length; i++) {
            int c = i % 3;
            labels[i] = c;
            for (int k = 0; k < d; k++) {
                x[i][k] = (k == c ? 20 : 0) + r.nextGaussian();
            }
        }
        return x;
    }

    /** Leave-one-out 1-NN accuracy in the embedding. */
    private static double oneNnAccuracy(double[][] z, int[] labels) {
        int right = 0;
        for (int i = 0; i < z.length; i++) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < z.length; j++) {
                double d = Matrices.squaredDistance(z[i], z[j]);
                if (j != i && d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            right += labels[best] == labels[i] ? 1 : 0;
        }
        return (double) right / z.length;
    }

    @Test
    void barnesHutSeparatesBlobs() {
        int[] labels = new int[600];
        double[][] x = blobs(200, 1, labels);
        double[][] z = new TSNE().fitTransform(x);
        assertEquals(600, z.length);
        assertEquals(1.0, oneNnAccuracy(z, labels), 1e-12);
        double s = Silhouette.score(z, labels);
        assertTrue(s > 0.7, "silhouette " + s);
    }

    @Test
    void exactSeparatesBlobsAndReportsKl() {
        int[] labels = new int[90];
        double[][] x = blobs(30, 2, labels);
        TSNE t = new TSNE().exact(true).perplexity(10);
        double[][] z = t.fitTransform(x);
        assertEquals(1.0, oneNnAccuracy(z, labels), 1e-12);
        assertTrue(Silhouette.score(z, labels) > 0.7);
        assertTrue(t.klDivergence() > 0 && t.klDivergence() < 2, "KL " + t.klDivergence());
    }

    @Test
    void barnesHutGradientsMatchExactOnes() {
        int[] labels = new int[60];
        double[][] x = blobs(20, 3, labels);
        TSNE exact = new TSNE().exact(true).perplexity(10);
        TSNE.Sparse p = exact.affinities(x);
        Random r = new Random(8);
        double[] y = new double[2 * x.length];
        for (int k = 0; k < y.length; k++) {
            y[k] = 3 * r.nextGaussian();
        }
        double[] want = new double[y.length];
        exact.gradient(p, y, 1, want);
        // Angle 0 opens every cell: the same sums in another order.
        double[] got = new double[y.length];
        new TSNE().angle(0).gradient(p, y, 1, got);
        assertArrayEquals(want, got, 1e-12);
        // The default angle approximates them closely.
        new TSNE().gradient(p, y, 1, got);
        double err = 0;
        double norm = 0;
        for (int k = 0; k < y.length; k++) {
            err += (got[k] - want[k]) * (got[k] - want[k]);
            norm += want[k] * want[k];
        }
        assertTrue(Math.sqrt(err / norm) < 0.05, "relative error " + Math.sqrt(err / norm));
    }

    @Test
    void neighbourAffinitiesEqualExactOnesWhenEveryPointIsANeighbour() {
        int[] labels = new int[30];
        double[][] x = blobs(10, 6, labels);
        // 3 * 10 + 1 = 31 neighbours: all 29 others.
        TSNE.Sparse a = new TSNE().perplexity(10).affinities(x);
        TSNE.Sparse b = new TSNE().perplexity(10).exact(true).affinities(x);
        assertArrayEquals(b.rowStart(), a.rowStart());
        assertArrayEquals(b.col(), a.col());
        assertArrayEquals(b.val(), a.val(), 1e-15);
        double sum = 0;
        for (double v : a.val()) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12, "P sums to 1");
    }

    @Test
    void repeatsExactly() {
        int[] labels = new int[60];
        double[][] x = blobs(20, 4, labels);
        double[][] a = new TSNE().randomInit().randomState(5).perplexity(5).fitTransform(x);
        double[][] b = new TSNE().randomInit().randomState(5).perplexity(5).fitTransform(x);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i]);
        }
    }
}
