package dev.synapse.viz;

import dev.synapse.tensor.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Pictures in a grid: {@link #makeGrid} lays a batch into one image tensor as
 * {@code torchvision.utils.make_grid} does; an {@code ImageGrid} built with {@link #of} draws a
 * batch enlarged, with a caption under each picture ({@code plt.subplot} + {@code plt.imshow} +
 * {@code plt.xlabel} in a loop, as the tutorials show predictions).
 *
 * <pre>{@code
 * ImageGrid.of(xTest.slice(0, 0, 30).reshape(30, 8, 8)).columns(10).scale(8)
 *         .captions(captions).captionColors(colors).title("test digits").save("out/predictions.png");
 * }</pre>
 *
 * <p>Pictures are channels-last, as everywhere in Synapse: {@code [N, H, W]} (grey) or
 * {@code [N, H, W, C]} with C = 1 or 3. Without normalization values are taken to lie in [0, 1]
 * and are clipped when drawn ({@link #makeGrid} leaves them as they are, as torchvision does).
 */
public final class ImageGrid implements Picture {
    /**
     * The most pixels one grid may have: 2^28, i.e. 1 GiB as RGB ints. Java2D's rasters are single
     * arrays, so a much larger grid would overflow their {@code int} size.
     */
    static final long MAX_PIXELS = 1L << 28;

    private final float[] pixels;
    private final int n;
    private final int h;
    private final int w;
    private final int c;
    private int columns = 8;
    private int scale = 1;
    private int padding = 2;
    private boolean normalize;
    private boolean scaleEach;
    private boolean inverted;
    private List<String> captions = List.of();
    private List<Color> captionColors = List.of();
    private String title = "";
    private int captionFontSize = 14;

    private ImageGrid(Tensor images) {
        int[] d = images.dims();
        if (d.length == 2) {
            d = new int[] {1, d[0], d[1]};
        }
        if (d.length == 3) {
            d = new int[] {d[0], d[1], d[2], 1};
        }
        if (d.length != 4 || (d[3] != 1 && d[3] != 3)) {
            throw new IllegalArgumentException(
                    "ImageGrid: expected pictures [N, H, W] or [N, H, W, C] with C = 1 or 3, got shape "
                            + images.shape());
        }
        if (d[0] == 0 || d[1] == 0 || d[2] == 0) {
            throw new IllegalArgumentException("ImageGrid: no pictures in a tensor of shape " + images.shape());
        }
        this.pixels = images.toFloatArray();
        this.n = d[0];
        this.h = d[1];
        this.w = d[2];
        this.c = d[3];
    }

    /** A grid of the pictures of {@code images}, to be captioned and drawn. */
    public static ImageGrid of(Tensor images) {
        return new ImageGrid(images);
    }

    /**
     * The pictures laid into one image {@code [H', W', 3]}, float32 in [0, 1] when normalized
     * ({@code torchvision.utils.make_grid(images, nrow, padding, normalize)}): {@code nrow} pictures
     * per row, {@code padding} pixels of {@code padValue} between and around them; grey pictures
     * become three equal channels. With {@code normalize} the values are shifted and scaled by the
     * minimum and maximum of the whole batch.
     */
    public static Tensor makeGrid(Tensor images, int nrow, int padding, boolean normalize) {
        return makeGrid(images, nrow, padding, normalize, false, 0f);
    }

    /**
     * As {@link #makeGrid(Tensor, int, int, boolean)}; {@code scaleEach} normalizes each picture by
     * its own minimum and maximum ({@code scale_each=True}); {@code padValue} fills the gaps.
     */
    public static Tensor makeGrid(
            Tensor images, int nrow, int padding, boolean normalize, boolean scaleEach, float padValue) {
        ImageGrid g = new ImageGrid(images);
        if (nrow < 1 || padding < 0) {
            throw new IllegalArgumentException(
                    "makeGrid: nrow must be >= 1 and padding >= 0, got " + nrow + ", " + padding);
        }
        int cols = Math.min(nrow, g.n);
        int rows = (g.n + cols - 1) / cols;
        long cellH = (long) g.h + padding;
        long cellW = (long) g.w + padding;
        int[] size = checkedSize("makeGrid", g.n, cols, rows, rows * cellH + padding, cols * cellW + padding);
        int outH = size[0];
        int outW = size[1];
        float[] v = g.prepared(normalize, scaleEach, false, false);
        float[] out = new float[outH * outW * 3];
        java.util.Arrays.fill(out, padValue);
        for (int k = 0; k < g.n; k++) {
            int y0 = (int) ((k / cols) * cellH + padding);
            int x0 = (int) ((k % cols) * cellW + padding);
            for (int y = 0; y < g.h; y++) {
                for (int x = 0; x < g.w; x++) {
                    for (int ch = 0; ch < 3; ch++) {
                        int src = ((k * g.h + y) * g.w + x) * g.c + (g.c == 1 ? 0 : ch);
                        out[((y0 + y) * outW + x0 + x) * 3 + ch] = v[src];
                    }
                }
            }
        }
        return Tensor.wrap(out, outH, outW, 3);
    }

    /** An image {@code [H, W]}, {@code [H, W, 1]} or {@code [H, W, 3]} with values in [0, 1] (clipped) as a picture. */
    public static BufferedImage toImage(Tensor image) {
        int[] d = image.dims();
        if (d.length == 2 || (d.length == 3 && (d[2] == 1 || d[2] == 3))) {
            return new ImageGrid(image.reshape(1, d[0], d[1], d.length == 2 ? 1 : d[2]))
                    .padding(0)
                    .columns(1)
                    .toImage();
        }
        throw new IllegalArgumentException(
                "ImageGrid.toImage: expected [H, W] or [H, W, C] with C = 1 or 3, got " + image.shape());
    }

    /** Pictures per row ({@code nrow}; 8 by default, fewer when there are fewer pictures). */
    public ImageGrid columns(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("ImageGrid: columns must be at least 1, got " + count);
        }
        columns = count;
        return this;
    }

    /** Each pixel drawn as a {@code factor x factor} square (nearest neighbour, as {@code interpolation="nearest"}). */
    public ImageGrid scale(int factor) {
        if (factor < 1 || factor > 64) {
            throw new IllegalArgumentException("ImageGrid: scale must be 1..64, got " + factor);
        }
        scale = factor;
        return this;
    }

    /** Pixels between pictures (2 by default). */
    public ImageGrid padding(int px) {
        if (px < 0) {
            throw new IllegalArgumentException("ImageGrid: padding must not be negative, got " + px);
        }
        padding = px;
        return this;
    }

    /** Maps the batch's minimum to black and maximum to white ({@code normalize=True}). */
    public ImageGrid normalize(boolean on) {
        normalize = on;
        return this;
    }

    /** With {@link #normalize}, each picture by its own range ({@code scale_each=True}). */
    public ImageGrid scaleEach(boolean on) {
        scaleEach = on;
        return this;
    }

    /** Dark ink on white ({@code cmap=plt.cm.binary}) instead of white on black. */
    public ImageGrid inverted(boolean on) {
        inverted = on;
        return this;
    }

    /** One caption under each picture ({@code plt.xlabel}); fewer captions leave the rest bare. */
    public ImageGrid captions(List<String> text) {
        if (text.size() > n) {
            throw new IllegalArgumentException("ImageGrid: " + text.size() + " captions for " + n + " pictures");
        }
        captions = List.copyOf(text);
        return this;
    }

    /** The colour of each caption (black by default), e.g. blue when right and red when wrong. */
    public ImageGrid captionColors(List<Color> colors) {
        captionColors = List.copyOf(colors);
        return this;
    }

    /** Caption font size in points (14 by default). */
    public ImageGrid captionFontSize(int points) {
        captionFontSize = points;
        return this;
    }

    /** A title above the grid. */
    public ImageGrid title(String text) {
        title = text == null ? "" : text;
        return this;
    }

    /** Captions for predictions: {@code "pred P / true T"}, blue when right and red when wrong. */
    public ImageGrid predictions(int[] predicted, int[] truth) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException(
                    "ImageGrid: " + predicted.length + " predictions but " + truth.length + " labels");
        }
        int k = Math.min(n, predicted.length);
        List<String> text = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            text.add("pred " + predicted[i] + " / true " + truth[i]);
            colors.add(predicted[i] == truth[i] ? new Color(0x1f4fb4) : new Color(0xd62728));
        }
        return captions(text).captionColors(colors);
    }

    /**
     * Values normalized by the batch's (or each picture's) range on request; for drawing, clipped to [0, 1] and maybe
     * inverted.
     */
    private float[] prepared(boolean norm, boolean each, boolean invert, boolean clip) {
        float[] v = pixels.clone();
        int per = h * w * c;
        if (norm) {
            int groups = each ? n : 1;
            int len = each ? per : v.length;
            for (int gIdx = 0; gIdx < groups; gIdx++) {
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (int i = gIdx * len; i < (gIdx + 1) * len; i++) {
                    lo = Math.min(lo, v[i]);
                    hi = Math.max(hi, v[i]);
                }
                // torchvision divides by max(hi - lo, 1e-5): a constant picture stays at 0.
                float range = Math.max(hi - lo, 1e-5f);
                for (int i = gIdx * len; i < (gIdx + 1) * len; i++) {
                    v[i] = (v[i] - lo) / range;
                }
            }
        }
        if (!clip) {
            // make_grid returns values as they are; only drawing needs [0, 1].
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            float x = Float.isNaN(v[i]) ? 0f : Math.clamp(v[i], 0f, 1f);
            v[i] = invert ? 1f - x : x;
        }
        return v;
    }

    /**
     * The height and width of a grid of {@code count} pictures in {@code cols x rows} cells, refused
     * with a clear error when it exceeds {@link #MAX_PIXELS} (sizes are computed in {@code long}).
     */
    private static int[] checkedSize(String what, int count, int cols, int rows, long height, long width) {
        long pixels = Math.multiplyHigh(height, width) != 0 ? Long.MAX_VALUE : height * width;
        if (pixels > MAX_PIXELS) {
            throw new IllegalArgumentException(String.format(
                    java.util.Locale.ROOT,
                    "%s: a grid of %d pictures in %d columns x %d rows would be %d x %d pixels (%d pixels), more than "
                            + "the limit of %d; draw fewer pictures or a smaller scale, or split the batch into "
                            + "several grids",
                    what,
                    count,
                    cols,
                    rows,
                    width,
                    height,
                    pixels,
                    MAX_PIXELS));
        }
        return new int[] {(int) height, (int) width};
    }

    @Override
    public BufferedImage toImage() {
        int cols = Math.min(columns, n);
        int rows = (n + cols - 1) / cols;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        Font capFont = new Font(ChartStyle.FONT, Font.PLAIN, captionFontSize);
        Font titleFont = new Font(ChartStyle.FONT, Font.BOLD, 18);
        FontMetrics capFm = pg.getFontMetrics(capFont);
        FontMetrics titleFm = pg.getFontMetrics(titleFont);
        pg.dispose();
        long picW = (long) w * scale;
        long picH = (long) h * scale;
        int capW = 0;
        for (String s : captions) {
            capW = Math.max(capW, capFm.stringWidth(s));
        }
        boolean hasCaptions = !captions.isEmpty();
        int gap = hasCaptions ? Math.max(padding, 12) : padding;
        long cellW = Math.max(picW, capW) + gap;
        int capH = hasCaptions ? capFm.getHeight() + 4 : 0;
        long cellH = picH + capH + gap;
        int top = title.isEmpty() ? 0 : titleFm.getHeight() + 12;
        int[] size = checkedSize(
                "ImageGrid",
                n,
                cols,
                rows,
                top + rows * cellH + gap,
                Math.max(cols * cellW + gap, title.isEmpty() ? 0 : titleFm.stringWidth(title) + 24));
        int outH = size[0];
        int outW = size[1];
        // Within the limit every position below fits in an int.
        int pw = (int) picW;
        int ph = (int) picH;
        int cw = (int) cellW;
        int ch = (int) cellH;
        float[] v = prepared(normalize, scaleEach, inverted, true);
        BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            ChartStyle.hints(g);
            boolean whiteGround = hasCaptions || !title.isEmpty() || inverted;
            g.setColor(whiteGround ? Color.WHITE : Color.BLACK);
            g.fillRect(0, 0, outW, outH);
            if (!title.isEmpty()) {
                g.setColor(Color.BLACK);
                g.setFont(titleFont);
                g.drawString(title, (outW - titleFm.stringWidth(title)) / 2, 8 + titleFm.getAscent());
            }
            int x0Grid = (outW - (cols * cw + gap)) / 2;
            for (int k = 0; k < n; k++) {
                int cx = x0Grid + gap + (k % cols) * cw + (cw - gap - pw) / 2;
                int cy = top + gap + (k / cols) * ch;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int base = ((k * h + y) * w + x) * c;
                        int r = Math.round(v[base] * 255);
                        int gr = c == 3 ? Math.round(v[base + 1] * 255) : r;
                        int b = c == 3 ? Math.round(v[base + 2] * 255) : r;
                        g.setColor(new Color(r, gr, b));
                        g.fillRect(cx + x * scale, cy + y * scale, scale, scale);
                    }
                }
                if (whiteGround) {
                    // A thin frame, so white-ground pictures stand apart from the page.
                    g.setColor(new Color(0xb0b0b0));
                    g.drawRect(cx - 1, cy - 1, pw + 1, ph + 1);
                }
                if (k < captions.size()) {
                    String s = captions.get(k);
                    g.setFont(capFont);
                    g.setColor(k < captionColors.size() ? captionColors.get(k) : Color.BLACK);
                    int tx = x0Grid + gap + (k % cols) * cw + (cw - gap - capFm.stringWidth(s)) / 2;
                    g.drawString(s, tx, cy + ph + 2 + capFm.getAscent());
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
