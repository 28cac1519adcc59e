package dev.synapse.nn.initializers;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.LinkedHashMap;
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", mean);
        m.put("stddev", stddev);
        m.put("seed", seed);
        return m;
    }
}
