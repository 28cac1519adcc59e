package dev.synapse.autograd;

import dev.synapse.tensor.Tensor;
import java.util.List;

/**
 * One recorded op in the define-by-run graph ({@code grad_fn} in PyTorch): its name, its inputs and
 * the rule that maps the output's gradient to the inputs' gradients.
 */
public final class Node {
    private final String op;
    private final Tensor[] inputs;
    private final BackwardFn backward;

    Node(String op, Tensor[] inputs, BackwardFn backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    /** The name of the op that produced the tensor, e.g. {@code "matmul"}. */
    public String op() {
        return op;
    }

    /** The op's inputs, in order. */
    public List<Tensor> inputs() {
        return List.of(inputs);
    }

    Tensor[] inputArray() {
        return inputs;
    }

    BackwardFn backward() {
        return backward;
    }

    @Override
    public String toString() {
        return op + "Backward";
    }
}
