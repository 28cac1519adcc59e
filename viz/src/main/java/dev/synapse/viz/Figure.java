package dev.synapse.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Several pictures side by side in a grid, with an optional overall title
 * ({@code fig, axes = plt.subplots(nrows, ncols)}, {@code fig.suptitle}). Cells are as large as the
 * largest panel; smaller panels sit centred in theirs.
 */
public final class Figure implements Picture {
    private final List<Picture> panels;
    private final int columns;
    private String title = "";

    private Figure(List<Picture> panels, int columns) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("Figure: needs at least one panel");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("Figure: columns must be at least 1, got " + columns);
        }
        this.panels = List.copyOf(panels);
        this.columns = columns;
    }

    /** Panels left to right, top to bottom, {@code columns} to a row. */
    public static Figure grid(int columns, List<? extends Picture> panels) {
        return new Figure(List.copyOf(panels), columns);
    }

    /** Panels stacked top to bottom ({@code plt.subplots(nrows=n)}). */
    public static Figure column(Picture... panels) {
        return new Figure(List.of(panels), 1);
    }

    /** Panels side by side ({@code plt.subplots(ncols=n)}). */
    public static Figure row(Picture... panels) {
        return new Figure(List.of(panels), panels.length);
    }

    /** A title above all panels ({@code fig.suptitle}). */
    public Figure title(String text) {
        title = text == null ? "" : text;
        return this;
    }

    @Override
    public BufferedImage toImage() {
        BufferedImage[] images = new BufferedImage[panels.size()];
        int cellW = 0;
        int cellH = 0;
        for (int i = 0; i < images.length; i++) {
            images[i] = panels.get(i).toImage();
            cellW = Math.max(cellW, images[i].getWidth());
            cellH = Math.max(cellH, images[i].getHeight());
        }
        int cols = Math.min(columns, images.length);
        int rows = (images.length + cols - 1) / cols;
        Font font = new Font(ChartStyle.FONT, Font.BOLD, 20);
        int top = title.isEmpty() ? 0 : 44;
        BufferedImage out = new BufferedImage(cols * cellW, rows * cellH + top, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            ChartStyle.hints(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            if (!title.isEmpty()) {
                g.setFont(font);
                g.setColor(Color.BLACK);
                FontMetrics fm = g.getFontMetrics();
                g.drawString(
                        title,
                        (out.getWidth() - fm.stringWidth(title)) / 2,
                        (top + fm.getAscent() - fm.getDescent()) / 2);
            }
            for (int i = 0; i < images.length; i++) {
                int x = (i % cols) * cellW + (cellW - images[i].getWidth()) / 2;
                int y = top + (i / cols) * cellH + (cellH - images[i].getHeight()) / 2;
                g.drawImage(images[i], x, y, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
