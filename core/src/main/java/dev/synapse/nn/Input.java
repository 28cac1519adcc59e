package dev.synapse.nn;

import dev.synapse.tensor.DType;

/**
 * Where a functional model starts ({@code keras.Input}): a symbolic tensor of a per-sample shape
 * with an unknown batch axis in front.
 *
 * <pre>{@code
 * SymbolicTensor in = Input.of(784);
 * SymbolicTensor h = new Dense(64, Activation.RELU).apply(in);
 * Model model = new Model(in, new Dense(10, Activation.SOFTMAX).apply(h));
 * }</pre>
 */
public final class Input {
    private Input() {}

    /** A float32 input of per-sample shape {@code shape}; -1 ({@link Shapes#UNKNOWN}) marks a variable size. */
    public static SymbolicTensor of(int... shape) {
        return new InputLayer(null, shape, DType.FLOAT32).symbolicOutput();
    }

    /** An input of the given dtype (int32/int64 for token indices fed to an Embedding). */
    public static SymbolicTensor of(DType dtype, int... shape) {
        return new InputLayer(null, shape, dtype).symbolicOutput();
    }

    /** A named float32 input. */
    public static SymbolicTensor named(String name, int... shape) {
        return new InputLayer(name, shape, DType.FLOAT32).symbolicOutput();
    }
}
