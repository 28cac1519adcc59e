package dev.synapse.nn.layers;

import dev.synapse.tensor.Generator;
import java.util.List;
import java.util.Map;

/**
 * Zooms each image about its centre by a random factor, in training only
 * ({@code keras.layers.RandomZoom}). As in Keras, a positive factor zooms out (the content shrinks)
 * and a negative one zooms in: {@code 0.2} draws from {@code [-20%, +20%]}. Without a width factor
 * the same draw is used for both axes, keeping the aspect ratio.
 */
public class RandomZoom extends ImageAugmentation {
    private final double[] heightFactor;
    private final double[] widthFactor;

    /** Zoom within {@code [-factor, factor]} on both axes together. */
    public RandomZoom(double factor) {
        this(new double[] {-Math.abs(factor), Math.abs(factor)}, null, FillOptions.DEFAULT);
    }

    /** Ranges {@code {lower, upper}}; {@code widthFactor} null keeps the aspect ratio. */
    public RandomZoom(double[] heightFactor, double[] widthFactor, FillOptions options) {
        super(options);
        if (heightFactor[0] <= -1 || (widthFactor != null && widthFactor[0] <= -1)) {
            throw new IllegalArgumentException("RandomZoom: factors must be greater than -1");
        }
        this.heightFactor = heightFactor.clone();
        this.widthFactor = widthFactor == null ? null : widthFactor.clone();
    }

    @Override
    protected double[] drawTransform(int h, int w, Generator g) {
        double zy = 1 + uniform(g, heightFactor[0], heightFactor[1]);
        double zx = widthFactor == null ? zy : 1 + uniform(g, widthFactor[0], widthFactor[1]);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        return new double[] {zx, 0, cx - zx * cx, 0, zy, cy - zy * cy};
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("height_factor", List.of(heightFactor[0], heightFactor[1]));
        m.put("width_factor", widthFactor == null ? null : List.of(widthFactor[0], widthFactor[1]));
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static RandomZoom fromConfig(Map<String, Object> c) {
        Object wf = c.get("width_factor");
        return new RandomZoom(
                RandomRotation.doubles(c.get("height_factor")),
                wf == null ? null : RandomRotation.doubles(wf),
                FillOptions.fromConfig(c));
    }
}
