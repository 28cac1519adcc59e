package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.ops.Pooling.Pool2dOptions;
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

    @Override
    protected int[] computeOutputShape(int[] s) {
        return new int[] {
            s[0],
            SlidingWindows.outLength(s[1], poolSize[0], strides[0], 1, padding, 2, 0),
            SlidingWindows.outLength(s[2], poolSize[1], strides[1], 1, padding, 2, 1),
            s[3]
        };
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
        return m;
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
