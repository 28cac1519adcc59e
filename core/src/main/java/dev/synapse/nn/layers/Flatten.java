package dev.synapse.nn.layers;

import dev.synapse.nn.Layer;
import dev.synapse.nn.Shapes;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/** Flattens every axis but the batch axis ({@code keras.layers.Flatten}, {@code nn.Flatten()}). */
public class Flatten extends Layer {
    /** A flatten layer. */
    public Flatten() {}

    @Override
    protected int[] computeOutputShape(int[] s) {
        if (s.length == 0) {
            throw error("cannot flatten a scalar");
        }
        return new int[] {s[0], s.length == 1 ? 1 : Shapes.product(s, 1, s.length)};
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.rank() == 1 ? x.reshape(x.dim(0), 1) : x.reshape(x.dim(0), -1);
    }

    /** Rebuilds the layer from its config. */
    public static Flatten fromConfig(Map<String, Object> c) {
        return new Flatten();
    }
}
