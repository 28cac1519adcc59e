package dev.synapse.data.transforms;

import dev.synapse.data.SampleRandom;
import dev.synapse.tensor.Tensor;

/**
 * What a random rotation and a random zoom share: one factor drawn uniformly in {@code [lower, upper]}
 * per sample, and the fill of an affine warp for pixels from outside the picture.
 */
record RandomWarp(double lower, double upper, FillMode fillMode, float fillValue) {

    /** {@code offset} plus this sample's factor, drawn from the sample's own generator. */
    double draw(double offset) {
        return offset + lower + (upper - lower) * SampleRandom.current().nextDouble();
    }

    /** {@code img} warped by the output-to-input map {@code (a x + b y + c, d x + e y + f)}. */
    Tensor warp(Image img, double a, double b, double c, double d, double e, double f) {
        return img.toTensor(AffineWarp.warp(img, a, b, c, d, e, f, fillMode, fillValue));
    }
}
