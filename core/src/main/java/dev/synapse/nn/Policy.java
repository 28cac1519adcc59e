package dev.synapse.nn;

import dev.synapse.tensor.DType;
import java.util.Objects;

/**
 * The dtypes a layer computes in and keeps its weights in, as Keras's {@code keras.mixed_precision.DTypePolicy}:
 * {@code "float32"} (both float32, the default), {@code "mixed_float16"} and {@code "mixed_bfloat16"} (compute in
 * the half type, weights in float32). A layer takes the global policy ({@link #setGlobal}, {@code
 * Synapse.setGlobalPolicy}) when it is constructed. Under a mixed policy a layer casts its floating inputs to the
 * compute dtype and its weights are read in that dtype ({@link Layer#valueLike}), while the float32 weights receive
 * the gradients; softmax, the losses and batch-normalization statistics compute in float32.
 *
 * @param name          the Keras name
 * @param computeDtype  the dtype of a layer's computations and outputs
 * @param variableDtype the dtype of its weights
 */
public record Policy(String name, DType computeDtype, DType variableDtype) {
    /** Everything in float32. */
    public static final Policy FLOAT32 = new Policy("float32", DType.FLOAT32, DType.FLOAT32);
    /** float16 computations, float32 weights; train with a loss-scale optimizer (fit adds one). */
    public static final Policy MIXED_FLOAT16 = new Policy("mixed_float16", DType.FLOAT16, DType.FLOAT32);
    /** bfloat16 computations, float32 weights; bfloat16's float32 range needs no loss scaling. */
    public static final Policy MIXED_BFLOAT16 = new Policy("mixed_bfloat16", DType.BFLOAT16, DType.FLOAT32);

    private static volatile Policy global = FLOAT32;

    public Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(computeDtype, "computeDtype");
        Objects.requireNonNull(variableDtype, "variableDtype");
    }

    /**
     * The policy of a Keras name: {@code "float32"}, {@code "mixed_float16"} or {@code "mixed_bfloat16"}.
     *
     * @throws IllegalArgumentException for another name
     */
    public static Policy of(String name) {
        return switch (name) {
            case "float32" -> FLOAT32;
            case "mixed_float16" -> MIXED_FLOAT16;
            case "mixed_bfloat16" -> MIXED_BFLOAT16;
            default ->
                throw new IllegalArgumentException(
                        "unknown dtype policy '" + name + "'; expected float32, mixed_float16 or mixed_bfloat16");
        };
    }

    /** The policy layers constructed from now on take ({@code keras.mixed_precision.global_policy()}). */
    public static Policy global() {
        return global;
    }

    /** Sets the policy of layers constructed from now on ({@code keras.mixed_precision.set_global_policy}). */
    public static void setGlobal(Policy policy) {
        global = Objects.requireNonNull(policy, "policy");
    }

    /** True when computations run in another dtype than the weights are kept in. */
    public boolean isMixed() {
        return computeDtype != variableDtype;
    }

    @Override
    public String toString() {
        return name;
    }
}
