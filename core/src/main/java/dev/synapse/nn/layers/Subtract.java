package dev.synapse.nn.layers;

import dev.synapse.tensor.Tensor;
import java.util.Map;

/** Subtracts the second input from the first ({@code keras.layers.Subtract}). */
public class Subtract extends Merge {
    /** A Subtract layer. */
    public Subtract() {}

    @Override
    protected Tensor combine(Tensor a, Tensor b) {
        return a.sub(b);
    }

    @Override
    protected int maxInputs() {
        return 2;
    }

    /** Rebuilds the layer from its config. */
    public static Subtract fromConfig(Map<String, Object> c) {
        return new Subtract();
    }
}
