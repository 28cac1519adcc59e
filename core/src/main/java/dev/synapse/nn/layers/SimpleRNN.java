package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * The plain recurrent layer {@code h_t = activation(x_t W + h_{t-1} U + b)}
 * ({@code keras.layers.SimpleRNN}; PyTorch's {@code nn.RNN}, which has two biases).
 */
public class SimpleRNN extends BaseRNN {
    /** {@code units} outputs, tanh. */
    public SimpleRNN(int units) {
        this(builder(units));
    }

    SimpleRNN(RNNBuilder<SimpleRNN> b) {
        super(b);
    }

    /** A builder. */
    public static RNNBuilder<SimpleRNN> builder(int units) {
        return new RNNBuilder<>(units, SimpleRNN::new);
    }

    @Override
    protected int stateCount() {
        return 1;
    }

    @Override
    protected int gates() {
        return 1;
    }

    @Override
    protected Tensor inputProjection(Tensor x) {
        Tensor p = x.matmul(valueLike(kernel, x));
        return bias == null ? p : p.add(valueLike(bias, x));
    }

    @Override
    protected Tensor[] step(Tensor projected, Tensor[] states) {
        Tensor h = activation.apply(projected.add(states[0].matmul(valueLike(recurrentKernel, projected))));
        return new Tensor[] {h};
    }

    /** Rebuilds the layer from its config. */
    public static SimpleRNN fromConfig(Map<String, Object> c) {
        return fromConfig(builder(Configs.getInt(c, "units")), c).build();
    }
}
