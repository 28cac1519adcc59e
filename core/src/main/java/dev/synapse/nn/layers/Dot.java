package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Shapes;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The dot product of two inputs along an axis of each, per sample ({@code keras.layers.Dot}, a
 * batched {@code torch.bmm}); axes count the batch axis as 0. With {@code normalize} the inputs are
 * L2-normalized first, giving the cosine similarity. Inputs of rank 2 give {@code [batch, 1]};
 * inputs of rank 3 give {@code [batch, p, q]} from the two remaining axes.
 */
public class Dot extends Layer {
    private final int axis1;
    private final int axis2;
    private final boolean normalize;

    /** The same axis in both inputs. */
    public Dot(int axes) {
        this(axes, axes, false);
    }

    /** Axis {@code axis1} of the first input with {@code axis2} of the second. */
    public Dot(int axis1, int axis2, boolean normalize) {
        this.axis1 = axis1;
        this.axis2 = axis2;
        this.normalize = normalize;
    }

    @Override
    protected void build(List<int[]> shapes) {
        computeOutputShapes(shapes);
    }

    @Override
    protected List<int[]> computeOutputShapes(List<int[]> shapes) {
        if (shapes.size() != 2) {
            throw error("expected exactly 2 inputs, got " + shapes.size());
        }
        int[] x = shapes.get(0);
        int[] y = shapes.get(1);
        if (x.length != y.length || x.length < 2 || x.length > 3) {
            throw error("expected two inputs of rank 2 or 3, got " + Shapes.format(x) + " and " + Shapes.format(y));
        }
        int a = Shapes.axis(axis1, x.length, name());
        int b = Shapes.axis(axis2, y.length, name());
        if (a == 0 || b == 0) {
            throw error("cannot take the dot product along the batch axis");
        }
        if (x[a] >= 0 && y[b] >= 0 && x[a] != y[b]) {
            throw error("dimension " + a + " of the first input (" + x[a] + ") must equal dimension " + b
                    + " of the second (" + y[b] + "), shapes " + Shapes.format(x) + " and " + Shapes.format(y));
        }
        if (x.length == 2) {
            return List.of(new int[] {x[0], 1});
        }
        return List.of(new int[] {x[0], x[3 - a], y[3 - b]});
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        Tensor y = inputs.get(1);
        int a = Shapes.axis(axis1, x.rank(), name());
        int b = Shapes.axis(axis2, y.rank(), name());
        if (normalize) {
            x = l2Normalize(x, a);
            y = l2Normalize(y, b);
        }
        if (x.rank() == 2) {
            return List.of(x.mul(y).sum(new int[] {1}, true));
        }
        Tensor xm = a == 2 ? x : x.transpose(1, 2);
        Tensor ym = b == 1 ? y : y.transpose(1, 2);
        return List.of(xm.matmul(ym));
    }

    private static Tensor l2Normalize(Tensor t, int axis) {
        return t.mul(t.square()
                .sum(new int[] {axis}, true)
                .clamp(1e-12, Double.MAX_VALUE)
                .rsqrt());
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("axes", List.of(axis1, axis2));
        m.put("normalize", normalize);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static Dot fromConfig(Map<String, Object> c) {
        int[] axes = Configs.getIntArray(c, "axes");
        return new Dot(axes[0], axes.length > 1 ? axes[1] : axes[0], Configs.getBoolean(c, "normalize", false));
    }
}
