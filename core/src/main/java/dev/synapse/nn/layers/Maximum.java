package dev.synapse.nn.layers;

import dev.synapse.tensor.Tensor;
import java.util.Map;

/** The elementwise maximum of its inputs ({@code keras.layers.Maximum}, {@code torch.maximum}). */
public class Maximum extends Merge {
    /** A Maximum layer. */
    public Maximum() {}

    @Override
    protected Tensor combine(Tensor a, Tensor b) {
        return a.maximum(b);
    }

    /** Rebuilds the layer from its config. */
    public static Maximum fromConfig(Map<String, Object> c) {
        return new Maximum();
    }
}
