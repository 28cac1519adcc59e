package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.ops.Pooling;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Mean over height and width of {@code [batch, h, w, channels]}, giving {@code [batch, channels]} ({@code keras.layers.GlobalAveragePooling2D}); with
 * {@code keepdims} the pooled axes stay as size 1.
 */
public class GlobalAveragePooling2D extends Layer {
    private final boolean keepdims;

    /** Without keeping the pooled axes. */
    public GlobalAveragePooling2D() {
        this(false);
    }

    /** {@code keepdims} keeps the pooled axes as size 1. */
    public GlobalAveragePooling2D(boolean keepdims) {
        this.keepdims = keepdims;
        setInputSpec(InputSpec.ndim(4));
    }

    @Override
    protected int[] computeOutputShape(int[] s) {
        return keepdims ? new int[] {s[0], 1, 1, s[3]} : new int[] {s[0], s[s.length - 1]};
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return keepdims ? Pooling.globalAvgPool2d(x, true) : Pooling.globalAvgPool2d(x);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("keepdims", keepdims);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static GlobalAveragePooling2D fromConfig(Map<String, Object> c) {
        return new GlobalAveragePooling2D(Configs.getBoolean(c, "keepdims", false));
    }
}
