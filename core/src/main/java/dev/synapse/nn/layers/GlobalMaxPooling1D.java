package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.ops.Pooling;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Maximum over the steps of {@code [batch, steps, channels]}, giving {@code [batch, channels]}
 * ({@code keras.layers.GlobalMaxPooling1D}); with {@code keepdims} the pooled axes stay as size 1.
 */
public class GlobalMaxPooling1D extends GlobalPooling {
    /** Without keeping the pooled axes. */
    public GlobalMaxPooling1D() {
        this(false);
    }

    /** {@code keepdims} keeps the pooled axes as size 1. */
    public GlobalMaxPooling1D(boolean keepdims) {
        super(keepdims, 3);
    }

    @Override
    Tensor poolKeepingDims(Tensor x) {
        return Pooling.globalMaxPool1d(x).unsqueeze(1);
    }

    /** Rebuilds the layer from its config. */
    public static GlobalMaxPooling1D fromConfig(Map<String, Object> c) {
        return withDataFormat(new GlobalMaxPooling1D(Configs.getBoolean(c, "keepdims", false)), c);
    }
}
