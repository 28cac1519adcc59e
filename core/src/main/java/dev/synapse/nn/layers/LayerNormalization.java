package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Shapes;
import dev.synapse.nn.Weight;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.ops.NN;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Normalizes each sample over its last axis to zero mean and unit variance, then scales by
 * {@code gamma} and shifts by {@code beta} ({@code keras.layers.LayerNormalization}; PyTorch's
 * {@code nn.LayerNorm(lastDim)}). The same in training and inference.
 */
public class LayerNormalization extends Layer {
    private final double epsilon;
    private final boolean center;
    private final boolean scale;
    private Weight gamma;
    private Weight beta;

    /** Keras's defaults: epsilon 0.001, with gamma and beta. */
    public LayerNormalization() {
        this(1e-3, true, true);
    }

    /** All options. */
    public LayerNormalization(double epsilon, boolean center, boolean scale) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("LayerNormalization: epsilon must be positive, got " + epsilon);
        }
        this.epsilon = epsilon;
        this.center = center;
        this.scale = scale;
    }

    @Override
    protected void build(int[] s) {
        int n = s[s.length - 1];
        if (n < 0 || s.length < 2) {
            throw error("the last dimension must be known, got " + Shapes.format(s));
        }
        if (scale) {
            gamma = addWeight("gamma", new int[] {n}, Initializers.ones());
        }
        if (center) {
            beta = addWeight("beta", new int[] {n}, Initializers.zeros());
        }
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        NN.Moments m = NN.moments(x, new int[] {-1}, true);
        Tensor y = x.sub(m.mean()).mul(m.variance().add(epsilon).rsqrt());
        if (gamma != null) {
            y = y.mul(valueLike(gamma, x));
        }
        if (beta != null) {
            y = y.add(valueLike(beta, x));
        }
        return y;
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("axis", -1);
        m.put("epsilon", epsilon);
        m.put("center", center);
        m.put("scale", scale);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static LayerNormalization fromConfig(Map<String, Object> c) {
        return new LayerNormalization(
                Configs.getDouble(c, "epsilon", 1e-3),
                Configs.getBoolean(c, "center", true),
                Configs.getBoolean(c, "scale", true));
    }
}
