package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.ops.Activations;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Rectified linear unit with Keras's options ({@code keras.layers.ReLU}, {@code nn.ReLU}):
 * {@code x >= threshold ? min(x, maxValue) : negativeSlope * (x - threshold)}; NaN stays NaN.
 */
public class ReLU extends Layer {
    private final double maxValue;
    private final double negativeSlope;
    private final double threshold;

    /** Plain {@code max(x, 0)}. */
    public ReLU() {
        this(Double.POSITIVE_INFINITY, 0.0, 0.0);
    }

    /** With a cap ({@code Double.POSITIVE_INFINITY} for none), a slope below the threshold, and the threshold. */
    public ReLU(double maxValue, double negativeSlope, double threshold) {
        if (maxValue < 0 || negativeSlope < 0) {
            throw new IllegalArgumentException(
                    "ReLU: maxValue and negativeSlope must be non-negative, got " + maxValue + " and " + negativeSlope);
        }
        this.maxValue = maxValue;
        this.negativeSlope = negativeSlope;
        this.threshold = threshold;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (Double.isInfinite(maxValue) && negativeSlope == 0 && threshold == 0) {
            return Activations.relu(x); // one kernel each way, where the general form below takes four
        }
        Tensor t = Tensor.scalarLike(threshold, x.dtype(), x);
        Tensor above = Double.isInfinite(maxValue) ? x : x.clamp(-Double.MAX_VALUE, maxValue);
        Tensor below = negativeSlope == 0 ? Tensor.zerosLike(x) : x.sub(t).mul(negativeSlope);
        return Tensor.where(x.lt(t), below, above); // NaN fails x < t and stays NaN, as keras.layers.ReLU
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("max_value", Double.isInfinite(maxValue) ? null : maxValue);
        m.put("negative_slope", negativeSlope);
        m.put("threshold", threshold);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static ReLU fromConfig(Map<String, Object> c) {
        return new ReLU(
                Configs.getDouble(c, "max_value", Double.POSITIVE_INFINITY),
                Configs.getDouble(c, "negative_slope", 0.0),
                Configs.getDouble(c, "threshold", 0.0));
    }
}
