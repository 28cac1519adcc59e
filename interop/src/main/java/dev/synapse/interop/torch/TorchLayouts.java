package dev.synapse.interop.torch;

import dev.synapse.nn.Layer;
import dev.synapse.nn.Weight;
import dev.synapse.nn.layers.BaseConv;
import dev.synapse.nn.layers.BaseRNN;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Bidirectional;
import dev.synapse.nn.layers.Conv1D;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Conv2DTranspose;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Embedding;
import dev.synapse.nn.layers.GRU;
import dev.synapse.nn.layers.LSTM;
import dev.synapse.nn.layers.LayerNormalization;
import dev.synapse.nn.layers.SimpleRNN;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How one Synapse layer's weights sit in the state_dict of the PyTorch module built like it: for each weight,
 * the torch parameter names it comes from and the layout conversion both ways.
 */
final class TorchLayouts {
    private TorchLayouts() {}

    /**
     * One Synapse weight and the torch tensors ({@code suffixes}, of {@code torchShapes}) it is made of: usually
     * one, the LSTM/GRU biases two ({@code bias_ih}, {@code bias_hh}). An empty {@code target} is a torch buffer
     * that Synapse does not keep ({@code num_batches_tracked}): read and ignored, written as {@code toTorch} makes it.
     */
    record Slot(
            List<String> suffixes,
            List<int[]> torchShapes,
            @Nullable Weight target,
            Function<List<Tensor>, Tensor> toSynapse,
            Function<Tensor, List<Tensor>> toTorch) {}

    /** Whether {@code layer} has a PyTorch counterpart here. */
    static boolean supported(Layer layer) {
        return layer instanceof Dense
                || layer instanceof Conv1D
                || layer instanceof Conv2D
                || layer instanceof Conv2DTranspose
                || layer instanceof BatchNormalization
                || layer instanceof LayerNormalization
                || layer instanceof Embedding
                || layer instanceof LSTM
                || layer instanceof GRU
                || layer instanceof SimpleRNN
                || (layer instanceof Bidirectional b && supported(b.forwardLayer()));
    }

    /**
     * {@code slots} of a recurrent layer as level {@code level} of a stacked torch module ({@code num_layers > 1}):
     * {@code weight_ih_l0} becomes {@code weight_ih_l1} and so on; level 0 and other layers' slots are unchanged.
     */
    static List<Slot> atLevel(List<Slot> slots, int level) {
        if (level == 0) {
            return slots;
        }
        List<Slot> out = new ArrayList<>();
        for (Slot s : slots) {
            out.add(renamed(s, n -> n.replace("_l0", "_l" + level)));
        }
        return out;
    }

    private static Slot renamed(Slot s, Function<String, String> rename) {
        return new Slot(
                s.suffixes().stream().map(rename).toList(), s.torchShapes(), s.target(), s.toSynapse(), s.toTorch());
    }

    /**
     * The slots of {@code layer}; {@code flattenedFrom} is the per-sample channels-last shape a Flatten turned
     * into this Dense layer's input when a convolution produced it (torch flattened it channels first), else null.
     */
    static List<Slot> slots(Layer layer, int @Nullable [] flattenedFrom) {
        List<Slot> out = new ArrayList<>();
        Map<String, Weight> w = own(layer);
        switch (layer) {
            case Dense d -> {
                Weight kernel = required(w, "kernel", layer);
                int[] k = kernel.shape();
                if (flattenedFrom == null) {
                    out.add(one(
                            "weight", new int[] {k[1], k[0]}, kernel, t -> t.transpose(0, 1), t -> t.transpose(0, 1)));
                } else {
                    out.add(one(
                            "weight",
                            new int[] {k[1], k[0]},
                            kernel,
                            t -> channelsLast(t, flattenedFrom),
                            t -> channelsFirst(t, flattenedFrom)));
                }
                bias(out, w.get("bias"));
            }
            case Conv2DTranspose c -> convolution(out, w, layer, new int[] {3, 2, 0, 1}, new int[] {2, 3, 1, 0});
            case Conv2D c -> convolution(out, w, layer, new int[] {3, 2, 0, 1}, new int[] {2, 3, 1, 0});
            case Conv1D c -> convolution(out, w, layer, new int[] {2, 1, 0}, new int[] {2, 1, 0});
            case BatchNormalization b -> {
                same(out, "weight", w.get("gamma"));
                same(out, "bias", w.get("beta"));
                same(out, "running_mean", w.get("moving_mean"));
                same(out, "running_var", w.get("moving_variance"));
                out.add(new Slot(
                        List.of("num_batches_tracked"),
                        List.of(new int[0]),
                        null,
                        t -> t.get(0),
                        t -> List.of(Tensor.zeros(DType.INT64))));
            }
            case LayerNormalization n -> {
                same(out, "weight", w.get("gamma"));
                same(out, "bias", w.get("beta"));
            }
            case Embedding e -> same(out, "weight", w.get("embeddings"));
            case GRU g
            when !Boolean.TRUE.equals(g.getConfig().get("reset_after")) ->
                throw new IllegalArgumentException(g.name() + ": PyTorch's nn.GRU applies the reset gate after the"
                        + " recurrent matmul, which is Synapse's GRU with resetAfter(true); this one has"
                        + " resetAfter(false) and cannot hold torch's weights");
            case GRU g -> recurrent(out, w, layer, 3, new int[] {1, 0, 2}, true);
            case LSTM l -> recurrent(out, w, layer, 4, new int[] {0, 1, 2, 3}, false); // i, f, g(c), o in both
            case SimpleRNN r -> recurrent(out, w, layer, 1, new int[] {0}, false);
            case Bidirectional b -> {
                // torch's bidirectional=True: the reverse direction's tensors end in "_reverse".
                out.addAll(slots(b.forwardLayer(), null));
                for (Slot slot : slots(b.backwardLayer(), null)) {
                    out.add(renamed(slot, n -> n + "_reverse"));
                }
            }
            default ->
                throw new IllegalArgumentException(layer.name() + " (" + layer.className()
                        + ") has no PyTorch counterpart here; supported: Dense, Conv1D, Conv2D, Conv2DTranspose,"
                        + " BatchNormalization, LayerNormalization, Embedding, LSTM, GRU, SimpleRNN and their"
                        + " Bidirectional");
        }
        return out;
    }

    /** The layer's own weights by short name (kernel, bias, ...). */
    private static Map<String, Weight> own(Layer layer) {
        Map<String, Weight> m = new java.util.LinkedHashMap<>();
        for (Weight w : layer.weights()) {
            m.put(w.name(), w);
        }
        return m;
    }

    private static void convolution(
            List<Slot> out, Map<String, Weight> w, Layer layer, int[] toTorch, int[] toSynapse) {
        Weight kernel = required(w, "kernel", layer);
        int[] k = kernel.shape();
        int[] t = new int[k.length];
        for (int i = 0; i < k.length; i++) {
            t[i] = k[toTorch[i]];
        }
        out.add(one("weight", t, kernel, x -> x.permute(toSynapse), x -> x.permute(toTorch)));
        bias(out, w.get("bias"));
    }

    /**
     * Torch's {@code weight_ih_l0 [G*H, in]}, {@code weight_hh_l0 [G*H, H]} and two biases: transposed, gate blocks
     * reordered by {@code order} (torch block {@code order[i]} becomes Synapse block i), the biases summed, or kept
     * as the two rows of a GRU's {@code reset_after} bias.
     */
    private static void recurrent(
            List<Slot> out, Map<String, Weight> w, Layer layer, int gates, int[] order, boolean gru) {
        Weight kernel = required(w, "kernel", layer);
        Weight recurrent = required(w, "recurrent_kernel", layer);
        int in = kernel.shape()[0];
        int h = recurrent.shape()[0];
        out.add(one(
                "weight_ih_l0",
                new int[] {gates * h, in},
                kernel,
                t -> blocks(t, order, h, 0).transpose(0, 1),
                t -> blocks(t.transpose(0, 1), inverse(order), h, 0)));
        out.add(one(
                "weight_hh_l0",
                new int[] {gates * h, h},
                recurrent,
                t -> blocks(t, order, h, 0).transpose(0, 1),
                t -> blocks(t.transpose(0, 1), inverse(order), h, 0)));
        Weight bias = w.get("bias");
        if (bias == null) {
            return;
        }
        List<String> names = List.of("bias_ih_l0", "bias_hh_l0");
        List<int[]> shapes = List.of(new int[] {gates * h}, new int[] {gates * h});
        if (gru) {
            out.add(new Slot(
                    names,
                    shapes,
                    bias,
                    t -> Tensor.stack(0, blocks(t.get(0), order, h, 0), blocks(t.get(1), order, h, 0)),
                    t -> List.of(
                            blocks(t.select(0, 0), inverse(order), h, 0),
                            blocks(t.select(0, 1), inverse(order), h, 0))));
        } else {
            // Synapse keeps one bias (as Keras): the sum; written back as that sum and a zero recurrent bias.
            out.add(new Slot(
                    names,
                    shapes,
                    bias,
                    t -> blocks(t.get(0).add(t.get(1)), order, h, 0),
                    t -> List.of(blocks(t, inverse(order), h, 0), Tensor.zerosLike(t))));
        }
    }

    /** Reorders the {@code size}-long blocks of {@code t} along {@code axis}: block i of the result is order[i]. */
    private static Tensor blocks(Tensor t, int[] order, int size, int axis) {
        boolean identity = true;
        for (int i = 0; i < order.length; i++) {
            identity &= order[i] == i;
        }
        if (identity) {
            return t;
        }
        Tensor[] parts = new Tensor[order.length];
        for (int i = 0; i < order.length; i++) {
            parts[i] = t.slice(axis, order[i] * size, (order[i] + 1) * size);
        }
        return Tensor.concat(axis, parts);
    }

    private static int[] inverse(int[] order) {
        int[] inv = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inv[order[i]] = i;
        }
        return inv;
    }

    /** Linear weight {@code [out, C*H*W]} (columns c, h, w) to kernel {@code [H*W*C, out]} (rows h, w, c). */
    private static Tensor channelsLast(Tensor weight, int[] hwc) {
        int out = weight.dims()[0];
        int[] chw = new int[hwc.length + 1];
        chw[0] = out;
        chw[1] = hwc[hwc.length - 1];
        System.arraycopy(hwc, 0, chw, 2, hwc.length - 1);
        int[] perm = new int[chw.length];
        perm[0] = 0;
        for (int i = 1; i < chw.length - 1; i++) {
            perm[i] = i + 1;
        }
        perm[chw.length - 1] = 1;
        return weight.reshape(chw).permute(perm).reshape(out, -1).transpose(0, 1);
    }

    /** The inverse of {@link #channelsLast}. */
    private static Tensor channelsFirst(Tensor kernel, int[] hwc) {
        int out = kernel.dims()[1];
        int[] shape = new int[hwc.length + 1];
        shape[0] = out;
        System.arraycopy(hwc, 0, shape, 1, hwc.length);
        int[] perm = new int[shape.length];
        perm[0] = 0;
        perm[1] = shape.length - 1;
        for (int i = 2; i < shape.length; i++) {
            perm[i] = i - 1;
        }
        return kernel.transpose(0, 1).reshape(shape).permute(perm).reshape(out, -1);
    }

    private static Weight required(Map<String, Weight> w, String name, Layer layer) {
        Weight weight = w.get(name);
        if (weight == null) {
            throw new IllegalStateException(layer.name() + " (" + layer.className() + ") has no " + name
                    + " weight: build the model (apply it to an input) before loading or saving PyTorch weights");
        }
        return weight;
    }

    private static void bias(List<Slot> out, @Nullable Weight bias) {
        same(out, "bias", bias);
    }

    private static void same(List<Slot> out, String suffix, @Nullable Weight w) {
        if (w != null) {
            out.add(one(suffix, w.shape(), w, t -> t, t -> t));
        }
    }

    private static Slot one(
            String suffix, int[] torchShape, Weight target, Function<Tensor, Tensor> in, Function<Tensor, Tensor> out) {
        return new Slot(
                List.of(suffix), List.of(torchShape), target, t -> in.apply(t.get(0)), t -> List.of(out.apply(t)));
    }

    /** Whether a torch CNN would flatten this layer's output channels first: a convolution feeds it. */
    static boolean channelsFirstSource(Layer layer) {
        return layer instanceof BaseConv && !channelsFirst(layer);
    }

    /** A layer built with {@code data_format="channels_first"} already lays its maps out as torch does. */
    private static boolean channelsFirst(Layer layer) {
        return "channels_first".equals(layer.getConfig().get("data_format"));
    }

    /** Layers that end the search for a convolution before a Flatten: they lay out features themselves. */
    static boolean layoutBarrier(Layer layer) {
        return layer instanceof Dense
                || (layer instanceof BaseConv && channelsFirst(layer))
                || layer instanceof BaseRNN
                || layer instanceof Embedding
                || layer.className().equals("Reshape")
                || layer.className().equals("Permute")
                || layer.className().equals("Flatten");
    }
}
