package dev.synapse.nn.initializers;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/** Normal draws with a fixed mean and standard deviation ({@code RandomNormal}, {@code nn.init.normal_}). */
public record RandomNormal(double mean, double stddev, Long seed) implements Initializer {
    @Override
    public Tensor create(int[] shape, DType dtype) {
        return Draws.normal(shape, dtype, mean, stddev, seed);
    }

    @Override
    public String className() {
        return "RandomNormal";
    }

    @Override
    public Map<String, Object> config() {
        return Draws.normalConfig(mean, stddev, seed);
    }
}
