package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.ops.Pooling;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Maximum over the steps of {@code [batch, steps, channels]}, giving {@code [batch, channels]} ({@code keras.layers.GlobalMaxPooling1D}); with
 * {@code keepdims} the pooled axes stay as size 1.
 */
public class GlobalMaxPooling1D extends Layer {
    private final boolean keepdims;

    /** Without keeping the pooled axes. */
    public GlobalMaxPooling1D() {
        this(false);
    }

    /** {@code keepdims} keeps the pooled axes as size 1. */
    public GlobalMaxPooling1D(boolean keepdims) {
        this.keepdims = keepdims;
        setInputSpec(InputSpec.ndim(3));
    }

    @Override
    protected int[] computeOutputShape(int[] s) {
        return keepdims ? new int[] {s[0], 1, s[2]} : new int[] {s[0], s[s.length - 1]};
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return keepdims ? Pooling.globalMaxPool1d(x).unsqueeze(1) : Pooling.globalMaxPool1d(x);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("keepdims", keepdims);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static GlobalMaxPooling1D fromConfig(Map<String, Object> c) {
        return new GlobalMaxPooling1D(Configs.getBoolean(c, "keepdims", false));
    }
}
