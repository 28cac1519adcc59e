package dev.synapse.data.transforms;

import dev.synapse.data.SampleRandom;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;

/**
 * Shifts a picture by a random offset: Keras's {@code RandomTranslation(height_factor, width_factor)},
 * each factor a fraction of the height or width ({@code 0.1} draws shifts in {@code [-10%, +10%]}).
 * Positive shifts move the content down and right.
 */
public final class RandomTranslation implements Transform {
    private final double hLower;
    private final double hUpper;
    private final double wLower;
    private final double wUpper;
    private final FillMode fillMode;
    private final float fillValue;

    /** Symmetric ranges {@code [-heightFactor, heightFactor]} and {@code [-widthFactor, widthFactor]}, reflect fill. */
    public RandomTranslation(double heightFactor, double widthFactor) {
        this(-heightFactor, heightFactor, -widthFactor, widthFactor, FillMode.REFLECT, 0f);
    }

    /** Explicit ranges as fractions of the height and the width, with the given fill. */
    public RandomTranslation(
            double heightLower,
            double heightUpper,
            double widthLower,
            double widthUpper,
            FillMode fillMode,
            float fillValue) {
        if (!(heightLower <= heightUpper) || !(widthLower <= widthUpper)) {
            throw new IllegalArgumentException("RandomTranslation: each lower bound must not exceed its upper bound");
        }
        this.hLower = heightLower;
        this.hUpper = heightUpper;
        this.wLower = widthLower;
        this.wUpper = widthUpper;
        this.fillMode = fillMode;
        this.fillValue = fillValue;
    }

    @Override
    public Tensor apply(Tensor x) {
        Image img = Image.of(x, "RandomTranslation");
        Generator g = SampleRandom.current();
        double dy = (hLower + (hUpper - hLower) * g.nextDouble()) * img.height();
        double dx = (wLower + (wUpper - wLower) * g.nextDouble()) * img.width();
        return img.toTensor(AffineWarp.warp(img, 1, 0, -dx, 0, 1, -dy, fillMode, fillValue));
    }
}
