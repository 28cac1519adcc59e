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
 */
public abstract class Pooling2DBase extends Layer {
    protected final int[] poolSize;
    protected final int[] strides;
    protected final Padding padding;
    private DataFormat dataFormat = DataFormat.CHANNELS_LAST;

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

    /** The pooling of a channels-last input. */
    protected abstract Tensor poolChannelsLast(Tensor x);

    @Override
    protected final Tensor call(Tensor x, boolean training) {
        return dataFormat.fromLast(poolChannelsLast(dataFormat.toLast(x)));
    }

    @Override
    protected int[] computeOutputShape(int[] given) {
        int[] s = dataFormat.shapeToLast(given);
        return dataFormat.shapeFromLast(new int[] {
            s[0],
            SlidingWindows.outLength(s[1], poolSize[0], strides[0], 1, padding, 2, 0),
            SlidingWindows.outLength(s[2], poolSize[1], strides[1], 1, padding, 2, 1),
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
        return m;
    }

    /** {@code layer} with the config's data format (channels-last when absent). */
    static <T extends Pooling2DBase> T withDataFormat(T layer, Map<String, Object> c) {
        layer.withDataFormat(Configs.getString(c, "data_format", "channels_last"));
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
