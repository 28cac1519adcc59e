package dev.synapse.data.transforms;

import dev.synapse.tensor.Tensor;

/**
 * Zooms a picture about its centre by a random factor: Keras's {@code RandomZoom(height_factor)}
 * with the aspect ratio kept. A factor {@code z} drawn in {@code [lower, upper]} scales the sampled
 * region by {@code 1 + z}: positive values zoom out (the content shrinks), negative values zoom in.
 */
public final class RandomZoom implements Transform {
    private final RandomWarp warp;

    /** Factors drawn in {@code [lower, upper]}, each above -1; reflect fill. */
    public RandomZoom(double lower, double upper) {
        this(lower, upper, FillMode.REFLECT, 0f);
    }

    /** Factors drawn in {@code [lower, upper]}, with the given fill. */
    public RandomZoom(double lower, double upper, FillMode fillMode, float fillValue) {
        if (!(lower <= upper) || lower <= -1) {
            throw new IllegalArgumentException(
                    "RandomZoom: need -1 < lower <= upper, got [" + lower + ", " + upper + "]");
        }
        this.warp = new RandomWarp(lower, upper, fillMode, fillValue);
    }

    @Override
    public Tensor apply(Tensor x) {
        Image img = Image.of(x, "RandomZoom");
        double s = warp.draw(1);
        double cx = (img.width() - 1) / 2.0;
        double cy = (img.height() - 1) / 2.0;
        return warp.warp(img, s, 0, cx - s * cx, 0, s, cy - s * cy);
    }
}
