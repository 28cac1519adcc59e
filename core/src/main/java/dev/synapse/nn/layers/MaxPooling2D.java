package dev.synapse.nn.layers;

import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.ops.Pooling;
import dev.synapse.ops.Pooling.Pool2dOptions;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Max pooling over windows of channels-last images ({@code keras.layers.MaxPooling2D};
 * PyTorch's {@code nn.MaxPool2d}). Defaults: a 2x2 window, strides equal to the window, "valid" padding.
 */
public class MaxPooling2D extends Pooling2DBase {
    /** A 2x2 window with stride 2. */
    public MaxPooling2D() {
        this(2);
    }

    /** A square window moved by its own size. */
    public MaxPooling2D(int poolSize) {
        this(new int[] {poolSize}, null, "valid");
    }

    /**
     * Pool size and strides (one value or height, width; strides null for the pool size), padding "valid" or "same".
     */
    public MaxPooling2D(int[] poolSize, int[] strides, String padding) {
        super(poolSize, strides, padding);
    }

    /**
     * Explicit padding per side, as PyTorch's {@code padding=}: {@code new MaxPooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1))} is {@code nn.MaxPool2d(3, stride=2, padding=1)}. Padded cells
     * are minus infinity, so they never win (a Keras {@code ZeroPadding} layer before the pooling would let a zero
     * beat negative inputs).
     */
    public MaxPooling2D(int[] poolSize, int[] strides, Padding padding) {
        super(poolSize, strides, padding);
    }

    @Override
    protected Tensor poolChannelsLast(Tensor x, Pool2dOptions options) {
        return Pooling.maxPool2d(x, options);
    }

    /** Rebuilds the layer from its config. */
    public static MaxPooling2D fromConfig(Map<String, Object> c) {
        return withDataFormat(new MaxPooling2D(pool(c), strides(c), padding(c)), c);
    }
}
