package dev.synapse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.analysis.KNeighborsClassifier;
import dev.synapse.analysis.LogisticRegression;
import dev.synapse.analysis.PCA;
import dev.synapse.analysis.Silhouette;
import dev.synapse.analysis.TSNE;
import dev.synapse.datasets.Digits;
import dev.synapse.tensor.Tensor;
import dev.synapse.testing.Slow;
import dev.synapse.viz.BoxPlot;
import dev.synapse.viz.HistogramChart;
import dev.synapse.viz.Png;
import dev.synapse.viz.ScatterChart;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The analyses of seeds 003 and 004 on scikit-learn's digits, with their pictures: PCA and t-SNE
 * scatter plots by class, 1-NN on few samples, logistic regression on a one-number score, a box
 * plot of that score and a histogram of the labels.
 */
class AnalysisPicturesTest {
    private static final Path OUT = Path.of("target", "pictures");

    private static double[][] rows(Tensor t) {
        int n = t.dims()[0];
        int d = t.dims()[1];
        double[] flat = t.toDoubleArray();
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    private static void assertPicture(Path file, int w, int h) {
        BufferedImage img = Png.read(file);
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
    }

    @Test
    @Slow
    void pcaAndTsneOfTheDigits() {
        Digits digits = Digits.load();
        double[][] x = rows(digits.data());
        int[] y = java.util.Arrays.stream(digits.target().toLongArray())
                .mapToInt(v -> (int) v)
                .toArray();

        PCA pca = new PCA(2);
        double[][] z = pca.fitTransform(x);
        // scikit-learn reports explained_variance_ratio_ = [0.1489, 0.1362] for the digits.
        assertEquals(0.1489, pca.explainedVarianceRatio()[0], 5e-4);
        assertEquals(0.1362, pca.explainedVarianceRatio()[1], 5e-4);
        assertPicture(
                ScatterChart.byClass("PCA of the digits", z, y)
                        .axisLabels("PC 1", "PC 2")
                        .save(OUT.resolve("digits_pca.png")),
                800,
                640);

        double[][] e = new TSNE().fitTransform(x);
        double s = Silhouette.score(e, y);
        double sPca = Silhouette.score(z, y);
        assertTrue(s > 0.4 && s > sPca + 0.2, "t-SNE silhouette " + s + " vs PCA " + sPca);
        var knn = new KNeighborsClassifier(1).fit(java.util.Arrays.copyOf(e, 1000), java.util.Arrays.copyOf(y, 1000));
        double acc = knn.score(
                java.util.Arrays.copyOfRange(e, 1000, x.length), java.util.Arrays.copyOfRange(y, 1000, x.length));
        assertTrue(acc > 0.95, "1-NN in the t-SNE plane " + acc);
        assertPicture(ScatterChart.byClass("t-SNE of the digits", e, y).save(OUT.resolve("digits_tsne.png")), 800, 640);
        assertPicture(HistogramChart.ofLabels("digits per class", y).save(OUT.resolve("digits_labels.png")), 800, 450);
    }

    @Test
    void oneNearestNeighbourOnAHundredSamplesAndAnAnomalyScore() {
        Digits digits = Digits.load();
        double[][] x = rows(digits.data());
        long[] y = digits.target().toLongArray();
        // Seed 004: 1-NN fitted on 100 samples only, tested on the rest.
        var knn = new KNeighborsClassifier(1).fit(java.util.Arrays.copyOf(x, 100), java.util.Arrays.copyOf(y, 100));
        double acc = knn.score(
                java.util.Arrays.copyOfRange(x, 100, x.length), java.util.Arrays.copyOfRange(y, 100, y.length));
        assertTrue(acc > 0.8, "1-NN on 100 raw digits " + acc);

        // Seed 004's anomaly detector, with a score that needs no network: the distance of a
        // picture from its PCA reconstruction (8 components fitted on zeros only). Zeros are "in",
        // all other digits "anomalies".
        int zeros = 0;
        for (long v : y) {
            zeros += v == 0 ? 1 : 0;
        }
        double[][] x0 = new double[zeros][];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] == 0) {
                x0[k++] = x[i];
            }
        }
        PCA pca = new PCA(8).fit(x0);
        double[][] score = new double[x.length][1];
        long[] isZero = new long[x.length];
        double[] in = new double[zeros];
        double[] out = new double[x.length - zeros];
        int a = 0;
        int b = 0;
        double[][] back = pca.inverseTransform(pca.transform(x));
        for (int i = 0; i < x.length; i++) {
            double d = 0;
            for (int j = 0; j < x[i].length; j++) {
                d += (x[i][j] - back[i][j]) * (x[i][j] - back[i][j]);
            }
            score[i][0] = Math.sqrt(d);
            isZero[i] = y[i] == 0 ? 1 : -1;
            if (y[i] == 0) {
                in[a++] = score[i][0];
            } else {
                out[b++] = score[i][0];
            }
        }
        var lr = new LogisticRegression().fit(score, isZero);
        assertTrue(lr.score(score, isZero) > 0.95, "anomaly accuracy " + lr.score(score, isZero));
        assertPicture(
                new BoxPlot("distance from the zeros' PCA subspace")
                        .yLabel("L2 norm")
                        .add("other digits", out)
                        .add("zeros", in)
                        .save(OUT.resolve("digits_anomaly_boxplot.png")),
                800,
                500);
    }
}
