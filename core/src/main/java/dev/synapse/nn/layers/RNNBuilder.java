package dev.synapse.nn.layers;

import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.initializers.Initializer;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.nn.regularizers.Regularizer;
import java.util.function.Function;

/**
 * Options of {@link SimpleRNN}, {@link LSTM} and {@link GRU}, with Keras's defaults: tanh
 * activation, sigmoid recurrent activation, a bias, Glorot-uniform kernel, orthogonal recurrent
 * kernel, zero bias (LSTM: forget-gate bias one), last output only, no states returned.
 *
 * <pre>{@code
 * LSTM.builder(64).returnSequences(true).build()
 * }</pre>
 *
 * @param <L> the layer built
 */
public final class RNNBuilder<L> {
    final int units;
    ActivationFunction activation = ActivationFunction.TANH;
    ActivationFunction recurrentActivation = ActivationFunction.SIGMOID;
    boolean useBias = true;
    Initializer kernelInitializer = Initializers.glorotUniform();
    Initializer recurrentInitializer = Initializers.orthogonal();
    Initializer biasInitializer = Initializers.zeros();
    Regularizer kernelRegularizer;
    Regularizer recurrentRegularizer;
    Regularizer biasRegularizer;
    boolean unitForgetBias = true;
    boolean resetAfter = true;
    boolean returnSequences;
    boolean returnState;
    boolean goBackwards;
    String name;
    int[] inputShape;
    private final Function<RNNBuilder<L>, L> factory;

    RNNBuilder(int units, Function<RNNBuilder<L>, L> factory) {
        if (units <= 0) {
            throw new IllegalArgumentException("recurrent layer: units must be positive, got " + units);
        }
        this.units = units;
        this.factory = factory;
    }

    /** The output activation (default tanh). */
    public RNNBuilder<L> activation(ActivationFunction a) {
        this.activation = a == null ? ActivationFunction.LINEAR : a;
        return this;
    }

    /** The output activation by Keras name. */
    public RNNBuilder<L> activation(String a) {
        return activation(ActivationFunction.of(a));
    }

    /** The gates' activation (default sigmoid; LSTM and GRU). */
    public RNNBuilder<L> recurrentActivation(ActivationFunction a) {
        this.recurrentActivation = a;
        return this;
    }

    /** Whether to add biases. */
    public RNNBuilder<L> useBias(boolean b) {
        this.useBias = b;
        return this;
    }

    /** The input kernel's initializer. */
    public RNNBuilder<L> kernelInitializer(Initializer i) {
        this.kernelInitializer = i;
        return this;
    }

    /** The recurrent kernel's initializer. */
    public RNNBuilder<L> recurrentInitializer(Initializer i) {
        this.recurrentInitializer = i;
        return this;
    }

    /** The bias initializer. */
    public RNNBuilder<L> biasInitializer(Initializer i) {
        this.biasInitializer = i;
        return this;
    }

    /** A penalty on the input kernel. */
    public RNNBuilder<L> kernelRegularizer(Regularizer r) {
        this.kernelRegularizer = r;
        return this;
    }

    /** A penalty on the recurrent kernel. */
    public RNNBuilder<L> recurrentRegularizer(Regularizer r) {
        this.recurrentRegularizer = r;
        return this;
    }

    /** A penalty on the bias. */
    public RNNBuilder<L> biasRegularizer(Regularizer r) {
        this.biasRegularizer = r;
        return this;
    }

    /** LSTM: start the forget gate's bias at one (default true). */
    public RNNBuilder<L> unitForgetBias(boolean b) {
        this.unitForgetBias = b;
        return this;
    }

    /** GRU: apply the reset gate after the recurrent product (Keras 3's default, true). */
    public RNNBuilder<L> resetAfter(boolean b) {
        this.resetAfter = b;
        return this;
    }

    /** Return the output of every step ({@code [batch, steps, units]}) instead of the last. */
    public RNNBuilder<L> returnSequences(boolean b) {
        this.returnSequences = b;
        return this;
    }

    /** Also return the final states as extra outputs. */
    public RNNBuilder<L> returnState(boolean b) {
        this.returnState = b;
        return this;
    }

    /** Process the sequence from the last step to the first. */
    public RNNBuilder<L> goBackwards(boolean b) {
        this.goBackwards = b;
        return this;
    }

    /** An explicit layer name. */
    public RNNBuilder<L> name(String n) {
        this.name = n;
        return this;
    }

    /** Keras 2's {@code input_shape}: {@code (steps, features)}. */
    public RNNBuilder<L> inputShape(int... s) {
        this.inputShape = s.clone();
        return this;
    }

    /** The layer. */
    public L build() {
        return factory.apply(this);
    }
}
