package dev.synapse.nn.layers;

import dev.synapse.tensor.Generator;
import java.util.List;
import java.util.Map;

/**
 * Shifts each image by a random fraction of its height and width, in training only
 * ({@code keras.layers.RandomTranslation}; torchvision's {@code RandomAffine(translate=...)}).
 * {@code (-0.05, 0.05)} shifts by up to 5% either way.
 */
public class RandomTranslation extends ImageAugmentation {
    private final double[] heightFactor;
    private final double[] widthFactor;

    /** Shifts up to {@code heightFactor} and {@code widthFactor} of the size, either way. */
    public RandomTranslation(double heightFactor, double widthFactor) {
        this(
                new double[] {-Math.abs(heightFactor), Math.abs(heightFactor)},
                new double[] {-Math.abs(widthFactor), Math.abs(widthFactor)},
                FillOptions.DEFAULT);
    }

    /** Ranges {@code {lower, upper}} as fractions of height and width, with sampling options. */
    public RandomTranslation(double[] heightFactor, double[] widthFactor, FillOptions options) {
        super(options);
        this.heightFactor = heightFactor.clone();
        this.widthFactor = widthFactor.clone();
    }

    @Override
    protected double[] drawTransform(int h, int w, Generator g) {
        double dy = uniform(g, heightFactor[0], heightFactor[1]) * h;
        double dx = uniform(g, widthFactor[0], widthFactor[1]) * w;
        return new double[] {1, 0, -dx, 0, 1, -dy};
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("height_factor", List.of(heightFactor[0], heightFactor[1]));
        m.put("width_factor", List.of(widthFactor[0], widthFactor[1]));
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static RandomTranslation fromConfig(Map<String, Object> c) {
        return new RandomTranslation(
                RandomRotation.doubles(c.get("height_factor")),
                RandomRotation.doubles(c.get("width_factor")),
                FillOptions.fromConfig(c));
    }
}
