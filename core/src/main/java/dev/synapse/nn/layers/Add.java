package dev.synapse.nn.layers;

import dev.synapse.tensor.Tensor;
import java.util.Map;

/** Sums its inputs ({@code keras.layers.Add}, {@code torch.add}). */
public class Add extends Merge {
    /** A Add layer. */
    public Add() {}

    @Override
    protected Tensor combine(Tensor a, Tensor b) {
        return a.add(b);
    }

    /** Rebuilds the layer from its config. */
    public static Add fromConfig(Map<String, Object> c) {
        return new Add();
    }
}
