package dev.synapse.nn.initializers;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every value the same: Keras's {@code Constant(value)}, and {@code Zeros} and {@code Ones}
 * ({@code nn.init.constant_}, {@code zeros_}, {@code ones_}).
 */
public final class Constant implements Initializer {
    private final double value;
    private final String className;

    /** Every value {@code value}. */
    public Constant(double value) {
        this(value, "Constant");
    }

    Constant(double value, String className) {
        this.value = value;
        this.className = className;
    }

    /** The value. */
    public double value() {
        return value;
    }

    @Override
    public Tensor create(int[] shape, DType dtype) {
        return Tensor.full(value, dtype, shape);
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (className.equals("Constant")) {
            m.put("value", value);
        }
        return m;
    }

    @Override
    public String toString() {
        return className + "(" + value + ")";
    }
}
