package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Adds zero-mean normal noise during training only; the identity in inference
 * ({@code keras.layers.GaussianNoise}). Draws come from the global generator, or from the layer's
 * own when a seed is given.
 */
public class GaussianNoise extends Layer {
    private final double stddev;
    private final Long seed;
    private final Generator generator;

    /** Noise with standard deviation {@code stddev}, from the global generator. */
    public GaussianNoise(double stddev) {
        this(stddev, null);
    }

    /** Noise from a generator seeded with {@code seed} (null: the global one). */
    public GaussianNoise(double stddev, Long seed) {
        if (!(stddev >= 0)) {
            throw new IllegalArgumentException("GaussianNoise: stddev must be non-negative, got " + stddev);
        }
        this.stddev = stddev;
        this.seed = seed;
        this.generator = seed == null ? null : new Generator(seed);
    }

    @Override
    protected Generator ownGenerator() {
        return generator;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (!training || stddev == 0) {
            return x;
        }
        Generator g = generator == null ? Generator.defaultFor(x.device()) : generator;
        return x.add(Tensor.normal(0, stddev, g, x.device(), x.dims()).to(x.dtype()));
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("stddev", stddev);
        m.put("seed", seed);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static GaussianNoise fromConfig(Map<String, Object> c) {
        return new GaussianNoise(Configs.getDouble(c, "stddev"), Configs.getSeed(c, "seed"));
    }
}
