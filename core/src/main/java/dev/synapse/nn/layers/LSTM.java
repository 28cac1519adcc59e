package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Long short-term memory ({@code keras.layers.LSTM}; PyTorch's {@code nn.LSTM}, which orders its
 * gates the same way but keeps two biases). Kernels hold the gates in Keras's order i, f, c, o:
 * <pre>
 * z = x_t W + h U + b;  i = s(z_i), f = s(z_f), g = tanh(z_c), o = s(z_o)
 * c = f * c + i * g;    h = o * tanh(c)
 * </pre>
 * with s the recurrent activation (sigmoid) and tanh the activation. The forget gate's bias starts
 * at one ({@code unit_forget_bias}). States: h, then c.
 */
public class LSTM extends BaseRNN {
    private final boolean unitForgetBias;

    /** {@code units} outputs. */
    public LSTM(int units) {
        this(builder(units));
    }

    LSTM(RNNBuilder<LSTM> b) {
        super(b);
        this.unitForgetBias = b.unitForgetBias;
    }

    /** A builder. */
    public static RNNBuilder<LSTM> builder(int units) {
        return new RNNBuilder<>(units, LSTM::new);
    }

    @Override
    protected int stateCount() {
        return 2;
    }

    @Override
    protected int gates() {
        return 4;
    }

    @Override
    protected Tensor initialBias() {
        if (!unitForgetBias) {
            return null;
        }
        double[] b = bias.value().toDoubleArray();
        for (int i = units; i < 2 * units; i++) {
            b[i] = 1.0;
        }
        return Tensor.wrap(b, b.length);
    }

    @Override
    protected Tensor inputProjection(Tensor x) {
        Tensor p = x.matmul(valueLike(kernel, x));
        return bias == null ? p : p.add(valueLike(bias, x));
    }

    @Override
    protected Tensor[] step(Tensor projected, Tensor[] states) {
        Tensor z = projected.add(states[0].matmul(valueLike(recurrentKernel, projected)));
        Tensor i = recurrentActivation.apply(block(z, 0));
        Tensor f = recurrentActivation.apply(block(z, 1));
        Tensor g = activation.apply(block(z, 2));
        Tensor o = recurrentActivation.apply(block(z, 3));
        Tensor c = f.mul(states[1]).add(i.mul(g));
        Tensor h = o.mul(activation.apply(c));
        return new Tensor[] {h, c};
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("unit_forget_bias", unitForgetBias);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static LSTM fromConfig(Map<String, Object> c) {
        return fromConfig(builder(Configs.getInt(c, "units")), c).build();
    }
}
