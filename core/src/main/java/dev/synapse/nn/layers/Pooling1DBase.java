package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.ops.Pooling.Pool1dOptions;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Window, stride and padding of {@link MaxPooling1D} and {@link AveragePooling1D} over {@code [batch, steps, c]}.
 * Padding is Keras's {@code "valid"}/{@code "same"} or explicit left and right sizes as PyTorch's
 * {@code padding=}, each smaller than the window; the config writes explicit padding as {@code [[left, right]]}.
 * {@code withDataFormat("channels_first")} takes and gives PyTorch's {@code [batch, channels, steps]};
 * {@link #withCeilMode} rounds the output length up as PyTorch's {@code ceil_mode=True}.
 */
public abstract class Pooling1DBase extends Layer {
    protected final int poolSize;
    protected final int stride;
    protected final Padding padding;
    private DataFormat dataFormat = DataFormat.CHANNELS_LAST;
    private boolean ceilMode;

    /** {@code stride} 0 means the pool size, as Keras's {@code strides=None}. */
    protected Pooling1DBase(int poolSize, int stride, String padding) {
        this(poolSize, stride, Padding.of(SlidingWindows.padding(padding, false)));
    }

    /** {@code stride} 0 means the pool size; explicit {@code padding} ({@link Padding#explicit1d}) as PyTorch's. */
    protected Pooling1DBase(int poolSize, int stride, Padding padding) {
        super(InputSpec.ndim(3));
        if (poolSize < 1 || stride < 0) {
            throw new IllegalArgumentException("pooling: pool size must be at least 1 and stride not negative, got "
                    + poolSize + " and " + stride);
        }
        this.poolSize = poolSize;
        this.stride = stride == 0 ? poolSize : stride;
        this.padding = SlidingWindows.padding("pooling", padding, 1, false);
        if (padding.kind() == Padding.Kind.EXPLICIT && (padding.left() >= poolSize || padding.right() >= poolSize)) {
            throw new IllegalArgumentException("pooling: padding " + SlidingWindows.paddingConfig(padding, 1)
                    + " must be smaller than the window " + poolSize + " on each side");
        }
    }

    /**
     * Keras's {@code data_format}: {@code "channels_first"} takes and gives PyTorch's {@code [batch, channels, steps]}
     * ({@code nn.MaxPool1d}'s layout; computed by permuting to channels-last and back); {@code "channels_last"} is the
     * default. Set before the layer is first used; returns this layer.
     */
    public Pooling1DBase withDataFormat(String format) {
        if (isBuilt()) {
            throw new IllegalStateException(name() + ": the data format is set before the layer is first used");
        }
        this.dataFormat = DataFormat.of(name(), format);
        return this;
    }

    /**
     * PyTorch's {@code ceil_mode}: {@code true} rounds the output length up, so the last window may hang over the end
     * of the (padded) input and is pooled over the cells it covers ({@code nn.MaxPool1d(2, ceil_mode=True)} turns 5
     * steps into 3); Keras has no such option. Valid or explicit padding only ("same" already rounds up). Set before
     * the layer is first used; returns this layer.
     */
    public Pooling1DBase withCeilMode(boolean ceil) {
        if (isBuilt()) {
            throw new IllegalStateException(name() + ": ceil mode is set before the layer is first used");
        }
        if (ceil && padding.kind() == Padding.Kind.SAME) {
            throw new IllegalArgumentException(name() + ": ceil mode takes valid or explicit padding, got \"same\"");
        }
        this.ceilMode = ceil;
        return this;
    }

    /** Whether the output length rounds up (PyTorch's {@code ceil_mode}). */
    public boolean ceilMode() {
        return ceilMode;
    }

    /** The pooling of a channels-last input with {@code options} (this layer's, or widened for ceil mode). */
    protected abstract Tensor poolChannelsLast(Tensor x, Pool1dOptions options);

    @Override
    protected final Tensor call(Tensor given, boolean training) {
        Tensor x = dataFormat.toLast(given);
        Pool1dOptions o = options();
        if (!ceilMode) {
            return dataFormat.fromLast(poolChannelsLast(x, o));
        }
        int steps = x.dim(1);
        int extra = CeilModeWindows.overhang(steps, poolSize, stride, padding.left(), padding.right());
        Tensor y = poolChannelsLast(x, o.withPadding(Padding.explicit1d(padding.left(), padding.right() + extra)));
        if (o.countIncludePad() && extra > 0) {
            double[] f = CeilModeWindows.rescale(steps, poolSize, stride, padding.left(), padding.right());
            y = y.mul(CeilModeWindows.rescale2d(new double[] {1}, f, y).reshape(1, f.length, 1));
        }
        return dataFormat.fromLast(y);
    }

    @Override
    protected int[] computeOutputShape(int[] given) {
        int[] s = dataFormat.shapeToLast(given);
        int out = ceilMode
                ? CeilModeWindows.outLength(s[1], poolSize, stride, padding.left(), padding.right())
                : SlidingWindows.outLength(s[1], poolSize, stride, 1, padding, 1, 0);
        return dataFormat.shapeFromLast(new int[] {s[0], out, s[2]});
    }

    /** The ops' options for this window. */
    protected Pool1dOptions options() {
        return new Pool1dOptions(poolSize, stride, padding, false);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("pool_size", poolSize);
        m.put("strides", stride);
        m.put("padding", SlidingWindows.paddingConfig(padding, 1));
        m.put("data_format", dataFormat.keras());
        m.put("ceil_mode", ceilMode);
        return m;
    }

    /** {@code layer} with the config's data format (channels-last when absent) and ceil mode (off when absent). */
    static <T extends Pooling1DBase> T withDataFormat(T layer, Map<String, Object> c) {
        layer.withDataFormat(Configs.getString(c, "data_format", "channels_last"));
        layer.withCeilMode(Configs.getBoolean(c, "ceil_mode", false));
        return layer;
    }

    static int pool(Map<String, Object> c) {
        return Configs.getInt(c, "pool_size");
    }

    static Padding padding(Map<String, Object> c) {
        return SlidingWindows.paddingFromConfig("pooling", c.get("padding"), 1, false);
    }

    static int strides(Map<String, Object> c) {
        return Configs.getInt(c, "strides", 0);
    }
}
