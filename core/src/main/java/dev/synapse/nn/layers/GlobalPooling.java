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

    /** @param rank the input rank: 3 for sequences, 4 for images */
    GlobalPooling(boolean keepdims, int rank) {
        this.keepdims = keepdims;
        setInputSpec(InputSpec.ndim(rank));
    }

    /** The pooled tensor, spatial axes kept as size 1. */
    abstract Tensor poolKeepingDims(Tensor x);

    @Override
    protected int[] computeOutputShape(int[] s) {
        if (!keepdims) {
            return new int[] {s[0], s[s.length - 1]};
        }
        int[] out = s.clone();
        for (int i = 1; i < s.length - 1; i++) {
            out[i] = 1;
        }
        return out;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor pooled = poolKeepingDims(x);
        return keepdims ? pooled : pooled.reshape(x.dim(0), x.dim(-1));
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("keepdims", keepdims);
        return m;
    }
}
