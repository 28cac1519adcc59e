package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Repeats a {@code [batch, features]} input {@code n} times: {@code [batch, n, features]}
 * ({@code keras.layers.RepeatVector}).
 */
public class RepeatVector extends Layer {
    private final int n;

    /** Repeats {@code n} times. */
    public RepeatVector(int n) {
        super(InputSpec.ndim(2));
        if (n <= 0) {
            throw new IllegalArgumentException("RepeatVector: n must be positive, got " + n);
        }
        this.n = n;
    }

    @Override
    protected int[] computeOutputShape(int[] s) {
        return new int[] {s[0], n, s[1]};
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.unsqueeze(1).expand(x.dim(0), n, x.dim(1));
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("n", n);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static RepeatVector fromConfig(Map<String, Object> c) {
        return new RepeatVector(Configs.getInt(c, "n"));
    }
}
