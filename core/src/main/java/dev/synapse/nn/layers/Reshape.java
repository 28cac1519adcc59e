package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Shapes;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Gives each sample a new shape with the same number of elements; one dimension may be -1
 * ({@code keras.layers.Reshape}, {@code nn.Unflatten}/{@code view}).
 */
public class Reshape extends Layer {
    private final int[] targetShape;

    /** The per-sample target shape (no batch axis). */
    public Reshape(int... targetShape) {
        int unknown = 0;
        for (int d : targetShape) {
            if (d == -1) {
                unknown++;
            } else if (d < 0) {
                throw new IllegalArgumentException(
                        "Reshape: invalid dimension " + d + " in " + Shapes.format(targetShape));
            }
        }
        if (unknown > 1) {
            throw new IllegalArgumentException(
                    "Reshape: at most one dimension can be -1, got " + Shapes.format(targetShape));
        }
        this.targetShape = targetShape.clone();
    }

    @Override
    protected int[] computeOutputShape(int[] s) {
        int n = Shapes.product(s, 1, s.length);
        int[] out = new int[targetShape.length + 1];
        out[0] = s[0];
        long known = 1;
        int inferAt = -1;
        for (int i = 0; i < targetShape.length; i++) {
            out[i + 1] = targetShape[i];
            if (targetShape[i] == -1) {
                inferAt = i + 1;
            } else {
                known *= targetShape[i];
            }
        }
        if (n >= 0) {
            if (inferAt >= 0) {
                if (known == 0 || n % known != 0) {
                    throw error("cannot reshape input of shape " + Shapes.format(s) + " into " + Shapes.format(out));
                }
                out[inferAt] = (int) (n / known);
            } else if (known != n) {
                throw error("cannot reshape input of shape " + Shapes.format(s) + " (" + n + " values per sample) into "
                        + Shapes.format(out) + " (" + known + " values per sample)");
            }
        }
        return out;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int[] shape = new int[targetShape.length + 1];
        shape[0] = x.dim(0);
        System.arraycopy(targetShape, 0, shape, 1, targetShape.length);
        return x.reshape(shape);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("target_shape", Configs.intList(targetShape));
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static Reshape fromConfig(Map<String, Object> c) {
        return new Reshape(Configs.getIntArray(c, "target_shape"));
    }
}
