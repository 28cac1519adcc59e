package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.ops.Pooling;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Average pooling over windows of sequences {@code [batch, steps, channels]}
 * ({@code keras.layers.AveragePooling1D}; PyTorch's {@code nn.AvgPool1d}). Defaults: window 2, stride 2, "valid".
 */
public class AveragePooling1D extends Pooling1DBase {
    /** Window 2, stride 2. */
    public AveragePooling1D() {
        this(2);
    }

    /** A window moved by its own size. */
    public AveragePooling1D(int poolSize) {
        this(poolSize, 0, "valid");
    }

    /** Window, stride (0 for the window) and padding ("valid" or "same"). */
    public AveragePooling1D(int poolSize, int stride, String padding) {
        super(poolSize, stride, padding);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return Pooling.avgPool1d(x, options());
    }

    /** Rebuilds the layer from its config. */
    public static AveragePooling1D fromConfig(Map<String, Object> c) {
        return new AveragePooling1D(pool(c), strides(c), Configs.getString(c, "padding", "valid"));
    }
}
