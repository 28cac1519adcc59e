package dev.synapse.nn.layers;

import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.ops.Pooling;
import dev.synapse.ops.Pooling.Pool1dOptions;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Max pooling over windows of sequences {@code [batch, steps, channels]}
 * ({@code keras.layers.MaxPooling1D}; PyTorch's {@code nn.MaxPool1d}). Defaults: window 2, stride 2, "valid".
 */
public class MaxPooling1D extends Pooling1DBase {
    /** Window 2, stride 2. */
    public MaxPooling1D() {
        this(2);
    }

    /** A window moved by its own size. */
    public MaxPooling1D(int poolSize) {
        this(poolSize, 0, "valid");
    }

    /** Window, stride (0 for the window) and padding ("valid" or "same"). */
    public MaxPooling1D(int poolSize, int stride, String padding) {
        super(poolSize, stride, padding);
    }

    /**
     * Explicit padding per side, as PyTorch's {@code padding=}: {@code new MaxPooling1D(3, 2, Padding.explicit1d(1, 1))} is {@code nn.MaxPool1d(3, stride=2, padding=1)}. Padded cells
     * are minus infinity, so they never win (a Keras {@code ZeroPadding} layer before the pooling would let a zero
     * beat negative inputs).
     */
    public MaxPooling1D(int poolSize, int stride, Padding padding) {
        super(poolSize, stride, padding);
    }

    @Override
    protected Tensor poolChannelsLast(Tensor x, Pool1dOptions options) {
        return Pooling.maxPool1d(x, options);
    }

    /** Rebuilds the layer from its config. */
    public static MaxPooling1D fromConfig(Map<String, Object> c) {
        return withDataFormat(new MaxPooling1D(pool(c), strides(c), padding(c)), c);
    }
}
