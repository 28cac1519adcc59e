package dev.synapse.viz;

import dev.synapse.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

/**
 * Counts of values in equal-width bins ({@code plt.hist(values, bins)}), or counts of each class
 * label ({@code plt.hist(labels, bins=len(unique(labels)))}, as the first tutorial checks that
 * classes are balanced).
 *
 * <p>Bins follow {@code numpy.histogram}: {@code bins} equal intervals over [min, max] of the
 * values (or a given range), each closed on the left, the last one closed on both sides; values
 * outside the range and NaNs are not counted. As numpy, a range that is not finite (given, or found
 * from values holding an infinity) is refused with a clear error.
 */
public final class HistogramChart implements Picture {
    private final String title;
    private final List<String> categories;
    private final double[] counts;
    private String xLabel = "";
    private String yLabel = "count";
    private int width = 800;
    private int height = 450;

    private HistogramChart(String title, List<String> categories, double[] counts) {
        this.title = title == null ? "" : title;
        this.categories = categories;
        this.counts = counts;
    }

    /** Values binned into {@code bins} equal intervals over their own range. */
    public static HistogramChart of(String title, double[] values, int bins) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            throw new IllegalArgumentException("HistogramChart '" + title + "': no values to bin");
        }
        if (Double.isInfinite(lo) || Double.isInfinite(hi)) {
            throw new IllegalArgumentException("HistogramChart '" + title + "': the range of the values [" + lo + ", "
                    + hi + "] is not finite; drop the infinite values or give a finite range (lo, hi)");
        }
        if (lo == hi) {
            // numpy widens an empty range by 0.5 on each side.
            lo -= 0.5;
            hi += 0.5;
        }
        return of(title, values, bins, lo, hi);
    }

    /** Values binned into {@code bins} equal intervals over [lo, hi] ({@code range=(lo, hi)}). */
    public static HistogramChart of(String title, double[] values, int bins, double lo, double hi) {
        double[] c = counts(values, bins, lo, hi);
        List<String> cats = new ArrayList<>();
        double w = (hi - lo) / bins;
        for (int b = 0; b < bins; b++) {
            cats.add(compact(lo + (b + 0.5) * w));
        }
        return new HistogramChart(title, cats, c).xLabel("bin centre");
    }

    /** The values of a tensor (any shape), binned. */
    public static HistogramChart of(String title, Tensor values, int bins) {
        return of(title, values.toDoubleArray(), bins);
    }

    /** How many times each class 0..K-1 occurs, one bar per class. */
    public static HistogramChart ofLabels(String title, int[] labels) {
        int k = Data.max(labels) + 1;
        double[] c = new double[k];
        List<String> cats = new ArrayList<>();
        for (int l : labels) {
            if (l < 0) {
                throw new IllegalArgumentException("HistogramChart: negative label " + l);
            }
            c[l]++;
        }
        for (int i = 0; i < k; i++) {
            cats.add(Integer.toString(i));
        }
        return new HistogramChart(title, cats, c).xLabel("class");
    }

    /** Labels {@code [N]} (whole numbers) counted per class. */
    public static HistogramChart ofLabels(String title, Tensor labels) {
        return ofLabels(title, Data.labels(labels, "HistogramChart"));
    }

    /**
     * The counts per bin, as {@code numpy.histogram(values, bins, range=(lo, hi))[0]}: bin
     * {@code floor((v - lo) / width)}, the right edge falling into the last bin.
     */
    public static double[] counts(double[] values, int bins, double lo, double hi) {
        if (bins < 1) {
            throw new IllegalArgumentException("HistogramChart: bins must be at least 1, got " + bins);
        }
        if (!(lo < hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
            throw new IllegalArgumentException("HistogramChart: the range needs finite lo < hi, got " + lo + ", " + hi);
        }
        double[] c = new double[bins];
        for (double v : values) {
            if (!(v >= lo && v <= hi)) {
                continue;
            }
            int b = (int) ((v - lo) / (hi - lo) * bins);
            c[Math.min(b, bins - 1)]++;
        }
        return c;
    }

    private static String compact(double v) {
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** The x axis title. */
    public HistogramChart xLabel(String label) {
        xLabel = label;
        return this;
    }

    /** The y axis title ("count" by default). */
    public HistogramChart yLabel(String label) {
        yLabel = label;
        return this;
    }

    /** The picture's size in pixels (800x450 by default). */
    public HistogramChart size(int widthPx, int heightPx) {
        ChartStyle.checkSize(widthPx, heightPx);
        width = widthPx;
        height = heightPx;
        return this;
    }

    /** The count in each bar, left to right. */
    public double[] counts() {
        return counts.clone();
    }

    @Override
    public BufferedImage toImage() {
        CategoryChart chart = new CategoryChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xLabel);
        chart.setYAxisTitle(yLabel);
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.9);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        if (categories.size() > 40) {
            chart.getStyler().setXAxisLabelRotation(60);
        }
        List<Double> ys = new ArrayList<>();
        for (double v : counts) {
            ys.add(v);
        }
        CategorySeries s = chart.addSeries("count", categories, ys);
        s.setFillColor(ChartStyle.color(0));
        return ChartStyle.render(chart);
    }
}
