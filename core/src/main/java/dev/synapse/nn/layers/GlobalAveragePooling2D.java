package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.ops.Pooling;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Mean over height and width of {@code [batch, h, w, channels]}, giving {@code [batch, channels]}
 * ({@code keras.layers.GlobalAveragePooling2D}); with {@code keepdims} the pooled axes stay as size 1.
 */
public class GlobalAveragePooling2D extends GlobalPooling {
    /** Without keeping the pooled axes. */
    public GlobalAveragePooling2D() {
        this(false);
    }

    /** {@code keepdims} keeps the pooled axes as size 1. */
    public GlobalAveragePooling2D(boolean keepdims) {
        super(keepdims, 4);
    }

    @Override
    Tensor poolKeepingDims(Tensor x) {
        return Pooling.globalAvgPool2d(x, true);
    }

    /** Rebuilds the layer from its config. */
    public static GlobalAveragePooling2D fromConfig(Map<String, Object> c) {
        return withDataFormat(new GlobalAveragePooling2D(Configs.getBoolean(c, "keepdims", false)), c);
    }
}
