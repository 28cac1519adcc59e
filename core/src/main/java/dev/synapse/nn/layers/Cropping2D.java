package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Shapes;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Removes rows and columns from the edges of channels-last images ({@code keras.layers.Cropping2D}). */
public class Cropping2D extends Layer {
    private final int top;
    private final int bottom;
    private final int left;
    private final int right;

    /** {@code c} from every side. */
    public Cropping2D(int c) {
        this(c, c, c, c);
    }

    /** {@code ch} from top and bottom, {@code cw} from left and right. */
    public Cropping2D(int ch, int cw) {
        this(ch, ch, cw, cw);
    }

    /** Each side ({@code ((top, bottom), (left, right))} in Keras). */
    public Cropping2D(int top, int bottom, int left, int right) {
        super(InputSpec.ndim(4));
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("Cropping2D: cropping must not be negative");
        }
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    @Override
    protected int[] computeOutputShape(int[] s) {
        int h = s[1] < 0 ? -1 : s[1] - top - bottom;
        int w = s[2] < 0 ? -1 : s[2] - left - right;
        if ((s[1] >= 0 && h <= 0) || (s[2] >= 0 && w <= 0)) {
            throw error("cropping (" + top + ", " + bottom + "), (" + left + ", " + right + ") leaves nothing of input "
                    + Shapes.format(s));
        }
        return new int[] {s[0], h, w, s[3]};
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        computeOutputShape(x.dims());
        return x.slice(1, top, x.dim(1) - bottom).slice(2, left, x.dim(2) - right);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("cropping", List.of(List.of(top, bottom), List.of(left, right)));
        return m;
    }

    /** Reads {@code [[a, b], [c, d]]}, {@code [a, b]} or {@code a}. */
    static int[][] pairs(Object v) {
        if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof List) {
            int[] a = Configs.toIntArray(l.get(0));
            int[] b = Configs.toIntArray(l.get(1));
            return new int[][] {a, b};
        }
        int[] flat = Configs.toIntArray(v);
        int h = flat[0];
        int w = flat.length > 1 ? flat[1] : flat[0];
        return new int[][] {{h, h}, {w, w}};
    }

    /** Rebuilds the layer from its config. */
    public static Cropping2D fromConfig(Map<String, Object> c) {
        int[][] p = pairs(c.get("cropping"));
        return new Cropping2D(p[0][0], p[0][1], p[1][0], p[1][1]);
    }
}
