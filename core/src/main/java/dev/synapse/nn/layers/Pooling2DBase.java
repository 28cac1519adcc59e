package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.ops.Pooling.Pool2dOptions;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Window, strides and padding of {@link MaxPooling2D} and {@link AveragePooling2D} over {@code [batch, h, w, c]}.
 * Padding is Keras's {@code "valid"}/{@code "same"} or explicit per side as PyTorch's {@code padding=}, each side
 * smaller than the window; the config writes explicit padding as {@code [[top, bottom], [left, right]]}.
 * {@link #withCeilMode} rounds output sizes up as PyTorch's {@code ceil_mode=True}.
 */
public abstract class Pooling2DBase extends Layer {
    protected final int[] poolSize;
    protected final int[] strides;
    protected final Padding padding;
    private DataFormat dataFormat = DataFormat.CHANNELS_LAST;
    private boolean ceilMode;

    /** {@code strides} null means the pool size, as Keras. */
    protected Pooling2DBase(int[] poolSize, int[] strides, String padding) {
        this(poolSize, strides, Padding.of(SlidingWindows.padding(padding, false)));
    }

    /** {@code strides} null means the pool size, as Keras; explicit {@code padding} as PyTorch's. */
    protected Pooling2DBase(int[] poolSize, int[] strides, Padding padding) {
        super(InputSpec.ndim(4));
        this.poolSize = SlidingWindows.expand("pool size", poolSize, 2);
        this.strides = strides == null ? this.poolSize.clone() : SlidingWindows.expand("strides", strides, 2);
        this.padding = SlidingWindows.padding("pooling", padding, 2, false);
        if (padding.kind() == Padding.Kind.EXPLICIT
                && (padding.top() >= this.poolSize[0]
                        || padding.bottom() >= this.poolSize[0]
                        || padding.left() >= this.poolSize[1]
                        || padding.right() >= this.poolSize[1])) {
            throw new IllegalArgumentException("pooling: padding " + SlidingWindows.paddingConfig(padding, 2)
                    + " must be smaller than the window " + java.util.Arrays.toString(this.poolSize) + " on each side");
        }
    }

    /**
     * Keras's {@code data_format}: {@code "channels_first"} takes and gives PyTorch's {@code [batch, channels, h, w]}
     * (computed by permuting to channels-last and back); {@code "channels_last"} is the default. Set before the
     * layer is first used; returns this layer.
     */
    public Pooling2DBase withDataFormat(String format) {
        if (isBuilt()) {
            throw new IllegalStateException(name() + ": the data format is set before the layer is first used");
        }
        this.dataFormat = DataFormat.of(name(), format);
        return this;
    }

    /**
     * PyTorch's {@code ceil_mode}: {@code true} rounds each output size up, so the last window may hang over the end
     * of the (padded) input and is pooled over the cells it covers ({@code nn.MaxPool2d(2, ceil_mode=True)} turns 5
     * rows into 3); Keras has no such option. Valid or explicit padding only ("same" already rounds up). Set before
     * the layer is first used; returns this layer.
     */
    public Pooling2DBase withCeilMode(boolean ceil) {
        if (isBuilt()) {
            throw new IllegalStateException(name() + ": ceil mode is set before the layer is first used");
        }
        if (ceil && padding.kind() == Padding.Kind.SAME) {
            throw new IllegalArgumentException(name() + ": ceil mode takes valid or explicit padding, got \"same\"");
        }
        this.ceilMode = ceil;
        return this;
    }

    /** Whether output sizes round up (PyTorch's {@code ceil_mode}). */
    public boolean ceilMode() {
        return ceilMode;
    }

    /** The pooling of a channels-last input with {@code options} (this layer's, or widened for ceil mode). */
    protected abstract Tensor poolChannelsLast(Tensor x, Pool2dOptions options);

    @Override
    protected final Tensor call(Tensor given, boolean training) {
        Tensor x = dataFormat.toLast(given);
        Pool2dOptions o = options();
        if (!ceilMode) {
            return dataFormat.fromLast(poolChannelsLast(x, o));
        }
        int h = x.dim(1);
        int w = x.dim(2);
        int extraH = CeilModeWindows.overhang(h, poolSize[0], strides[0], padding.top(), padding.bottom());
        int extraW = CeilModeWindows.overhang(w, poolSize[1], strides[1], padding.left(), padding.right());
        Padding widened =
                Padding.explicit(padding.top(), padding.bottom() + extraH, padding.left(), padding.right() + extraW);
        Tensor y = poolChannelsLast(x, o.withPadding(widened));
        if (o.countIncludePad() && (extraH > 0 || extraW > 0)) {
            y = y.mul(CeilModeWindows.rescale2d(
                    CeilModeWindows.rescale(h, poolSize[0], strides[0], padding.top(), padding.bottom()),
                    CeilModeWindows.rescale(w, poolSize[1], strides[1], padding.left(), padding.right()),
                    y));
        }
        return dataFormat.fromLast(y);
    }

    @Override
    protected int[] computeOutputShape(int[] given) {
        int[] s = dataFormat.shapeToLast(given);
        return dataFormat.shapeFromLast(new int[] {
            s[0],
            ceilMode
                    ? CeilModeWindows.outLength(s[1], poolSize[0], strides[0], padding.top(), padding.bottom())
                    : SlidingWindows.outLength(s[1], poolSize[0], strides[0], 1, padding, 2, 0),
            ceilMode
                    ? CeilModeWindows.outLength(s[2], poolSize[1], strides[1], padding.left(), padding.right())
                    : SlidingWindows.outLength(s[2], poolSize[1], strides[1], 1, padding, 2, 1),
            s[3]
        });
    }

    /** The ops' options for this window. */
    protected Pool2dOptions options() {
        return new Pool2dOptions(poolSize[0], poolSize[1], strides[0], strides[1], padding, false);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("pool_size", SlidingWindows.list(poolSize));
        m.put("strides", SlidingWindows.list(strides));
        m.put("padding", SlidingWindows.paddingConfig(padding, 2));
        m.put("data_format", dataFormat.keras());
        m.put("ceil_mode", ceilMode);
        return m;
    }

    /** {@code layer} with the config's data format (channels-last when absent) and ceil mode (off when absent). */
    static <T extends Pooling2DBase> T withDataFormat(T layer, Map<String, Object> c) {
        layer.withDataFormat(Configs.getString(c, "data_format", "channels_last"));
        layer.withCeilMode(Configs.getBoolean(c, "ceil_mode", false));
        return layer;
    }

    static int[] pool(Map<String, Object> c) {
        return Configs.getIntArray(c, "pool_size");
    }

    static Padding padding(Map<String, Object> c) {
        return SlidingWindows.paddingFromConfig("pooling", c.get("padding"), 2, false);
    }

    static int[] strides(Map<String, Object> c) {
        return c.get("strides") == null ? null : Configs.getIntArray(c, "strides");
    }
}
