package dev.synapse.nn.layers;

import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.ops.Indexing;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * The base of the geometric augmentation layers ({@link RandomFlip}, {@link RandomRotation},
 * {@link RandomTranslation}, {@link RandomZoom}): in training each image of a channels-last batch
 * {@code [batch, height, width, channels]} gets its own random affine map, sampled with the
 * {@link FillOptions}; in inference the layer is the identity (Keras's preprocessing layers).
 *
 * <p>Sampling gathers the (up to four) source pixels of every output pixel with index ops and
 * mixes them with fixed weights, so gradients flow back to the input.
 */
public abstract class ImageAugmentation extends Layer {
    protected final FillOptions options;
    private final Generator own;

    /** With the given sampling options. */
    protected ImageAugmentation(FillOptions options) {
        super(InputSpec.ndim(4));
        this.options = options;
        this.own = options.seed() == null ? null : new Generator(options.seed());
    }

    @Override
    protected Generator ownGenerator() {
        return own;
    }

    /**
     * The affine map of one image from output to source pixel coordinates (x to the right, y down,
     * in pixels): {@code {a, b, c, d, e, f}} with {@code srcX = a x + b y + c} and {@code srcY = d x + e y + f}.
     */
    protected abstract double[] drawTransform(int height, int width, Generator g);

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (!training) {
            return x;
        }
        int n = x.dim(0);
        int h = x.dim(1);
        int w = x.dim(2);
        Generator g = own == null ? Generator.defaultFor(x.device()) : own;
        double[][] maps = new double[n][];
        for (int i = 0; i < n; i++) {
            maps[i] = drawTransform(h, w, g);
        }
        return sample(x, maps, options);
    }

    /** Samples each image of {@code x} at its map's source coordinates. */
    static Tensor sample(Tensor x, double[][] maps, FillOptions o) {
        int n = x.dim(0);
        int h = x.dim(1);
        int w = x.dim(2);
        int c = x.dim(3);
        int total = n * h * w;
        boolean bilinear = o.interpolation().equals("bilinear");
        int corners = bilinear ? 4 : 1;
        int[][] idx = new int[corners][total];
        double[][] wt = new double[corners][total];
        double[] fill = new double[total];
        for (int b = 0; b < n; b++) {
            double[] m = maps[b];
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    int p = (b * h + yy) * w + xx;
                    double sx = map(m[0] * xx + m[1] * yy + m[2], w, o.fillMode());
                    double sy = map(m[3] * xx + m[4] * yy + m[5], h, o.fillMode());
                    if (bilinear) {
                        int x0 = (int) Math.floor(sx);
                        int y0 = (int) Math.floor(sy);
                        double fx = sx - x0;
                        double fy = sy - y0;
                        int[] xs = {x0, x0 + 1, x0, x0 + 1};
                        int[] ys = {y0, y0, y0 + 1, y0 + 1};
                        double[] ws = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
                        for (int k = 0; k < 4; k++) {
                            place(idx[k], wt[k], fill, p, b, xs[k], ys[k], ws[k], h, w, o);
                        }
                    } else {
                        place(idx[0], wt[0], fill, p, b, (int) Math.round(sx), (int) Math.round(sy), 1.0, h, w, o);
                    }
                }
            }
        }
        Tensor flat = x.reshape(total, c);
        DType dt = x.dtype().isFloating() ? x.dtype() : DType.FLOAT32;
        Tensor out = null;
        // The sampling maps are made on the host; they go straight to x's device, one copy each.
        try (var _ = x.device().use()) {
            for (int k = 0; k < corners; k++) {
                Tensor picked = Indexing.indexSelect(flat, 0, Tensor.wrap(idx[k], total));
                Tensor term =
                        picked.to(dt).mul(Tensor.wrap(wt[k].clone(), total, 1).to(dt));
                out = out == null ? term : out.add(term);
            }
            if (o.fillMode().equals("constant") && o.fillValue() != 0) {
                out = out.add(Tensor.wrap(fill, total, 1).to(dt).mul(o.fillValue()));
            }
        }
        return out.reshape(n, h, w, c);
    }

    /** Records one source pixel; outside the image (constant fill) its weight goes to the fill value. */
    private static void place(
            int[] idx,
            double[] wt,
            double[] fill,
            int p,
            int b,
            int sx,
            int sy,
            double weight,
            int h,
            int w,
            FillOptions o) {
        if (sx < 0 || sx >= w || sy < 0 || sy >= h) {
            // Only constant fill can land outside after map(); bilinear neighbours of an edge point may too.
            if (o.fillMode().equals("constant")) {
                fill[p] += weight;
                idx[p] = b * h * w;
                wt[p] = 0;
                return;
            }
            sx = Math.max(0, Math.min(w - 1, sx));
            sy = Math.max(0, Math.min(h - 1, sy));
        }
        idx[p] = (b * h + sy) * w + sx;
        wt[p] = weight;
    }

    /** Maps a coordinate outside {@code [0, size - 1]} back inside according to the fill mode. */
    static double map(double v, int size, String mode) {
        if (v >= 0 && v <= size - 1) {
            return v;
        }
        switch (mode) {
            case "nearest":
                return Math.max(0, Math.min(size - 1, v));
            case "wrap": {
                double r = v % size;
                return r < 0 ? r + size : r;
            }
            case "reflect": {
                if (size <= 1) {
                    return 0;
                }
                // Reflect about the outer edges of the border pixels: -1 maps to 0, size maps to size - 1.
                double period = 2.0 * size;
                double r = (v + 0.5) % period;
                if (r < 0) {
                    r += period;
                }
                double out = r < size ? r - 0.5 : period - r - 0.5;
                return Math.max(0, Math.min(size - 1, out));
            }
            default:
                return v;
        }
    }

    /** A uniform draw in {@code [lo, hi]}. */
    protected static double uniform(Generator g, double lo, double hi) {
        return lo + (hi - lo) * g.nextDouble();
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.putAll(options.toConfig());
        return m;
    }
}
