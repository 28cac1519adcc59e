package dev.synapse.viz;

import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Lines of y against x, several series with a legend ({@code plt.plot(x, y, label=...)},
 * {@code plt.yscale("log")}): learning curves, losses of several runs compared.
 *
 * <pre>{@code
 * new LineChart("Impact of initialization").xLabel("# epochs").yLabel("training loss")
 *         .add("glorot uniform", lossA).add("zero init", lossB, LineChart.Dash.DASHED)
 *         .save("out/init.png");
 * }</pre>
 *
 * <p>Points whose x or y is NaN (a metric not measured at that epoch) or infinite (a diverged loss)
 * are left out of their series, as matplotlib leaves out non-finite values, and the rest is drawn;
 * a series that lost infinite points says so in the legend, e.g. {@code loss (2 points = inf not drawn)}.
 */
public final class LineChart implements Picture {
    /** Line pattern ({@code linestyle="-"} or {@code "--"}). */
    public enum Dash {
        SOLID,
        DASHED
    }

    private record Series(String name, double[] x, double[] y, Dash dash) {}

    private final String title;
    private final List<Series> series = new ArrayList<>();
    private String xLabel = "";
    private String yLabel = "";
    private boolean logY;
    private Double yMin;
    private Double yMax;
    private boolean markers = true;
    private int width = 800;
    private int height = 450;

    /** An empty chart with a title ({@code plt.title}); may be empty. */
    public LineChart(String title) {
        this.title = title == null ? "" : title;
    }

    /** The x axis title ({@code plt.xlabel}). */
    public LineChart xLabel(String label) {
        xLabel = label;
        return this;
    }

    /** The y axis title ({@code plt.ylabel}). */
    public LineChart yLabel(String label) {
        yLabel = label;
        return this;
    }

    /** A logarithmic y axis ({@code plt.yscale("log")}); every plotted y must then be positive. */
    public LineChart logY() {
        logY = true;
        return this;
    }

    /** Fixes the y range ({@code plt.ylim(min, max)}). */
    public LineChart yRange(double min, double max) {
        if (!(min < max)) {
            throw new IllegalArgumentException("LineChart: yRange needs min < max, got " + min + ", " + max);
        }
        yMin = min;
        yMax = max;
        return this;
    }

    /** Draws points on the lines (on by default); off suits long series. */
    public LineChart markers(boolean on) {
        markers = on;
        return this;
    }

    /** The picture's size in pixels (800x450 by default). */
    public LineChart size(int widthPx, int heightPx) {
        ChartStyle.checkSize(widthPx, heightPx);
        width = widthPx;
        height = heightPx;
        return this;
    }

    /** A series against 1, 2, 3, ... (epochs), solid. */
    public LineChart add(String name, double[] y) {
        return add(name, y, Dash.SOLID);
    }

    /** A series against 1, 2, 3, ... (epochs), with a line pattern. */
    public LineChart add(String name, double[] y, Dash dash) {
        double[] x = new double[y.length];
        Arrays.setAll(x, i -> i + 1);
        return add(name, x, y, dash);
    }

    /** A series from a list (as {@code History.get(metric)} returns), against 1, 2, 3, ... */
    public LineChart add(String name, List<Double> y) {
        return add(name, y.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A series of points (x[i], y[i]), solid. */
    public LineChart add(String name, double[] x, double[] y) {
        return add(name, x, y, Dash.SOLID);
    }

    /** A series of points (x[i], y[i]) with a line pattern. */
    public LineChart add(String name, double[] x, double[] y, Dash dash) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "LineChart: series '" + name + "' has " + x.length + " x values and " + y.length + " y values");
        }
        for (Series s : series) {
            if (s.name().equals(name)) {
                throw new IllegalArgumentException("LineChart: a series is already named '" + name + "'");
            }
        }
        series.add(new Series(name, x.clone(), y.clone(), dash));
        return this;
    }

    /** The number of series added. */
    public int seriesCount() {
        return series.size();
    }

    /**
     * The inside corner whose region holds the fewest points (matplotlib's {@code loc="best"}), so
     * the legend does not hide the curves.
     */
    private Styler.LegendPosition bestLegendCorner() {
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int k = 0; k < s.x().length; k++) {
                double y = yOf(s.y()[k]);
                if (Double.isFinite(y)) {
                    xLo = Math.min(xLo, s.x()[k]);
                    xHi = Math.max(xHi, s.x()[k]);
                    yLo = Math.min(yLo, y);
                    yHi = Math.max(yHi, y);
                }
            }
        }
        if (yMin != null) {
            yLo = yOf(yMin);
        }
        if (yMax != null) {
            yHi = yOf(yMax);
        }
        Styler.LegendPosition[] corners = {
            Styler.LegendPosition.InsideNE,
            Styler.LegendPosition.InsideNW,
            Styler.LegendPosition.InsideSE,
            Styler.LegendPosition.InsideSW
        };
        int[] count = new int[4];
        double xSpan = Math.max(xHi - xLo, 1e-12);
        double ySpan = Math.max(yHi - yLo, 1e-12);
        for (Series s : series) {
            // Count the points and the midpoints of segments, so lines crossing a corner count too.
            for (int k = 0; k < s.x().length; k++) {
                for (int half = 0; half < 2 && (half == 0 || k + 1 < s.x().length); half++) {
                    double x = half == 0 ? s.x()[k] : (s.x()[k] + s.x()[k + 1]) / 2;
                    double y = half == 0 ? yOf(s.y()[k]) : (yOf(s.y()[k]) + yOf(s.y()[k + 1])) / 2;
                    if (!Double.isFinite(y)) {
                        continue;
                    }
                    double u = (x - xLo) / xSpan;
                    double v = (y - yLo) / ySpan;
                    boolean right = u > 0.55;
                    boolean left = u < 0.45;
                    boolean upper = v > 0.6;
                    boolean lower = v < 0.4;
                    count[0] += right && upper ? 1 : 0;
                    count[1] += left && upper ? 1 : 0;
                    count[2] += right && lower ? 1 : 0;
                    count[3] += left && lower ? 1 : 0;
                }
            }
        }
        int best = 0;
        for (int i = 1; i < 4; i++) {
            if (count[i] < count[best]) {
                best = i;
            }
        }
        return corners[best];
    }

    private double yOf(double y) {
        return logY ? (y > 0 ? Math.log10(y) : Double.NaN) : y;
    }

    @Override
    public BufferedImage toImage() {
        return ChartStyle.render(chart());
    }

    /** The XChart chart this picture renders. */
    XYChart chart() {
        if (series.isEmpty()) {
            throw new IllegalStateException("LineChart '" + title + "': add a series before rendering");
        }
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xLabel);
        chart.setYAxisTitle(yLabel);
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setYAxisMin(yMin);
        chart.getStyler().setYAxisMax(yMax);
        chart.getStyler().setMarkerSize(markers ? 6 : 0);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int n = 0;
            int infinite = 0;
            double[] xs = new double[s.x().length];
            double[] ys = new double[s.y().length];
            for (int k = 0; k < s.y().length; k++) {
                if (!Double.isFinite(s.x()[k]) || !Double.isFinite(s.y()[k])) {
                    // NaN means "not measured" and goes unmentioned; an infinity is a value worth a note.
                    infinite += Double.isInfinite(s.x()[k]) || Double.isInfinite(s.y()[k]) ? 1 : 0;
                    continue;
                }
                if (logY && !(s.y()[k] > 0)) {
                    throw new IllegalArgumentException(
                            "LineChart '" + title + "': a log axis needs positive values; series '" + s.name()
                                    + "' has " + s.y()[k] + " at x = " + s.x()[k]);
                }
                xs[n] = s.x()[k];
                ys[n++] = s.y()[k];
            }
            if (n == 0) {
                continue;
            }
            String label = infinite == 0
                    ? s.name()
                    : s.name() + " (" + infinite + (infinite == 1 ? " point" : " points") + " = inf not drawn)";
            XYSeries xy = chart.addSeries(label, Arrays.copyOf(xs, n), Arrays.copyOf(ys, n));
            xy.setLineColor(ChartStyle.color(i));
            xy.setMarkerColor(ChartStyle.color(i));
            xy.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            xy.setLineStyle(
                    s.dash() == Dash.DASHED
                            ? new BasicStroke(
                                    2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 5f}, 0f)
                            : new BasicStroke(2.5f));
        }
        chart.getStyler().setLegendPosition(bestLegendCorner());
        return chart;
    }
}
