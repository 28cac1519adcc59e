package dev.synapse.nn.initializers;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code gain} times the identity matrix, for 2-D weights; a non-square shape gets ones on the
 * main diagonal ({@code Identity}, {@code nn.init.eye_}).
 */
public record Identity(double gain) implements Initializer {
    @Override
    public Tensor create(int[] shape, DType dtype) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("Identity initializer: only 2-D shapes are supported, got "
                    + dev.synapse.tensor.Shape.format(shape));
        }
        double[] v = new double[shape[0] * shape[1]];
        for (int i = 0; i < Math.min(shape[0], shape[1]); i++) {
            v[i * shape[1] + i] = gain;
        }
        return Tensor.wrap(v, shape).to(dtype);
    }

    @Override
    public String className() {
        return "Identity";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gain", gain);
        return m;
    }
}
