package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.ops.NN;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Zeroes each input element with probability {@code rate} during training and scales the rest by
 * {@code 1 / (1 - rate)}, so inference (the identity) sees the same expected values
 * ({@code keras.layers.Dropout}, {@code nn.Dropout}). Masks come from the global generator, or from
 * the layer's own when a seed is given. A noise shape with 1s shares the mask along those axes
 * (-1 keeps the input's size), as Keras's {@code noise_shape}.
 */
public class Dropout extends Layer {
    private final double rate;
    private final int[] noiseShape;
    private final Long seed;
    private final Generator generator;

    /** Drops with probability {@code rate}. */
    public Dropout(double rate) {
        this(rate, null, null);
    }

    /**
     * With a noise shape (batch axis included, -1 for the input's size; null for the input's shape) and a seed (null
     * for the global generator).
     */
    public Dropout(double rate, int[] noiseShape, Long seed) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.noiseShape = noiseShape == null ? null : noiseShape.clone();
        this.seed = seed;
        this.generator = seed == null ? null : new Generator(seed);
    }

    /** The drop probability. */
    public double rate() {
        return rate;
    }

    @Override
    protected Generator ownGenerator() {
        return generator;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0) {
            return x;
        }
        int[] shape = x.dims();
        if (noiseShape != null) {
            if (noiseShape.length != shape.length) {
                throw error("noise shape " + dev.synapse.nn.Shapes.format(noiseShape)
                        + " does not match the input's rank " + shape.length);
            }
            for (int i = 0; i < shape.length; i++) {
                if (noiseShape[i] >= 0) {
                    shape[i] = noiseShape[i];
                }
            }
        }
        return NN.dropout(x, rate, true, generator == null ? Generator.defaultFor(x.device()) : generator, shape);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("rate", rate);
        m.put("noise_shape", noiseShape == null ? null : Configs.intList(noiseShape));
        m.put("seed", seed);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static Dropout fromConfig(Map<String, Object> c) {
        Object ns = c.get("noise_shape");
        return new Dropout(
                Configs.getDouble(c, "rate"), ns == null ? null : Configs.toIntArray(ns), Configs.getSeed(c, "seed"));
    }
}
