package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.ops.Pooling;
import dev.synapse.ops.Pooling.Pool1dOptions;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Average pooling over windows of sequences {@code [batch, steps, channels]}
 * ({@code keras.layers.AveragePooling1D}; PyTorch's {@code nn.AvgPool1d}). Defaults: window 2, stride 2, "valid".
 */
public class AveragePooling1D extends Pooling1DBase {
    private final boolean countIncludePad;

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
        this(poolSize, stride, Padding.of(SlidingWindows.padding(padding, false)), false);
    }

    /**
     * Explicit padding per side, as PyTorch's {@code padding=}, and whether padded cells count in each window's
     * divisor: PyTorch's {@code count_include_pad}, which defaults to true there; Keras's "same" excludes them,
     * as the other constructors do. {@code new AveragePooling1D(3, 2, Padding.explicit1d(1, 1), true)} is {@code nn.AvgPool1d(3, stride=2, padding=1)}.
     */
    public AveragePooling1D(int poolSize, int stride, Padding padding, boolean countIncludePad) {
        super(poolSize, stride, padding);
        this.countIncludePad = countIncludePad;
    }

    /** Whether padded cells count in the divisor (PyTorch's {@code count_include_pad}). */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    @Override
    protected Pool1dOptions options() {
        return super.options().withCountIncludePad(countIncludePad);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("count_include_pad", countIncludePad);
        return m;
    }

    @Override
    protected Tensor poolChannelsLast(Tensor x, Pool1dOptions options) {
        return Pooling.avgPool1d(x, options);
    }

    /** Rebuilds the layer from its config. */
    public static AveragePooling1D fromConfig(Map<String, Object> c) {
        return withDataFormat(
                new AveragePooling1D(
                        pool(c), strides(c), padding(c), Configs.getBoolean(c, "count_include_pad", false)),
                c);
    }
}
