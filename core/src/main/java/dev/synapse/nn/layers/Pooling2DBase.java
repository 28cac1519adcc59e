package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.ops.Pooling.Pool2dOptions;
import java.util.Map;

/** Window, strides and padding of {@link MaxPooling2D} and {@link AveragePooling2D} over {@code [batch, h, w, c]}. */
public abstract class Pooling2DBase extends Layer {
    protected final int[] poolSize;
    protected final int[] strides;
    protected final String padding;

    /** {@code strides} null means the pool size, as Keras. */
    protected Pooling2DBase(int[] poolSize, int[] strides, String padding) {
        super(InputSpec.ndim(4));
        this.poolSize = SlidingWindows.expand("pool size", poolSize, 2);
        this.strides = strides == null ? this.poolSize.clone() : SlidingWindows.expand("strides", strides, 2);
        this.padding = SlidingWindows.padding(padding, false);
    }

    @Override
    protected int[] computeOutputShape(int[] s) {
        return new int[] {
            s[0],
            SlidingWindows.outLength(s[1], poolSize[0], strides[0], 1, padding),
            SlidingWindows.outLength(s[2], poolSize[1], strides[1], 1, padding),
            s[3]
        };
    }

    /** The ops' options for this window. */
    protected Pool2dOptions options() {
        return new Pool2dOptions(poolSize[0], poolSize[1], strides[0], strides[1], Padding.of(padding), false);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("pool_size", SlidingWindows.list(poolSize));
        m.put("strides", SlidingWindows.list(strides));
        m.put("padding", padding);
        return m;
    }

    static int[] pool(Map<String, Object> c) {
        return Configs.getIntArray(c, "pool_size");
    }

    static int[] strides(Map<String, Object> c) {
        return c.get("strides") == null ? null : Configs.getIntArray(c, "strides");
    }
}
