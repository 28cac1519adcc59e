package dev.synapse.nn.layers;

import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Shapes;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/** Removes rows and columns from the edges of channels-last images ({@code keras.layers.Cropping2D}). */
public class Cropping2D extends Layer {
    private final ImageEdges edges;

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
        this.edges = ImageEdges.of("Cropping2D", "cropping", top, bottom, left, right);
    }

    @Override
    protected int[] computeOutputShape(int[] s) {
        int h = s[1] < 0 ? -1 : s[1] - edges.top() - edges.bottom();
        int w = s[2] < 0 ? -1 : s[2] - edges.left() - edges.right();
        if ((s[1] >= 0 && h <= 0) || (s[2] >= 0 && w <= 0)) {
            throw error("cropping (" + edges.top() + ", " + edges.bottom() + "), (" + edges.left() + ", "
                    + edges.right() + ") leaves nothing of input " + Shapes.format(s));
        }
        return new int[] {s[0], h, w, s[3]};
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        computeOutputShape(x.dims());
        return x.slice(1, edges.top(), x.dim(1) - edges.bottom()).slice(2, edges.left(), x.dim(2) - edges.right());
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("cropping", edges.config());
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static Cropping2D fromConfig(Map<String, Object> c) {
        int[] e = ImageEdges.fromConfig(c.get("cropping"));
        return new Cropping2D(e[0], e[1], e[2], e[3]);
    }
}
