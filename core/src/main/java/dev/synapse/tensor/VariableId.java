package dev.synapse.tensor;

/**
 * The lasting identity of a variable whose tensor may be replaced (a layer's weight moved to another
 * device, or given a new value by {@code Weight.set}), as TensorFlow's resource handle behind a
 * {@code tf.Variable}. A weight stamps its id on each tensor it holds ({@link Tensor#variableId()}), so
 * optimizers key their slots by the variable rather than by the tensor object: PyTorch keeps
 * {@code optimizer.state} by parameter and has to be rebuilt after {@code model.to(device)}; here the
 * slots follow the weight.
 *
 * <p>Ids compare by identity; {@link #label()} only names the variable in messages.
 */
public final class VariableId {
    private final String label;

    /** A new id; {@code label} (a weight's path, say) names it in messages. */
    public VariableId(String label) {
        this.label = java.util.Objects.requireNonNull(label, "label");
    }

    /** The name given when the id was made. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return "<VariableId " + label + ">";
    }
}
