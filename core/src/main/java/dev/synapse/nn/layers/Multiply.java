package dev.synapse.nn.layers;

import dev.synapse.tensor.Tensor;
import java.util.Map;

/** Multiplies its inputs elementwise ({@code keras.layers.Multiply}, {@code torch.mul}). */
public class Multiply extends Merge {
    /** A Multiply layer. */
    public Multiply() {}

    @Override
    protected Tensor combine(Tensor a, Tensor b) {
        return a.mul(b);
    }

    /** Rebuilds the layer from its config. */
    public static Multiply fromConfig(Map<String, Object> c) {
        return new Multiply();
    }
}
