package dev.synapse.autograd;

import dev.synapse.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One recorded op in the define-by-run graph ({@code grad_fn} in PyTorch): its name, its inputs, the
 * rule that maps the output's gradient to the inputs' gradients, and the tensors that rule reads
 * (PyTorch's saved tensors) with their storage versions at recording time.
 */
public final class Node {
    private final String op;
    private final Tensor[] inputs;
    private @Nullable BackwardFn backward;
    private final Tensor output;
    private Tensor[] saved;
    private long[] savedVersions;
    private @Nullable String backwardName;

    Node(String op, Tensor[] inputs, BackwardFn backward, Tensor output, Tensor[] saved) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
        this.output = output;
        this.saved = saved;
        this.savedVersions = new long[saved.length];
        for (int i = 0; i < saved.length; i++) {
            savedVersions[i] = saved[i].version();
        }
    }

    /** The name of the op that produced the tensor, e.g. {@code "matmul"}. */
    public String op() {
        return op;
    }

    /** The op's inputs, in order. */
    public List<Tensor> inputs() {
        return List.of(inputs);
    }

    /** {@code "OP backward"}, the profiler's name for this node's backward function; made once. */
    String backwardName() {
        String name = backwardName;
        if (name == null) {
            name = op + " backward";
            backwardName = name;
        }
        return name;
    }

    Tensor[] inputArray() {
        return inputs;
    }

    /**
     * The backward rule.
     *
     * @throws IllegalStateException when a backward pass freed it already
     */
    BackwardFn backward() {
        if (backward == null) {
            throw new IllegalStateException("backward of " + op + ": trying to backward through the graph a second "
                    + "time (or to read its saved tensors after they were freed). The tensors the graph saved are "
                    + "dropped when backward() or GradientTape.gradient() has run; call backward(true) (PyTorch's "
                    + "retain_graph=True) or use GradientTape.openPersistent() the first time to backward through "
                    + "it again, or recompute the forward pass");
        }
        return backward;
    }

    /**
     * Drops the rule and the tensors it saved once the backward pass has used them (PyTorch frees a graph's buffers
     * unless {@code retain_graph}), so they can be collected, or released by the step that owns them.
     */
    void free() {
        backward = null;
        saved = new Tensor[0];
        savedVersions = new long[0];
    }

    /**
     * Fails when a tensor the backward rule reads was written in place after the op ran (its
     * storage version moved), since the rule would then compute a wrong gradient from the new values.
     */
    void checkSavedVersions() {
        for (int i = 0; i < saved.length; i++) {
            long now = saved[i].version();
            if (now != savedVersions[i]) {
                Tensor t = saved[i];
                throw new IllegalStateException("backward of " + op + ": " + describe(t) + ", a " + t.dtype()
                        + " tensor of shape " + t.shape() + " that " + op
                        + " saved for its gradient, was modified in place"
                        + " after " + op + " ran (its storage is at version " + now + ", " + op + " saved version "
                        + savedVersions[i] + "), so the gradient would be wrong. Modify it only after backward, or "
                        + "give the forward pass a copy (tensor.copy()) to keep the original unchanged");
            }
        }
    }

    /** Names a saved tensor by its role in this op, and by the op that produced it. */
    private String describe(Tensor t) {
        String role;
        if (t == output) {
            role = "its output";
        } else {
            role = "a tensor";
            for (int k = 0; k < inputs.length; k++) {
                if (inputs[k] == t) {
                    role = "input " + k;
                    break;
                }
            }
        }
        if (t.gradFn() != null && t != output) {
            return role + " (the output of " + t.gradFn().op() + ")";
        }
        if (t.isLeaf() && t.requiresGrad()) {
            return role + " (a leaf that requires a gradient, such as a weight)";
        }
        return role;
    }

    @Override
    public String toString() {
        return op + "Backward";
    }
}
