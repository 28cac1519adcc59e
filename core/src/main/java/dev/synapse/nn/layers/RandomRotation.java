package dev.synapse.nn.layers;

import dev.synapse.tensor.Generator;
import java.util.List;
import java.util.Map;

/**
 * Rotates each image about its centre by a random angle, in training only
 * ({@code keras.layers.RandomRotation}; torchvision's {@code RandomRotation}). The factor is a
 * fraction of a full turn: {@code 0.05} draws angles in {@code [-0.05, 0.05] * 2 pi}.
 */
public class RandomRotation extends ImageAugmentation {
    private final double lower;
    private final double upper;

    /** Angles in {@code [-factor, factor]} turns. */
    public RandomRotation(double factor) {
        this(-Math.abs(factor), Math.abs(factor), FillOptions.DEFAULT);
    }

    /** Angles in {@code [lower, upper]} turns (Keras's {@code factor=(lower, upper)}), with sampling options. */
    public RandomRotation(double lower, double upper, FillOptions options) {
        super(options);
        if (lower > upper) {
            throw new IllegalArgumentException("RandomRotation: lower " + lower + " is greater than upper " + upper);
        }
        this.lower = lower;
        this.upper = upper;
    }

    @Override
    protected double[] drawTransform(int h, int w, Generator g) {
        double angle = uniform(g, lower, upper) * 2 * Math.PI;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        // Source = R(-angle) (output - centre) + centre: the output is the input turned by +angle.
        return new double[] {cos, sin, cx - cos * cx - sin * cy, -sin, cos, cy + sin * cx - cos * cy};
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("factor", List.of(lower, upper));
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static RandomRotation fromConfig(Map<String, Object> c) {
        double[] f = doubles(c.get("factor"));
        return new RandomRotation(f[0], f[1], FillOptions.fromConfig(c));
    }

    static double[] doubles(Object v) {
        if (v instanceof List<?> l) {
            return new double[] {((Number) l.get(0)).doubleValue(), ((Number) l.get(1)).doubleValue()};
        }
        double f = Math.abs(((Number) v).doubleValue());
        return new double[] {-f, f};
    }
}
