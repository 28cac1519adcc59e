package dev.synapse.nn.initializers;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Normal draws redrawn when more than two standard deviations from the mean ({@code TruncatedNormal},
 * {@code nn.init.trunc_normal_}). As in Keras, {@code stddev} is that of the normal before
 * truncation, so the values' spread is about 0.88 of it.
 */
public record TruncatedNormal(double mean, double stddev, Long seed) implements Initializer {
    @Override
    public Tensor create(int[] shape, DType dtype) {
        return Draws.truncatedNormal(shape, dtype, mean, stddev, seed);
    }

    @Override
    public String className() {
        return "TruncatedNormal";
    }

    @Override
    public Map<String, Object> config() {
        return Draws.normalConfig(mean, stddev, seed);
    }
}
