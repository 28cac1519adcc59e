package dev.synapse.nn.layers;

import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Divides the first input by the second, elementwise ({@code torch.div}, {@code a / b} in a PyTorch
 * {@code forward}; ONNX's {@code Div}). Keras has no such layer ({@code keras.ops.divide} is an op), so a
 * model holding one cannot be saved as a {@code .keras} file.
 */
public class Divide extends Merge {
    /** A Divide layer. */
    public Divide() {}

    @Override
    protected Tensor combine(Tensor a, Tensor b) {
        return a.div(b);
    }

    @Override
    protected int maxInputs() {
        return 2;
    }

    /** Rebuilds the layer from its config. */
    public static Divide fromConfig(Map<String, Object> c) {
        return new Divide();
    }
}
