package dev.synapse.viz;

import dev.synapse.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Two-dimensional points coloured by class, with a legend: a t-SNE or PCA embedding
 * ({@code plt.scatter(z[:, 0], z[:, 1], c=labels)}, or the tutorials' loop of
 * {@code plt.plot(z[labels == c, 0], z[labels == c, 1], "o", label=c)}).
 *
 * <pre>{@code
 * Tensor z = new TSNE().fitTransform(codes);
 * ScatterChart.byClass("t-SNE of the codes", z, labels).save("out/tsne.png");
 * }</pre>
 *
 * <p>Points with a NaN or infinite coordinate are left out, as matplotlib leaves them out; a class
 * that lost some says so in the legend, e.g. {@code 3 (2 non-finite points not drawn)}.
 */
public final class ScatterChart implements Picture {
    private final String title;
    private final double[][] points;
    private final int[] labels;
    private String[] classNames;
    private String xLabel = "";
    private String yLabel = "";
    private int markerSize = 7;
    private int width = 800;
    private int height = 640;

    private ScatterChart(String title, double[][] points, int[] labels) {
        if (points.length != labels.length) {
            throw new IllegalArgumentException(
                    "ScatterChart: " + points.length + " points but " + labels.length + " labels");
        }
        for (int i = 0; i < points.length; i++) {
            if (points[i].length < 2) {
                throw new IllegalArgumentException(
                        "ScatterChart: point " + i + " has " + points[i].length + " coordinates, expected 2");
            }
            if (labels[i] < 0) {
                throw new IllegalArgumentException("ScatterChart: label " + labels[i] + " at " + i + " is negative");
            }
        }
        this.title = title == null ? "" : title;
        this.points = points;
        this.labels = labels.clone();
    }

    /** Points {@code [N][2]} (more columns are ignored) coloured by {@code labels[N]}, classes 0..K-1. */
    public static ScatterChart byClass(String title, double[][] points, int[] labels) {
        return new ScatterChart(title, points, labels);
    }

    /**
     * Points {@code [N, 2]} coloured by labels {@code [N]} (or one-hot / scores {@code [N, K]}, whose
     * argmax is taken).
     */
    public static ScatterChart byClass(String title, Tensor points, Tensor labels) {
        return new ScatterChart(title, Data.rows(points, "ScatterChart"), Data.labels(labels, "ScatterChart"));
    }

    /** Names for classes 0, 1, ... in the legend (the class number by default). */
    public ScatterChart classNames(String... names) {
        classNames = names.clone();
        return this;
    }

    /** Axis titles (empty by default: embedding axes carry no unit). */
    public ScatterChart axisLabels(String x, String y) {
        xLabel = x;
        yLabel = y;
        return this;
    }

    /** Marker diameter in pixels (7 by default). */
    public ScatterChart markerSize(int px) {
        markerSize = px;
        return this;
    }

    /** The picture's size in pixels (800x640 by default). */
    public ScatterChart size(int widthPx, int heightPx) {
        ChartStyle.checkSize(widthPx, heightPx);
        width = widthPx;
        height = heightPx;
        return this;
    }

    @Override
    public BufferedImage toImage() {
        return ChartStyle.render(chart());
    }

    /** The XChart chart this picture renders. */
    XYChart chart() {
        if (points.length == 0) {
            throw new IllegalStateException("ScatterChart '" + title + "': no points to draw");
        }
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xLabel);
        chart.setYAxisTitle(yLabel);
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(markerSize);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        int classes = Data.max(labels) + 1;
        int[] count = new int[classes];
        for (int l : labels) {
            count[l]++;
        }
        for (int c = 0; c < classes; c++) {
            if (count[c] == 0) {
                continue;
            }
            double[] xs = new double[count[c]];
            double[] ys = new double[count[c]];
            int n = 0;
            for (int i = 0; i < points.length; i++) {
                if (labels[i] == c && Double.isFinite(points[i][0]) && Double.isFinite(points[i][1])) {
                    xs[n] = points[i][0];
                    ys[n++] = points[i][1];
                }
            }
            if (n == 0) {
                continue;
            }
            String name = classNames != null && c < classNames.length ? classNames[c] : Integer.toString(c);
            if (n < count[c]) {
                name += " (" + (count[c] - n) + " non-finite point" + (count[c] - n == 1 ? "" : "s") + " not drawn)";
            }
            XYSeries s = chart.addSeries(name, Arrays.copyOf(xs, n), Arrays.copyOf(ys, n));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(ChartStyle.color(c));
        }
        return chart;
    }
}
