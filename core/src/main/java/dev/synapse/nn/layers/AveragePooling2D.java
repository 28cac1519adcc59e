package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.ops.Pooling;
import dev.synapse.ops.Pooling.Pool2dOptions;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Average pooling over windows of channels-last images ({@code keras.layers.AveragePooling2D};
 * PyTorch's {@code nn.AvgPool2d}). Defaults: a 2x2 window, strides equal to the window, "valid" padding.
 */
public class AveragePooling2D extends Pooling2DBase {
    private final boolean countIncludePad;

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
        this(poolSize, strides, Padding.of(SlidingWindows.padding(padding, false)), false);
    }

    /**
     * Explicit padding per side, as PyTorch's {@code padding=}, and whether padded cells count in each window's
     * divisor: PyTorch's {@code count_include_pad}, which defaults to true there; Keras's "same" excludes them,
     * as the other constructors do. {@code new AveragePooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1), true)} is {@code nn.AvgPool2d(3, stride=2, padding=1)}.
     */
    public AveragePooling2D(int[] poolSize, int[] strides, Padding padding, boolean countIncludePad) {
        super(poolSize, strides, padding);
        this.countIncludePad = countIncludePad;
    }

    /** Whether padded cells count in the divisor (PyTorch's {@code count_include_pad}). */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    @Override
    protected Pool2dOptions options() {
        return super.options().withCountIncludePad(countIncludePad);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("count_include_pad", countIncludePad);
        return m;
    }

    @Override
    protected Tensor poolChannelsLast(Tensor x, Pool2dOptions options) {
        return Pooling.avgPool2d(x, options);
    }

    /** Rebuilds the layer from its config. */
    public static AveragePooling2D fromConfig(Map<String, Object> c) {
        return withDataFormat(
                new AveragePooling2D(
                        pool(c), strides(c), padding(c), Configs.getBoolean(c, "count_include_pad", false)),
                c);
    }
}
