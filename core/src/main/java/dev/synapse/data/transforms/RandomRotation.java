package dev.synapse.data.transforms;

import dev.synapse.tensor.Tensor;

/**
 * Rotates a picture about its centre by a random angle: Keras's {@code RandomRotation(factor)}, with
 * the factor a fraction of a full turn, so {@code (-0.05, 0.05)} draws an angle in
 * {@code [-18, 18]} degrees. Bilinear interpolation; pixels from outside follow the {@link FillMode}.
 */
public final class RandomRotation implements Transform {
    private final RandomWarp warp;

    /** Angles drawn uniformly in {@code [lower, upper]} turns, reflect fill (Keras's defaults). */
    public RandomRotation(double lower, double upper) {
        this(lower, upper, FillMode.REFLECT, 0f);
    }

    /** Angles drawn in {@code [lower, upper]} turns, with the given fill. */
    public RandomRotation(double lower, double upper, FillMode fillMode, float fillValue) {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("RandomRotation: lower " + lower + " must not exceed upper " + upper);
        }
        this.warp = new RandomWarp(lower, upper, fillMode, fillValue);
    }

    @Override
    public Tensor apply(Tensor x) {
        Image img = Image.of(x, "RandomRotation");
        double turn = warp.draw(0);
        double theta = turn * 2 * Math.PI;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double cx = (img.width() - 1) / 2.0;
        double cy = (img.height() - 1) / 2.0;
        // Output -> input is the inverse rotation about the centre.
        double a = cos;
        double b = sin;
        double d = -sin;
        double e = cos;
        double c = cx - a * cx - b * cy;
        double f = cy - d * cx - e * cy;
        return warp.warp(img, a, b, c, d, e, f);
    }
}
