package dev.synapse.nn.layers;

import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.ops.ShapeOps;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Adds rows and columns of zeros around channels-last images ({@code keras.layers.ZeroPadding2D};
 * PyTorch's {@code nn.ZeroPad2d}).
 */
public class ZeroPadding2D extends Layer {
    private final int top;
    private final int bottom;
    private final int left;
    private final int right;

    /** One row/column on every side. */
    public ZeroPadding2D() {
        this(1);
    }

    /** {@code p} on every side. */
    public ZeroPadding2D(int p) {
        this(p, p, p, p);
    }

    /** {@code ph} above and below, {@code pw} left and right. */
    public ZeroPadding2D(int ph, int pw) {
        this(ph, ph, pw, pw);
    }

    /** Each side ({@code ((top, bottom), (left, right))} in Keras). */
    public ZeroPadding2D(int top, int bottom, int left, int right) {
        super(InputSpec.ndim(4));
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("ZeroPadding2D: padding must not be negative");
        }
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    @Override
    protected int[] computeOutputShape(int[] s) {
        return new int[] {s[0], s[1] < 0 ? -1 : s[1] + top + bottom, s[2] < 0 ? -1 : s[2] + left + right, s[3]};
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return ShapeOps.pad(x, new int[][] {{0, 0}, {top, bottom}, {left, right}, {0, 0}}, 0.0);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("padding", java.util.List.of(java.util.List.of(top, bottom), java.util.List.of(left, right)));
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static ZeroPadding2D fromConfig(Map<String, Object> c) {
        int[][] p = Cropping2D.pairs(c.get("padding"));
        return new ZeroPadding2D(p[0][0], p[0][1], p[1][0], p[1][1]);
    }
}
