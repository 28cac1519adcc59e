package dev.synapse.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChartsTest {

    private static History history(int epochs) {
        History h = new History();
        for (int e = 0; e < epochs; e++) {
            double loss = 2.0 * Math.exp(-0.3 * e) + 0.05;
            h.onEpochEnd(
                    e,
                    Map.of(
                            "loss",
                            loss,
                            "accuracy",
                            1 - loss / 2.2,
                            "val_loss",
                            loss * 1.2 + 0.02,
                            "val_accuracy",
                            1 - loss / 2.0));
        }
        return h;
    }

    @Test
    void lineChartWithSeveralSeriesAndALogAxis() {
        LineChart c = new LineChart("Impact of initialization on convergence")
                .xLabel("# epochs")
                .yLabel("training loss")
                .logY()
                .add("glorot uniform", new double[] {2.3, 0.9, 0.4, 0.2, 0.1})
                .add("small init scale", new double[] {2.3, 2.2, 1.5, 0.8, 0.5})
                .add("zero init", new double[] {2.3, 2.3, 2.3, 2.3, 2.3}, LineChart.Dash.DASHED);
        BufferedImage img = Pixels.saveAndRead(c, "line_log.png", 800, 450);
        Pixels.assertNotBlank(img, "line_log");
        // Each series is drawn in its own tab10 colour.
        assertTrue(Pixels.countNear(img, 0x1f77b4) > 100, "blue series drawn");
        assertTrue(Pixels.countNear(img, 0xff7f0e) > 100, "orange series drawn");
        assertTrue(Pixels.countNear(img, 0x2ca02c) > 50, "green dashed series drawn");
    }

    @Test
    void logAxisRefusesNonPositiveValues() {
        LineChart c = new LineChart("t").logY().add("a", new double[] {1, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::toImage);
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
    }

    @Test
    void learningCurvesHaveOnePanelPerMetricWithTrainingAndValidation() {
        Figure f = LearningCurves.of(history(15));
        BufferedImage img = Pixels.saveAndRead(f, "learning_curves.png", 800, 720);
        Pixels.assertNotBlank(img, "learning curves");
        // Upper panel (loss) and lower panel (accuracy) both hold both series.
        BufferedImage top = img.getSubimage(0, 0, 800, 360);
        BufferedImage bottom = img.getSubimage(0, 360, 800, 360);
        for (BufferedImage panel : List.of(top, bottom)) {
            assertTrue(Pixels.countNear(panel, 0x1f77b4) > 100);
            assertTrue(Pixels.countNear(panel, 0xff7f0e) > 100);
        }
    }

    @Test
    void learningCurvesSkipEpochsWithoutValidation() {
        History h = new History();
        h.onEpochEnd(0, Map.of("loss", 1.0));
        h.onEpochEnd(1, Map.of("loss", 0.5, "val_loss", 0.7));
        Pixels.assertNotBlank(LearningCurves.of(h, true).toImage(), "late validation");
    }

    @Test
    void learningCurvesWithADivergedLossAreDrawnAndSayWhatWasLeftOut() {
        History h = new History();
        double[] loss = {1.0, 0.5, Double.POSITIVE_INFINITY, 0.4, Double.NaN};
        for (int e = 0; e < loss.length; e++) {
            h.onEpochEnd(e, Map.of("loss", loss[e], "val_loss", e == 3 ? Double.NEGATIVE_INFINITY : 0.6));
        }
        BufferedImage img = LearningCurves.of(h).toImage();
        assertTrue(Pixels.countNear(img, 0x1f77b4) > 100, "the finite training points are drawn");
        assertTrue(Pixels.countNear(img, 0xff7f0e) > 100, "the finite validation points are drawn");
        // The same on a log axis; the legend notes the infinity, not the NaN (a metric not measured).
        LineChart c = new LineChart("t").logY().add("loss", loss).add("val_loss", new double[] {
            0.6, Double.NaN, 0.5, 0.4, 0.3
        });
        Pixels.assertNotBlank(c.toImage(), "log axis with an infinity");
        assertEquals(
                List.of("loss (1 point = inf not drawn)", "val_loss"),
                c.chart().getSeriesCollection().stream().map(s -> s.getName()).toList());
    }

    @Test
    void scatterLeavesOutNonFinitePointsAndSaysSo() {
        double[][] pts = {{0, 0}, {1, 1}, {Double.POSITIVE_INFINITY, 2}, {2, 0}, {Double.NaN, 1}, {3, 3}};
        ScatterChart c = ScatterChart.byClass("diverged", pts, new int[] {0, 0, 0, 1, 1, 1});
        Pixels.assertNotBlank(c.toImage(), "scatter with non-finite points");
        assertEquals(
                List.of("0 (1 non-finite point not drawn)", "1 (1 non-finite point not drawn)"),
                c.chart().getSeriesCollection().stream().map(s -> s.getName()).toList());
    }

    @Test
    void histogramOfInfiniteValuesIsRefusedAsNumpyDoes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> HistogramChart.of("h", new double[] {1, 2, Double.POSITIVE_INFINITY}, 10));
        assertTrue(e.getMessage().contains("[1.0, Infinity] is not finite"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> HistogramChart.counts(new double[] {1}, 4, Double.NEGATIVE_INFINITY, 2));
        // A finite range counts the finite values and leaves the infinity out.
        assertArrayEquals(
                new double[] {1, 1}, HistogramChart.counts(new double[] {1, 2, Double.POSITIVE_INFINITY}, 2, 1, 2));
    }

    @Test
    void scatterByClassColoursEachClass() {
        Random r = new Random(3);
        int n = 300;
        double[][] pts = new double[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            pts[i][0] = 5 * labels[i] + r.nextGaussian();
            pts[i][1] = 3 * (labels[i] % 2) + r.nextGaussian();
        }
        ScatterChart c = ScatterChart.byClass(
                        "three blobs", Tensor.wrap(flat(pts), n, 2), Tensor.wrap(toLong(labels), n))
                .classNames("zero", "one", "two")
                .axisLabels("component 1", "component 2");
        BufferedImage img = Pixels.saveAndRead(c, "scatter.png", 800, 640);
        Pixels.assertNotBlank(img, "scatter");
        for (int colour : new int[] {0x1f77b4, 0xff7f0e, 0x2ca02c}) {
            assertTrue(Pixels.countNear(img, colour) > 200, "class colour " + Integer.toHexString(colour));
        }
    }

    @Test
    void histogramCountsFollowNumpy() {
        // numpy.histogram([0, 1, 1, 2, 3, 3, 3, 4], bins=4) -> [1, 2, 1, 4]: the right edge joins the last bin.
        double[] c = HistogramChart.counts(new double[] {0, 1, 1, 2, 3, 3, 3, 4}, 4, 0, 4);
        assertArrayEquals(new double[] {1, 2, 1, 4}, c);
        assertArrayEquals(
                new double[] {1, 0, 0}, HistogramChart.counts(new double[] {-1, 0.5, 7, Double.NaN}, 3, 0, 3));
        Random r = new Random(5);
        double[] v = new double[2000];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        HistogramChart h = HistogramChart.of("standard normal", v, 20);
        assertEquals(2000, java.util.Arrays.stream(h.counts()).sum());
        BufferedImage img = Pixels.saveAndRead(h, "histogram.png", 800, 450);
        Pixels.assertNotBlank(img, "histogram");
        assertTrue(Pixels.countNear(img, 0x1f77b4) > 5000, "bars drawn");
    }

    @Test
    void histogramOfLabelsHasOneBarPerClass() {
        HistogramChart h = HistogramChart.ofLabels("labels", Tensor.of(0L, 1L, 1L, 2L, 2L, 2L));
        assertArrayEquals(new double[] {1, 2, 3}, h.counts());
        Pixels.assertNotBlank(Pixels.saveAndRead(h, "histogram_labels.png", 800, 450), "label histogram");
    }

    @Test
    void boxPlotOfTwoGroups() {
        Random r = new Random(9);
        double[] a = new double[500];
        double[] b = new double[500];
        for (int i = 0; i < 500; i++) {
            a[i] = 9 + 2 * r.nextGaussian();
            b[i] = 4 + r.nextGaussian();
        }
        BoxPlot p = new BoxPlot("reconstruction error")
                .yLabel("L2 norm")
                .add("Fashion-MNIST", a)
                .add("MNIST", b);
        BufferedImage img = Pixels.saveAndRead(p, "boxplot.png", 800, 500);
        Pixels.assertNotBlank(img, "box plot");
        assertTrue(Pixels.countDominant(img, 0) > 800, "box outlines drawn in blue");
        assertTrue(Pixels.countDominant(img, 2) > 400, "medians and outliers drawn in red");
    }

    @Test
    void probabilityBarsMarkPredictionRedAndTruthBlue() {
        double[] p = {0.01, 0.02, 0.05, 0.6, 0.02, 0.2, 0.03, 0.03, 0.02, 0.02};
        BarChart wrong = BarChart.probabilities(p, 5).title("pred 3 / true 5");
        BufferedImage img = Pixels.saveAndRead(wrong, "probabilities_wrong.png", 640, 400);
        Pixels.assertNotBlank(img, "bars");
        long red = Pixels.countNear(img, 0xd62728);
        long blue = Pixels.countNear(img, 0x1f77b4);
        assertTrue(red > 2 * blue, "the 0.6 bar (red) is about three times the 0.2 bar (blue): " + red + " vs " + blue);
        assertTrue(blue > 500, "true class bar drawn");
        BufferedImage right =
                Pixels.saveAndRead(BarChart.probabilities(Tensor.of(0.1, 0.9), 1), "probabilities_right.png", 640, 400);
        assertTrue(Pixels.countNear(right, 0x1f77b4) > 5000, "right prediction drawn blue");
        assertTrue(Pixels.countNear(right, 0xd62728) < 50, "no red when right");
    }

    @Test
    void probabilityBarsWithoutLegend() {
        double[] p = {0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.55};
        long withLegend =
                Pixels.countNear(Pixels.saveAndRead(BarChart.probabilities(p, 9), "legend_on.png", 640, 400), 0x1f77b4);
        long without = Pixels.countNear(
                Pixels.saveAndRead(BarChart.probabilities(p, 9).legend(false), "legend_off.png", 640, 400), 0x1f77b4);
        assertTrue(without > 5000, "the bar is still drawn: " + without);
        assertTrue(withLegend > without + 100, "the legend's blue swatch is gone: " + withLegend + " vs " + without);
    }

    @Test
    void figureStacksPanels() {
        LineChart a = new LineChart("a").add("s", new double[] {1, 2, 3}).size(300, 200);
        LineChart b = new LineChart("b").add("s", new double[] {3, 2, 1}).size(300, 200);
        BufferedImage img =
                Figure.grid(2, List.of(a, b, a)).title("three panels").toImage();
        assertEquals(600, img.getWidth());
        assertEquals(400 + 44, img.getHeight());
    }

    static double[] flat(double[][] rows) {
        double[] out = new double[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
        }
        return out;
    }

    static long[] toLong(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
