package dev.synapse.nn.layers;

import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Applies an activation function ({@code keras.layers.Activation}). Its constants name the
 * activations that other layers take as arguments: {@code new Dense(64, Activation.RELU)}.
 */
public class Activation extends Layer {
    /** Identity. */
    public static final ActivationFunction LINEAR = ActivationFunction.LINEAR;
    /** {@code max(x, 0)}. */
    public static final ActivationFunction RELU = ActivationFunction.RELU;
    /** {@code min(max(x, 0), 6)}. */
    public static final ActivationFunction RELU6 = ActivationFunction.RELU6;
    /** Logistic sigmoid. */
    public static final ActivationFunction SIGMOID = ActivationFunction.SIGMOID;
    /** Hyperbolic tangent. */
    public static final ActivationFunction TANH = ActivationFunction.TANH;
    /** Softmax over the last axis. */
    public static final ActivationFunction SOFTMAX = ActivationFunction.SOFTMAX;
    /** Log-softmax over the last axis. */
    public static final ActivationFunction LOG_SOFTMAX = ActivationFunction.LOG_SOFTMAX;
    /** Leaky ReLU, slope 0.2. */
    public static final ActivationFunction LEAKY_RELU = ActivationFunction.LEAKY_RELU;
    /** ELU, alpha 1. */
    public static final ActivationFunction ELU = ActivationFunction.ELU;
    /** Scaled ELU. */
    public static final ActivationFunction SELU = ActivationFunction.SELU;
    /** Exact GELU. */
    public static final ActivationFunction GELU = ActivationFunction.GELU;
    /** {@code x * sigmoid(x)}. */
    public static final ActivationFunction SWISH = ActivationFunction.SWISH;
    /** Same as {@link #SWISH}. */
    public static final ActivationFunction SILU = ActivationFunction.SWISH;
    /** {@code log(1 + exp(x))}. */
    public static final ActivationFunction SOFTPLUS = ActivationFunction.SOFTPLUS;
    /** {@code x / (1 + |x|)}. */
    public static final ActivationFunction SOFTSIGN = ActivationFunction.SOFTSIGN;
    /** {@code relu6(x + 3) / 6}. */
    public static final ActivationFunction HARD_SIGMOID = ActivationFunction.HARD_SIGMOID;
    /** {@code exp(x)}. */
    public static final ActivationFunction EXPONENTIAL = ActivationFunction.EXPONENTIAL;

    private final ActivationFunction activation;

    /** A layer applying {@code activation}. */
    public Activation(ActivationFunction activation) {
        this.activation = activation;
    }

    /** A layer applying the activation with a Keras name ({@code "relu"}). */
    public Activation(String activation) {
        this(ActivationFunction.of(activation));
    }

    /** The function applied. */
    public ActivationFunction activation() {
        return activation;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return activation.apply(x);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("activation", activation.name());
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static Activation fromConfig(Map<String, Object> c) {
        return new Activation(Configs.getString(c, "activation", "linear"));
    }
}
