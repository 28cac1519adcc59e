package dev.synapse.nn.layers;

import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerRegistry;
import dev.synapse.nn.Shapes;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Applies a layer to every time step of {@code [batch, steps, ...]} with the same weights
 * ({@code keras.layers.TimeDistributed}): the batch and step axes are merged, the layer applied,
 * and the axes split again.
 */
public class TimeDistributed extends Layer {
    private final Layer layer;

    /** Wraps {@code layer}. */
    @SuppressWarnings(
            "this-escape") // track is final in Layer and only records the child; javac cannot see it from here
    public TimeDistributed(Layer layer) {
        this.layer = track(layer);
    }

    /** The wrapped layer. */
    public Layer layer() {
        return layer;
    }

    private static int[] inner(int[] s) {
        int[] in = new int[s.length - 1];
        in[0] = s[0] < 0 || s[1] < 0 ? Shapes.UNKNOWN : s[0] * s[1];
        System.arraycopy(s, 2, in, 1, s.length - 2);
        return in;
    }

    @Override
    protected void build(int[] s) {
        if (s.length < 3) {
            throw error("expected input [batch, steps, ...] with at least 3 dimensions, got " + Shapes.format(s));
        }
        int[] in = inner(s);
        in[0] = Shapes.UNKNOWN;
        layer.outputShapes(List.of(in), dtype());
    }

    @Override
    protected int[] computeOutputShape(int[] s) {
        int[] in = inner(s);
        in[0] = Shapes.UNKNOWN;
        int[] out = layer.outputShapes(List.of(in), DType.FLOAT32).get(0);
        int[] result = new int[out.length + 1];
        result[0] = s[0];
        result[1] = s[1];
        System.arraycopy(out, 1, result, 2, out.length - 1);
        return result;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int b = x.dim(0);
        int t = x.dim(1);
        int[] in = x.dims();
        int[] merged = new int[in.length - 1];
        merged[0] = b * t;
        System.arraycopy(in, 2, merged, 1, in.length - 2);
        Tensor y = layer.apply(x.reshape(merged), training);
        int[] out = new int[y.rank() + 1];
        out[0] = b;
        out[1] = t;
        System.arraycopy(y.dims(), 1, out, 2, y.rank() - 1);
        return y.reshape(out);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("layer", LayerRegistry.serialize(layer));
        return m;
    }

    /** Rebuilds the wrapper (and a fresh inner layer) from its config. */
    @SuppressWarnings("unchecked")
    public static TimeDistributed fromConfig(Map<String, Object> c) {
        return new TimeDistributed(LayerRegistry.fromConfig((Map<String, Object>) c.get("layer")));
    }
}
