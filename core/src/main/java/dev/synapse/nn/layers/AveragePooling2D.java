package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.ops.Pooling;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Average pooling over windows of channels-last images ({@code keras.layers.AveragePooling2D};
 * PyTorch's {@code nn.AvgPool2d}). Defaults: a 2x2 window, strides equal to the window, "valid" padding.
 */
public class AveragePooling2D extends Pooling2DBase {
    /** A 2x2 window with stride 2. */
    public AveragePooling2D() {
        this(2);
    }

    /** A square window moved by its own size. */
    public AveragePooling2D(int poolSize) {
        this(new int[] {poolSize}, null, "valid");
    }

    /**
     * Pool size and strides (one value or height, width; strides null for the pool size), padding "valid" or "same".
     */
    public AveragePooling2D(int[] poolSize, int[] strides, String padding) {
        super(poolSize, strides, padding);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return Pooling.avgPool2d(x, options());
    }

    /** Rebuilds the layer from its config. */
    public static AveragePooling2D fromConfig(Map<String, Object> c) {
        return new AveragePooling2D(pool(c), strides(c), Configs.getString(c, "padding", "valid"));
    }
}
