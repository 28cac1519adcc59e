package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.ops.Activations;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/** Softmax along an axis, the last by default ({@code keras.layers.Softmax}, {@code nn.Softmax(dim)}). */
public class Softmax extends Layer {
    private final int axis;

    /** Over the last axis. */
    public Softmax() {
        this(-1);
    }

    /** Over {@code axis} (negative counts from the end). */
    public Softmax(int axis) {
        this.axis = axis;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return Activations.softmax(x, axis);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("axis", axis);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static Softmax fromConfig(Map<String, Object> c) {
        return new Softmax(Configs.getInt(c, "axis", -1));
    }
}
