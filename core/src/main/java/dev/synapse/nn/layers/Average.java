package dev.synapse.nn.layers;

import dev.synapse.tensor.Tensor;
import java.util.Map;

/** The elementwise mean of its inputs ({@code keras.layers.Average}). */
public class Average extends Merge {
    /** A Average layer. */
    public Average() {}

    @Override
    protected Tensor combine(Tensor a, Tensor b) {
        return a.add(b);
    }

    @Override
    protected Tensor finish(Tensor combined, int count) {
        return combined.div((double) count);
    }

    /** Rebuilds the layer from its config. */
    public static Average fromConfig(Map<String, Object> c) {
        return new Average();
    }
}
