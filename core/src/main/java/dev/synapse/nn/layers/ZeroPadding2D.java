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
    private final ImageEdges edges;

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
        this.edges = ImageEdges.of("ZeroPadding2D", "padding", top, bottom, left, right);
    }

    @Override
    protected int[] computeOutputShape(int[] s) {
        return new int[] {
            s[0],
            s[1] < 0 ? -1 : s[1] + edges.top() + edges.bottom(),
            s[2] < 0 ? -1 : s[2] + edges.left() + edges.right(),
            s[3]
        };
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return ShapeOps.pad(
                x, new int[][] {{0, 0}, {edges.top(), edges.bottom()}, {edges.left(), edges.right()}, {0, 0}}, 0.0);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("padding", edges.config());
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static ZeroPadding2D fromConfig(Map<String, Object> c) {
        int[] e = ImageEdges.fromConfig(c.get("padding"));
        return new ZeroPadding2D(e[0], e[1], e[2], e[3]);
    }
}
