package dev.synapse.nn.initializers;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Creates the starting values of a weight ({@code keras.initializers.Initializer}, the
 * {@code torch.nn.init} functions). Random initializers draw from
 * {@link dev.synapse.tensor.Generator#global()}, so {@code Synapse.setSeed} makes them repeat.
 * Obtain them from {@link Initializers}.
 */
public interface Initializer {
    /** A new tensor of the given shape and float dtype holding fresh starting values. */
    Tensor create(int[] shape, DType dtype);

    /** The Keras class name, as written in configs ({@code "GlorotUniform"}). */
    String className();

    /** The arguments, as JSON-friendly values, from which {@link Initializers#fromConfig} rebuilds it. */
    Map<String, Object> config();
}
