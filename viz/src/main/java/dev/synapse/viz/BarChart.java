package dev.synapse.viz;

import dev.synapse.tensor.Tensor;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

/**
 * Bars for a model's class probabilities ({@code plt.bar(range(10), predictions[i])}), the
 * predicted class in red and the true class in blue, as the MNIST tutorial draws them beside each
 * test picture; or plain named values.
 *
 * <pre>{@code
 * BarChart.probabilities(probs.get(0).toDoubleArray(), trueLabel).title("test picture 0").save("out/p0.png");
 * }</pre>
 */
public final class BarChart implements Picture {
    private static final Color GREY = new Color(0x777777);
    private static final Color RED = new Color(0xd62728);
    private static final Color BLUE = new Color(0x1f77b4);

    private final List<String> categories;
    private final double[] values;
    private final int predicted;
    private final int truth;
    private String title = "";
    private String xLabel = "";
    private String yLabel = "";
    private Double yMax;
    private int width = 640;
    private int height = 400;
    private boolean legend = true;

    private BarChart(List<String> categories, double[] values, int predicted, int truth) {
        if (categories.size() != values.length) {
            throw new IllegalArgumentException(
                    "BarChart: " + categories.size() + " names for " + values.length + " values");
        }
        this.categories = List.copyOf(categories);
        this.values = values.clone();
        this.predicted = predicted;
        this.truth = truth;
    }

    /** Plain bars, one per name. */
    public static BarChart of(List<String> names, double[] values) {
        return new BarChart(names, values, -1, -1);
    }

    /**
     * Class probabilities with classes numbered 0..K-1, y from 0 to 1; the argmax bar is red, the
     * bar of {@code trueLabel} blue (blue when both are the same); {@code trueLabel} may be -1 (unknown).
     */
    public static BarChart probabilities(double[] probs, int trueLabel) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < probs.length; i++) {
            names.add(Integer.toString(i));
        }
        return probabilities(probs, trueLabel, names);
    }

    /** As {@link #probabilities(double[], int)} with class names. */
    public static BarChart probabilities(double[] probs, int trueLabel, List<String> classNames) {
        if (probs.length == 0) {
            throw new IllegalArgumentException("BarChart: no probabilities");
        }
        if (trueLabel >= probs.length) {
            throw new IllegalArgumentException(
                    "BarChart: true label " + trueLabel + " is out of range for " + probs.length + " classes");
        }
        int arg = 0;
        for (int i = 1; i < probs.length; i++) {
            if (probs[i] > probs[arg]) {
                arg = i;
            }
        }
        BarChart b = new BarChart(classNames, probs, arg, trueLabel);
        b.yMax = 1.0;
        b.xLabel = "class";
        b.yLabel = "probability";
        return b;
    }

    /** One row of probabilities {@code [K]} (a 1-D tensor, or row {@code index} of {@code [N, K]}). */
    public static BarChart probabilities(Tensor probs, int trueLabel) {
        if (probs.dims().length != 1) {
            throw new IllegalArgumentException("BarChart: expected probabilities [K], got shape " + probs.shape()
                    + "; pass probs.get(i) for row i");
        }
        return probabilities(probs.toDoubleArray(), trueLabel);
    }

    /** A title above the bars. */
    public BarChart title(String text) {
        title = text == null ? "" : text;
        return this;
    }

    /** Axis titles. */
    public BarChart axisLabels(String x, String y) {
        xLabel = x;
        yLabel = y;
        return this;
    }

    /**
     * Whether the colours' legend is drawn for {@link #probabilities} charts (true by default); small
     * charts beside their picture, as the tutorials draw them, leave it out so it covers no bar.
     */
    public BarChart legend(boolean on) {
        legend = on;
        return this;
    }

    /** The picture's size in pixels (640x400 by default). */
    public BarChart size(int widthPx, int heightPx) {
        ChartStyle.checkSize(widthPx, heightPx);
        width = widthPx;
        height = heightPx;
        return this;
    }

    @Override
    public BufferedImage toImage() {
        CategoryChart chart = new CategoryChart(width, height);
        chart.setTitle(title);
        chart.setXAxisTitle(xLabel);
        chart.setYAxisTitle(yLabel);
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(yMax);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setXAxisMaxLabelCount(categories.size());
        if (predicted < 0) {
            chart.getStyler().setLegendVisible(false);
            add(chart, "value", i -> true, ChartStyle.color(0));
            return ChartStyle.render(chart);
        }
        // One series per colour, overlapped, so single bars can be coloured.
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setLegendVisible(legend);
        add(chart, "other", i -> i != predicted && i != truth, GREY);
        if (predicted != truth) {
            add(chart, "predicted", i -> i == predicted, RED);
        }
        if (truth >= 0) {
            add(chart, predicted == truth ? "predicted = true" : "true", i -> i == truth, BLUE);
        }
        return ChartStyle.render(chart);
    }

    /** A series holding the bars that {@code keep} selects, zero elsewhere. */
    private void add(CategoryChart chart, String name, IntPredicate keep, Color color) {
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            ys.add(keep.test(i) ? values[i] : 0.0);
        }
        CategorySeries s = chart.addSeries(name, categories, ys);
        s.setFillColor(color);
    }
}
