package dev.synapse.viz;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.style.BoxStyler;

/**
 * One box per group: quartiles, median and whiskers reaching the furthest value within 1.5 times
 * the interquartile range ({@code plt.boxplot([a, b])}), as the last tutorial compares the
 * reconstruction errors of MNIST and Fashion-MNIST pictures.
 *
 * <p>Quartiles are interpolated as {@code numpy.percentile} does by default (position
 * {@code (n - 1) p}), so the boxes match matplotlib's. Boxes are outlined in blue with the
 * median in red and points beyond the whiskers as red crosses (XChart's fixed box style).
 */
public final class BoxPlot implements Picture {
    private final String title;
    private final Map<String, double[]> groups = new LinkedHashMap<>();
    private String yLabel = "";
    private int width = 800;
    private int height = 500;

    /** An empty box plot with a title. */
    public BoxPlot(String title) {
        this.title = title == null ? "" : title;
    }

    /** A box for {@code values}, labelled {@code name} on the x axis. */
    public BoxPlot add(String name, double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("BoxPlot: group '" + name + "' has no values");
        }
        if (groups.putIfAbsent(name, values.clone()) != null) {
            throw new IllegalArgumentException("BoxPlot: a group is already named '" + name + "'");
        }
        return this;
    }

    /** The y axis title. */
    public BoxPlot yLabel(String label) {
        yLabel = label;
        return this;
    }

    /** The picture's size in pixels (800x500 by default). */
    public BoxPlot size(int widthPx, int heightPx) {
        ChartStyle.checkSize(widthPx, heightPx);
        width = widthPx;
        height = heightPx;
        return this;
    }

    @Override
    public BufferedImage toImage() {
        if (groups.isEmpty()) {
            throw new IllegalStateException("BoxPlot '" + title + "': add a group before rendering");
        }
        BoxChart chart = new BoxChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .yAxisTitle(yLabel)
                .build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setBoxplotCalCulationMethod(BoxStyler.BoxplotCalCulationMethod.N_LESS_1);
        chart.getStyler().setBoxWidthFraction(0.5);
        for (Map.Entry<String, double[]> g : groups.entrySet()) {
            chart.addSeries(g.getKey(), g.getValue());
        }
        return ChartStyle.render(chart);
    }
}
