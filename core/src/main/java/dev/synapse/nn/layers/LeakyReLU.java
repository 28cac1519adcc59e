package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * {@code x > 0 ? x : negativeSlope * x} ({@code keras.layers.LeakyReLU}, {@code nn.LeakyReLU}).
 * Keras's default slope is 0.3 (PyTorch's 0.01).
 */
public class LeakyReLU extends Layer {
    private final double negativeSlope;

    /** Slope 0.3, as Keras. */
    public LeakyReLU() {
        this(0.3);
    }

    /** The given slope for negative inputs. */
    public LeakyReLU(double negativeSlope) {
        if (negativeSlope < 0) {
            throw new IllegalArgumentException("LeakyReLU: negativeSlope must be non-negative, got " + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return Tensor.where(x.gt(0), x, x.mul(negativeSlope));
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("negative_slope", negativeSlope);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static LeakyReLU fromConfig(Map<String, Object> c) {
        return new LeakyReLU(Configs.getDouble(c, "negative_slope", 0.3));
    }
}
