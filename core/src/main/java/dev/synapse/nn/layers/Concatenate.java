package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Shapes;
import dev.synapse.ops.ShapeOps;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Joins its inputs along an axis, the last by default ({@code keras.layers.Concatenate},
 * {@code torch.cat}); the inputs must agree on every other axis, which is checked when the layer is
 * applied to symbolic tensors.
 */
public class Concatenate extends Layer {
    private final int axis;

    /** Along the last axis. */
    public Concatenate() {
        this(-1);
    }

    /** Along {@code axis} (negative counts from the end; 0 is the batch axis). */
    public Concatenate(int axis) {
        this.axis = axis;
    }

    @Override
    protected void build(List<int[]> shapes) {
        computeOutputShapes(shapes);
    }

    @Override
    protected List<int[]> computeOutputShapes(List<int[]> shapes) {
        if (shapes.size() < 2) {
            throw error("expected at least 2 inputs, got " + shapes.size());
        }
        int[] first = shapes.get(0);
        int a = Shapes.axis(axis, first.length, name());
        int[] out = first.clone();
        for (int k = 1; k < shapes.size(); k++) {
            int[] s = shapes.get(k);
            if (s.length != first.length) {
                throw error("inputs must have the same rank, got " + Shapes.format(first) + " and " + Shapes.format(s));
            }
            for (int i = 0; i < s.length; i++) {
                if (i == a) {
                    out[i] = out[i] < 0 || s[i] < 0 ? Shapes.UNKNOWN : out[i] + s[i];
                } else if (s[i] >= 0 && out[i] >= 0 && s[i] != out[i]) {
                    throw error("inputs must match except along the concatenation axis " + axis + ", got shapes "
                            + Shapes.format(first) + " and " + Shapes.format(s) + " (dimension " + i + ": " + out[i]
                            + " vs " + s[i] + ")");
                } else if (out[i] < 0) {
                    out[i] = s[i];
                }
            }
        }
        return List.of(out);
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return List.of(ShapeOps.concat(axis, inputs.toArray(new Tensor[0])));
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("axis", axis);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static Concatenate fromConfig(Map<String, Object> c) {
        return new Concatenate(Configs.getInt(c, "axis", -1));
    }
}
