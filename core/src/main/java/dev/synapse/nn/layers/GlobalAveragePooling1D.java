package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.ops.Pooling;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Mean over the steps of {@code [batch, steps, channels]}, giving {@code [batch, channels]}
 * ({@code keras.layers.GlobalAveragePooling1D}); with {@code keepdims} the pooled axes stay as size 1.
 */
public class GlobalAveragePooling1D extends GlobalPooling {
    /** Without keeping the pooled axes. */
    public GlobalAveragePooling1D() {
        this(false);
    }

    /** {@code keepdims} keeps the pooled axes as size 1. */
    public GlobalAveragePooling1D(boolean keepdims) {
        super(keepdims, 3);
    }

    @Override
    Tensor poolKeepingDims(Tensor x) {
        return Pooling.globalAvgPool1d(x).unsqueeze(1);
    }

    /** Rebuilds the layer from its config. */
    public static GlobalAveragePooling1D fromConfig(Map<String, Object> c) {
        return withDataFormat(new GlobalAveragePooling1D(Configs.getBoolean(c, "keepdims", false)), c);
    }
}
