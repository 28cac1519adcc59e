package dev.synapse.nn.layers;

import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * The global pooling layers' common part: reduce every spatial axis of a channels-last input
 * ({@code [batch, ..., channels]}) to one value per channel, dropping those axes or, with
 * {@code keepdims}, keeping them as size 1.
 */
abstract class GlobalPooling extends Layer {
    private final boolean keepdims;
    private DataFormat dataFormat = DataFormat.CHANNELS_LAST;

    /** @param rank the input rank: 3 for sequences, 4 for images */
    GlobalPooling(boolean keepdims, int rank) {
        this.keepdims = keepdims;
        setInputSpec(InputSpec.ndim(rank));
    }

    /**
     * Keras's {@code data_format}: {@code "channels_first"} takes PyTorch's {@code [batch, channels, ...]} (and with
     * {@code keepdims} gives that layout back); {@code "channels_last"} is the default. Set before the layer is first
     * used; returns this layer.
     */
    public Layer withDataFormat(String format) {
        if (isBuilt()) {
            throw new IllegalStateException(name() + ": the data format is set before the layer is first used");
        }
        this.dataFormat = DataFormat.of(name(), format);
        return this;
    }

    /** {@code layer} with the config's data format (channels-last when absent). */
    static <T extends GlobalPooling> T withDataFormat(T layer, Map<String, Object> c) {
        layer.withDataFormat(dev.synapse.nn.Configs.getString(c, "data_format", "channels_last"));
        return layer;
    }

    /** The pooled channels-last tensor, spatial axes kept as size 1. */
    abstract Tensor poolKeepingDims(Tensor x);

    @Override
    protected int[] computeOutputShape(int[] given) {
        int[] s = dataFormat.shapeToLast(given);
        if (!keepdims) {
            return new int[] {s[0], s[s.length - 1]};
        }
        int[] out = s.clone();
        for (int i = 1; i < s.length - 1; i++) {
            out[i] = 1;
        }
        return dataFormat.shapeFromLast(out);
    }

    @Override
    protected Tensor call(Tensor given, boolean training) {
        Tensor x = dataFormat.toLast(given);
        Tensor pooled = poolKeepingDims(x);
        return keepdims ? dataFormat.fromLast(pooled) : pooled.reshape(x.dim(0), x.dim(-1));
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("keepdims", keepdims);
        m.put("data_format", dataFormat.keras());
        return m;
    }
}
