package dev.synapse.nn.regularizers;

import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * A penalty on a weight that is added to the training loss ({@code keras.regularizers.Regularizer}).
 * A layer's penalties are collected by {@code Layer.losses()}; obtain regularizers from
 * {@link Regularizers}.
 */
public interface Regularizer {
    /** The penalty for {@code weight}: a scalar tensor that gradients flow through. */
    Tensor penalty(Tensor weight);

    /** The Keras class name, as written in configs ({@code "L2"}). */
    String className();

    /** The arguments, as JSON-friendly values. */
    Map<String, Object> config();
}
