package dev.synapse.nn.layers;

import dev.synapse.tensor.Tensor;
import java.util.Map;

/** The elementwise minimum of its inputs ({@code keras.layers.Minimum}, {@code torch.minimum}). */
public class Minimum extends Merge {
    /** A Minimum layer. */
    public Minimum() {}

    @Override
    protected Tensor combine(Tensor a, Tensor b) {
        return a.minimum(b);
    }

    /** Rebuilds the layer from its config. */
    public static Minimum fromConfig(Map<String, Object> c) {
        return new Minimum();
    }
}
