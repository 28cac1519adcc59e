package dev.synapse.nn.initializers;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Uniform draws in {@code [minval, maxval)} ({@code RandomUniform}, {@code nn.init.uniform_}). */
public record RandomUniform(double minval, double maxval, Long seed) implements Initializer {
    @Override
    public Tensor create(int[] shape, DType dtype) {
        return Draws.uniform(shape, dtype, minval, maxval, seed);
    }

    @Override
    public String className() {
        return "RandomUniform";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minval", minval);
        m.put("maxval", maxval);
        m.put("seed", seed);
        return m;
    }
}
