package dev.synapse.backend;

/**
 * Geometry of a 2-D convolution in channels-last layout: input {@code [N, H, W, C]}, weights
 * {@code [KH, KW, C / groups, F]}, output {@code [N, OH, OW, F]}, as Keras lays them out.
 *
 * <p>Padding is explicit per side, so "same" padding with an even kernel (more at the bottom and
 * right, as TensorFlow does) is expressible.
 */
public record Conv2dSpec(
        int strideH,
        int strideW,
        int padTop,
        int padBottom,
        int padLeft,
        int padRight,
        int dilationH,
        int dilationW,
        int groups) {
    public Conv2dSpec {
        if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || groups < 1) {
            throw new IllegalArgumentException("conv2d: strides, dilations and groups must be at least 1, got " + this);
        }
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("conv2d: padding must not be negative, got " + this);
        }
    }

    /** Output height for input height {@code h} and kernel height {@code kh}. */
    public int outHeight(int h, int kh) {
        return (h + padTop + padBottom - dilationH * (kh - 1) - 1) / strideH + 1;
    }

    /** Output width for input width {@code w} and kernel width {@code kw}. */
    public int outWidth(int w, int kw) {
        return (w + padLeft + padRight - dilationW * (kw - 1) - 1) / strideW + 1;
    }
}
