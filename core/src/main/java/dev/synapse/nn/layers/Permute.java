package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Reorders the non-batch axes ({@code keras.layers.Permute}); {@code dims} count from 1, as in Keras:
 * {@code new Permute(2, 1)} swaps the two axes of {@code [batch, a, b]}.
 */
public class Permute extends Layer {
    private final int[] dims;

    /** The new order of axes 1..n. */
    public Permute(int... dims) {
        super(InputSpec.ndim(dims.length + 1));
        boolean[] seen = new boolean[dims.length + 1];
        for (int d : dims) {
            if (d < 1 || d > dims.length || seen[d]) {
                throw new IllegalArgumentException("Permute: dims must be a permutation of 1.." + dims.length + ", got "
                        + java.util.Arrays.toString(dims));
            }
            seen[d] = true;
        }
        this.dims = dims.clone();
    }

    @Override
    protected int[] computeOutputShape(int[] s) {
        int[] out = new int[s.length];
        out[0] = s[0];
        for (int i = 0; i < dims.length; i++) {
            out[i + 1] = s[dims[i]];
        }
        return out;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int[] axes = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            axes[i + 1] = dims[i];
        }
        return x.permute(axes);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("dims", Configs.intList(dims));
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static Permute fromConfig(Map<String, Object> c) {
        return new Permute(Configs.getIntArray(c, "dims"));
    }
}
