package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Gated recurrent unit ({@code keras.layers.GRU}; PyTorch's {@code nn.GRU}, which matches Keras's
 * {@code reset_after=True} up to gate order). Kernels hold the gates in Keras's order z (update),
 * r (reset), h. With {@code resetAfter} (Keras 3's default) the bias is {@code [2, 3 units]}: an
 * input bias and a recurrent bias, and
 * <pre>
 * x' = x_t W + b_in;  u = h U + b_rec
 * z = s(x'_z + u_z), r = s(x'_r + u_r), g = tanh(x'_h + r * u_h)
 * h = z * h + (1 - z) * g
 * </pre>
 * Without it the bias is {@code [3 units]} and {@code g = tanh(x'_h + (r * h) U_h)}.
 */
public class GRU extends BaseRNN {
    private final boolean resetAfter;

    /** {@code units} outputs. */
    public GRU(int units) {
        this(builder(units));
    }

    GRU(RNNBuilder<GRU> b) {
        super(b);
        this.resetAfter = b.resetAfter;
    }

    /** A builder. */
    public static RNNBuilder<GRU> builder(int units) {
        return new RNNBuilder<>(units, GRU::new);
    }

    @Override
    protected int stateCount() {
        return 1;
    }

    @Override
    protected int gates() {
        return 3;
    }

    @Override
    protected int[] biasShape() {
        return resetAfter ? new int[] {2, 3 * units} : new int[] {3 * units};
    }

    @Override
    protected Tensor inputProjection(Tensor x) {
        Tensor p = x.matmul(valueLike(kernel, x));
        if (bias == null) {
            return p;
        }
        Tensor b = valueLike(bias, x);
        return p.add(resetAfter ? b.select(0, 0) : b);
    }

    @Override
    protected Tensor[] step(Tensor xp, Tensor[] states) {
        Tensor h = states[0];
        Tensor u = valueLike(recurrentKernel, xp);
        Tensor z;
        Tensor r;
        Tensor g;
        if (resetAfter) {
            Tensor inner = h.matmul(u);
            if (bias != null) {
                inner = inner.add(valueLike(bias, xp).select(0, 1));
            }
            z = recurrentActivation.apply(block(xp, 0).add(block(inner, 0)));
            r = recurrentActivation.apply(block(xp, 1).add(block(inner, 1)));
            g = activation.apply(block(xp, 2).add(r.mul(block(inner, 2))));
        } else {
            Tensor zr = h.matmul(u.slice(1, 0, 2 * units));
            z = recurrentActivation.apply(block(xp, 0).add(block(zr, 0)));
            r = recurrentActivation.apply(block(xp, 1).add(block(zr, 1)));
            g = activation.apply(block(xp, 2).add(r.mul(h).matmul(u.slice(1, 2 * units, 3 * units))));
        }
        Tensor next = z.mul(h).add(z.rsub(1.0).mul(g));
        return new Tensor[] {next};
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("reset_after", resetAfter);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static GRU fromConfig(Map<String, Object> c) {
        return fromConfig(builder(Configs.getInt(c, "units")), c).build();
    }
}
