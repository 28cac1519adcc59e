package dev.synapse.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The look shared by every chart: white background, light grid, fonts large enough to read in a
 * README, and matplotlib's ten-colour "tab10" cycle so a class keeps its colour across pictures.
 */
final class ChartStyle {
    /** matplotlib's default colour cycle (tab10). */
    static final Color[] TAB10 = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    };

    static final String FONT = Font.SANS_SERIF;

    private ChartStyle() {}

    /** The colour of series (or class) {@code i}; cycles past ten, as matplotlib does. */
    static Color color(int i) {
        return TAB10[Math.floorMod(i, TAB10.length)];
    }

    static void apply(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0x444444));
        s.setChartFontColor(Color.BLACK);
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 18));
        s.setChartTitleBoxVisible(false);
        s.setLegendFont(new Font(FONT, Font.PLAIN, 13));
        s.setLegendBorderColor(new Color(0xbbbbbb));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setSeriesColors(TAB10);
        s.setChartPadding(12);
        s.setAntiAlias(true);
        s.setTextAntiAlias(true);
        s.setLocale(Locale.ROOT);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(new Font(FONT, Font.PLAIN, 15));
            a.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 13));
            a.setPlotGridLinesColor(new Color(0xe0e0e0));
            a.setPlotGridLinesStroke(new BasicStroke(1f));
            a.setAxisTickMarksColor(new Color(0x444444));
        }
    }

    /** Paints {@code chart} into a new RGB image of its size; no display is involved. */
    static BufferedImage render(Chart<?, ?> chart) {
        BufferedImage img = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            hints(g);
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        return img;
    }

    static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    static void checkSize(int width, int height) {
        if (width < 50 || height < 50 || width > 16_384 || height > 16_384) {
            throw new IllegalArgumentException(
                    "picture size must be 50..16384 pixels a side, got " + width + "x" + height);
        }
    }
}
