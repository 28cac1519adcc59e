package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerRegistry;
import dev.synapse.ops.ShapeOps;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a recurrent layer forwards and a copy of it backwards over the sequence and merges the two
 * outputs ({@code keras.layers.Bidirectional}; PyTorch's {@code bidirectional=True}). The wrapped
 * layer becomes {@code forward_<name>}; the copy, {@code backward_<name>}, is made from its config
 * with {@code go_backwards} flipped and has its own weights. With {@code returnSequences} the
 * backward outputs are put back in time order before merging. Merge modes: {@code "concat"}
 * (default), {@code "sum"}, {@code "mul"}, {@code "ave"}. With {@code returnState} the forward
 * then backward states follow the output.
 */
public class Bidirectional extends Layer {
    private final BaseRNN forward;
    private final BaseRNN backward;
    private final String mergeMode;

    /** Concatenates the two directions. */
    public Bidirectional(BaseRNN layer) {
        this(layer, "concat");
    }

    /** With the given merge mode. */
    @SuppressWarnings(
            "this-escape") // track is final in Layer and only records the child; javac cannot see it from here
    public Bidirectional(BaseRNN layer, String mergeMode) {
        this.mergeMode = mergeMode.toLowerCase(Locale.ROOT);
        if (!List.of("concat", "sum", "mul", "ave").contains(this.mergeMode)) {
            throw new IllegalArgumentException(
                    "Bidirectional: merge mode must be concat, sum, mul or ave, got \"" + mergeMode + "\"");
        }
        if (layer.isBuilt()) {
            throw new IllegalArgumentException("Bidirectional: wrap a recurrent layer that has not been built yet");
        }
        String base = layer.name();
        Map<String, Object> c = new LinkedHashMap<>(layer.getConfig());
        c.put("go_backwards", !Configs.getBoolean(c, "go_backwards", false));
        c.put("name", "backward_" + base);
        this.backward = (BaseRNN) LayerRegistry.fromConfig(layer.className(), c);
        layer.named("forward_" + base);
        this.forward = layer;
        track(forward);
        track(backward);
    }

    /** The forward layer. */
    public BaseRNN forwardLayer() {
        return forward;
    }

    /** The backward layer. */
    public BaseRNN backwardLayer() {
        return backward;
    }

    @Override
    protected void build(List<int[]> shapes) {
        forward.outputShapes(List.of(shapes.get(0)), dtype());
        backward.outputShapes(List.of(shapes.get(0)), dtype());
    }

    @Override
    protected List<int[]> computeOutputShapes(List<int[]> shapes) {
        List<int[]> f = forward.outputShapes(List.of(shapes.get(0)), DType.FLOAT32);
        int[] out = f.get(0).clone();
        if (mergeMode.equals("concat")) {
            out[out.length - 1] *= 2;
        }
        List<int[]> result = new ArrayList<>();
        result.add(out);
        for (int k = 0; k < 2; k++) {
            result.addAll(f.subList(1, f.size()));
        }
        return result;
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        int states = forward.returnState() ? forward.stateCount() : 0;
        List<Tensor> fIn = new ArrayList<>(List.of(x));
        List<Tensor> bIn = new ArrayList<>(List.of(x));
        if (inputs.size() > 1) {
            int n = (inputs.size() - 1) / 2;
            fIn.addAll(inputs.subList(1, 1 + n));
            bIn.addAll(inputs.subList(1 + n, inputs.size()));
        }
        List<Tensor> f = forward.applyAll(fIn, training);
        List<Tensor> b = backward.applyAll(bIn, training);
        Tensor yf = f.get(0);
        Tensor yb = b.get(0);
        if (forward.returnSequences()) {
            yb = ShapeOps.flip(yb, 1);
        }
        Tensor merged = switch (mergeMode) {
            case "concat" -> ShapeOps.concat(-1, yf, yb);
            case "sum" -> yf.add(yb);
            case "mul" -> yf.mul(yb);
            default -> yf.add(yb).mul(0.5);
        };
        List<Tensor> out = new ArrayList<>();
        out.add(merged);
        if (states > 0) {
            out.addAll(f.subList(1, f.size()));
            out.addAll(b.subList(1, b.size()));
        }
        return out;
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("layer", LayerRegistry.serialize(forward));
        m.put("merge_mode", mergeMode);
        return m;
    }

    /** Rebuilds the wrapper (and a fresh inner layer) from its config. */
    @SuppressWarnings("unchecked")
    public static Bidirectional fromConfig(Map<String, Object> c) {
        Map<String, Object> inner = new LinkedHashMap<>((Map<String, Object>) c.get("layer"));
        Map<String, Object> innerConfig = new LinkedHashMap<>((Map<String, Object>) inner.get("config"));
        String name = (String) innerConfig.get("name");
        if (name != null && name.startsWith("forward_")) {
            innerConfig.put("name", name.substring("forward_".length()));
        }
        inner.put("config", innerConfig);
        return new Bidirectional(
                (BaseRNN) LayerRegistry.fromConfig(inner), Configs.getString(c, "merge_mode", "concat"));
    }
}
