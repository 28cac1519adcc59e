package dev.synapse.backend;

/**
 * Geometry of a 2-D pooling window over channels-last input {@code [N, H, W, C]}.
 *
 * @param countIncludePad for average pooling: whether padded positions count in the divisor
 *                        (PyTorch's default) or not (Keras "same" padding)
 */
public record Pool2dSpec(
        int kernelH,
        int kernelW,
        int strideH,
        int strideW,
        int padTop,
        int padBottom,
        int padLeft,
        int padRight,
        boolean countIncludePad) {
    public Pool2dSpec {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("pool2d: kernel and strides must be at least 1, got " + this);
        }
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("pool2d: padding must not be negative, got " + this);
        }
    }

    /** Output height for input height {@code h}. */
    public int outHeight(int h) {
        return (h + padTop + padBottom - kernelH) / strideH + 1;
    }

    /** Output width for input width {@code w}. */
    public int outWidth(int w) {
        return (w + padLeft + padRight - kernelW) / strideW + 1;
    }
}
