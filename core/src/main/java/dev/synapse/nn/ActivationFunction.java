package dev.synapse.nn;

import dev.synapse.ops.Activations;
import dev.synapse.tensor.Tensor;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * An elementwise (or, for softmax, last-axis) activation with its Keras name
 * ({@code keras.activations}; PyTorch's {@code torch.nn.functional} activations). Layers take one as
 * their {@code activation} argument: {@code new Dense(64, Activation.RELU)} or, with a Keras string,
 * {@code ActivationFunction.of("relu")}.
 */
public final class ActivationFunction {
    private static final Map<String, ActivationFunction> BY_NAME = new ConcurrentHashMap<>();

    /** The identity ({@code "linear"}, Keras's default for {@code activation=None}). */
    public static final ActivationFunction LINEAR = builtin("linear", x -> x);
    /** {@code max(x, 0)}. */
    public static final ActivationFunction RELU = builtin("relu", Activations::relu);
    /** {@code min(max(x, 0), 6)}. */
    public static final ActivationFunction RELU6 = builtin("relu6", x -> x.clamp(0.0, 6.0));
    /** Logistic sigmoid. */
    public static final ActivationFunction SIGMOID = builtin("sigmoid", Activations::sigmoid);
    /** Hyperbolic tangent. */
    public static final ActivationFunction TANH = builtin("tanh", Activations::tanh);
    /** Softmax over the last axis. */
    public static final ActivationFunction SOFTMAX = builtin("softmax", x -> Activations.softmax(x, -1));
    /** Log-softmax over the last axis. */
    public static final ActivationFunction LOG_SOFTMAX = builtin("log_softmax", x -> Activations.logSoftmax(x, -1));
    /** Leaky ReLU with Keras's activation default slope 0.2. */
    public static final ActivationFunction LEAKY_RELU = builtin("leaky_relu", x -> Activations.leakyRelu(x, 0.2));
    /** ELU with alpha 1. */
    public static final ActivationFunction ELU = builtin("elu", x -> Activations.elu(x, 1.0));
    /** Scaled ELU. */
    public static final ActivationFunction SELU = builtin("selu", Activations::selu);
    /** Exact GELU (Keras's {@code approximate=False}). */
    public static final ActivationFunction GELU = builtin("gelu", Activations::gelu);
    /** {@code x * sigmoid(x)} (Keras {@code "swish"}, also {@code "silu"}). */
    public static final ActivationFunction SWISH = builtin("swish", Activations::silu);
    /** {@code log(1 + exp(x))}. */
    public static final ActivationFunction SOFTPLUS = builtin("softplus", Activations::softplus);
    /** {@code x / (1 + |x|)}. */
    public static final ActivationFunction SOFTSIGN = builtin("softsign", Activations::softsign);
    /** Keras 3's {@code relu6(x + 3) / 6}. */
    public static final ActivationFunction HARD_SIGMOID = builtin("hard_sigmoid", Activations::hardSigmoid);
    /** {@code exp(x)}. */
    public static final ActivationFunction EXPONENTIAL = builtin("exponential", Tensor::exp);

    static {
        BY_NAME.put("silu", SWISH);
    }

    private final String name;
    private final UnaryOperator<Tensor> fn;

    private ActivationFunction(String name, UnaryOperator<Tensor> fn) {
        this.name = name;
        this.fn = fn;
    }

    private static ActivationFunction builtin(String name, UnaryOperator<Tensor> fn) {
        ActivationFunction a = new ActivationFunction(name, fn);
        BY_NAME.put(name, a);
        return a;
    }

    /**
     * A user activation under a name, registered so that configs naming it can be read back.
     * The function must be written with tensor ops so that gradients flow.
     */
    public static ActivationFunction register(String name, UnaryOperator<Tensor> fn) {
        ActivationFunction a = new ActivationFunction(name, fn);
        BY_NAME.put(name, a);
        return a;
    }

    /**
     * The activation with a Keras name: {@code linear} (or {@code null}), {@code relu}, {@code relu6},
     * {@code sigmoid}, {@code tanh}, {@code softmax}, {@code log_softmax}, {@code leaky_relu},
     * {@code elu}, {@code selu}, {@code gelu}, {@code swish}/{@code silu}, {@code softplus},
     * {@code softsign}, {@code hard_sigmoid}, {@code exponential}, or a registered one.
     */
    public static ActivationFunction of(String name) {
        if (name == null) {
            return LINEAR;
        }
        ActivationFunction a = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (a == null) {
            throw new IllegalArgumentException(
                    "unknown activation '" + name + "'; expected one of " + new java.util.TreeSet<>(BY_NAME.keySet()));
        }
        return a;
    }

    /** The Keras name. */
    public String name() {
        return name;
    }

    /** Applies the activation. */
    public Tensor apply(Tensor x) {
        return fn.apply(x);
    }

    @Override
    public String toString() {
        return name;
    }
}
