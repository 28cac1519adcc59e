package dev.synapse.autograd;

import dev.synapse.tensor.Tensor;

/**
 * The backward rule of one recorded op: given the gradient of the loss with respect to the op's
 * output, returns the gradients with respect to each input, in input order ({@code null} for an
 * input that needs none). Rules are written with tensor ops, so they run on every backend.
 */
@FunctionalInterface
public interface BackwardFn {
    Tensor[] apply(Tensor gradOutput);
}
