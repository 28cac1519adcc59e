package dev.synapse.interop.onnx;

import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.Configs;
import dev.synapse.nn.layers.BaseRNN;
import dev.synapse.nn.layers.Bidirectional;
import dev.synapse.nn.layers.GRU;
import dev.synapse.nn.layers.LSTM;
import dev.synapse.nn.layers.SimpleRNN;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LSTM, GRU and SimpleRNN as ONNX's {@code LSTM}, {@code GRU} and {@code RNN} nodes (time-major inside, Synapse's
 * {@code [batch, steps, features]} outside). Keras orders LSTM gates i, f, c, o and ONNX i, o, f, c; GRU
 * gates are z, r, h in both, and Keras's {@code reset_after=True} is ONNX's {@code linear_before_reset=1}.
 * Keras's {@code go_backwards} reads the steps last to first and returns the outputs in that order,
 * so the input is reversed and the node runs forward.
 */
final class OnnxRecurrentLayers {
    // Synapse's (Keras's) LSTM blocks i, f, c, o in ONNX's order i, o, f, c.
    private static final int[] LSTM_ORDER = {0, 3, 1, 2};
    private static final int[] GRU_ORDER = {0, 1, 2};
    private static final int[] RNN_ORDER = {0};

    private OnnxRecurrentLayers() {}

    static List<ExportedValue> convert(OnnxGraphBuilder g, LayerCall c) {
        BaseRNN layer = (BaseRNN) c.layer();
        boolean lstm = layer instanceof LSTM;
        boolean gru = layer instanceof GRU;
        if (!lstm && !gru && !(layer instanceof SimpleRNN)) {
            throw c.unsupported(
                    "is a recurrent layer without an ONNX form in export (LSTM, GRU and SimpleRNN have one)");
        }
        Map<String, Object> cfg = c.config();
        int units = layer.units();
        String n = c.name();
        int[] order = lstm ? LSTM_ORDER : gru ? GRU_ORDER : RNN_ORDER;
        ExportedValue x = g.channelsLast(c.input());
        String seq = x.name();
        if (Configs.getBoolean(cfg, "go_backwards", false)) {
            seq = g.node(
                    "Slice",
                    n + "/reversed",
                    List.of(
                            seq,
                            g.int64s(n + "/starts", -1),
                            g.int64s(n + "/ends", Long.MIN_VALUE),
                            g.int64s(n + "/axes", 1),
                            g.int64s(n + "/steps", -1)));
        }
        String timeMajor = g.node("Transpose", n + "/time_major", List.of(seq), EncodedAttribute.ints("perm", 1, 0, 2));
        Tensor kernel = layer.kernel().value().to(DType.FLOAT32);
        Tensor recurrent = layer.recurrentKernel().value().to(DType.FLOAT32);
        int features = kernel.dim(0);
        float[] w = gates(kernel, units, order);
        float[] r = gates(recurrent, units, order);
        int gates = order.length;
        float[] b = new float[2 * gates * units];
        if (layer.bias() != null) {
            float[] bias = layer.bias().value().to(DType.FLOAT32).contiguous().toFloatArray();
            // GRU with reset_after keeps [input bias; recurrent bias], the others one input bias.
            int parts = bias.length / (gates * units);
            for (int part = 0; part < parts; part++) {
                for (int gi = 0; gi < gates; gi++) {
                    System.arraycopy(
                            bias,
                            part * gates * units + order[gi] * units,
                            b,
                            part * gates * units + gi * units,
                            units);
                }
            }
        }
        List<String> in = new ArrayList<>(List.of(
                timeMajor,
                g.floats(n + "/W", w, 1, (long) gates * units, features),
                g.floats(n + "/R", r, 1, (long) gates * units, units),
                g.floats(n + "/B", b, 1, 2L * gates * units),
                ""));
        for (int s = 1; s < c.inputs().size(); s++) {
            String state = g.channelsLast(c.inputs().get(s)).name();
            in.add(g.node("Unsqueeze", n + "/initial_state", List.of(state, g.int64s(n + "/axis0", 0))));
        }
        while (in.get(in.size() - 1).isEmpty()) {
            in.remove(in.size() - 1);
        }
        String act = OnnxActivations.recurrent(c, ActivationFunction.of(Configs.getString(cfg, "activation", "tanh")));
        String f = lstm || gru
                ? OnnxActivations.recurrent(
                        c, ActivationFunction.of(Configs.getString(cfg, "recurrent_activation", "sigmoid")))
                : act;
        List<EncodedAttribute> attrs = new ArrayList<>(List.of(
                EncodedAttribute.i("hidden_size", units),
                EncodedAttribute.s("direction", "forward"),
                lstm
                        ? EncodedAttribute.strings("activations", f, act, act)
                        : gru
                                ? EncodedAttribute.strings("activations", f, act)
                                : EncodedAttribute.strings("activations", act)));
        if (gru) {
            attrs.add(EncodedAttribute.i("linear_before_reset", Configs.getBoolean(cfg, "reset_after", true) ? 1 : 0));
        }
        String y = g.fresh(n + "/Y");
        String yh = g.fresh(n + "/Y_h");
        List<String> outs = new ArrayList<>(List.of(y, yh));
        String yc = lstm ? g.fresh(n + "/Y_c") : "";
        if (lstm) {
            outs.add(yc);
        }
        g.node(lstm ? "LSTM" : gru ? "GRU" : "RNN", in, outs, attrs.toArray(new EncodedAttribute[0]));
        String axis0 = g.int64s(n + "/dir_axis", 0);
        String h = g.node("Squeeze", n + "/h", List.of(yh, axis0));
        List<ExportedValue> result = new ArrayList<>();
        if (Configs.getBoolean(cfg, "return_sequences", false)) {
            // Y is [steps, directions, batch, units].
            String squeezed = g.node("Squeeze", n + "/sequence", List.of(y, g.int64s(n + "/dir_axis1", 1)));
            String batchMajor = g.node("Transpose", n, List.of(squeezed), EncodedAttribute.ints("perm", 1, 0, 2));
            result.add(ExportedValue.of(batchMajor, 3, OnnxGraphBuilder.FLOAT));
        } else {
            result.add(ExportedValue.of(h, 2, OnnxGraphBuilder.FLOAT));
        }
        if (Configs.getBoolean(cfg, "return_state", false)) {
            result.add(ExportedValue.of(h, 2, OnnxGraphBuilder.FLOAT));
            if (lstm) {
                result.add(
                        ExportedValue.of(g.node("Squeeze", n + "/c", List.of(yc, axis0)), 2, OnnxGraphBuilder.FLOAT));
            }
        }
        return result;
    }

    /**
     * Keras's {@code Bidirectional}: its forward layer and its backward one (which reads the steps last to first) as
     * two recurrent nodes; with {@code return_sequences} the backward outputs are put back in step order, then the
     * two are merged as the wrapper's {@code merge_mode} says (concat on the feature axis, sum, mul or ave). States
     * follow as Keras returns them: the forward layer's, then the backward layer's.
     */
    static List<ExportedValue> bidirectional(OnnxGraphBuilder g, LayerCall c) {
        Bidirectional layer = (Bidirectional) c.layer();
        String n = c.name();
        int states = (c.inputs().size() - 1) / 2;
        List<ExportedValue> forward = convert(g, part(c, layer.forwardLayer(), 1, states));
        List<ExportedValue> backward = convert(g, part(c, layer.backwardLayer(), 1 + states, states));
        ExportedValue yf = forward.get(0);
        ExportedValue yb = backward.get(0);
        String b = yb.name();
        if (layer.forwardLayer().returnSequences()) {
            b = g.node(
                    "Slice",
                    n + "/backward_in_order",
                    List.of(
                            b,
                            g.int64s(n + "/starts", -1),
                            g.int64s(n + "/ends", Long.MIN_VALUE),
                            g.int64s(n + "/axes", 1),
                            g.int64s(n + "/steps", -1)));
        }
        String mode = Configs.getString(c.config(), "merge_mode", "concat");
        List<String> both = List.of(yf.name(), b);
        String y = switch (mode) {
            case "concat" -> g.node("Concat", n, both, EncodedAttribute.i("axis", yf.rank() - 1));
            case "sum" -> g.node("Add", n, both);
            case "mul" -> g.node("Mul", n, both);
            case "ave" -> g.node("Mean", n, both);
            default -> throw c.unsupported("has merge mode \"" + mode + "\", which export does not know");
        };
        List<ExportedValue> out = new ArrayList<>();
        out.add(ExportedValue.of(y, yf.rank(), OnnxGraphBuilder.FLOAT));
        out.addAll(forward.subList(1, forward.size()));
        out.addAll(backward.subList(1, backward.size()));
        return out;
    }

    /** The call of one direction: the sequence and that direction's initial states ({@code count} from {@code from}). */
    private static LayerCall part(LayerCall c, BaseRNN layer, int from, int count) {
        List<ExportedValue> in = new ArrayList<>(List.of(c.input()));
        List<int[]> shapes = new ArrayList<>(List.of(c.inputShape()));
        in.addAll(c.inputs().subList(from, from + count));
        shapes.addAll(c.inputShapes().subList(from, from + count));
        return new LayerCall(layer, in, shapes);
    }

    /** Keras's {@code [in, gates * units]} as ONNX's {@code [gates * units, in]}, gate blocks reordered. */
    private static float[] gates(Tensor kernel, int units, int[] order) {
        int in = kernel.dim(0);
        float[] src = kernel.contiguous().toFloatArray();
        int cols = order.length * units;
        float[] out = new float[cols * in];
        for (int gi = 0; gi < order.length; gi++) {
            for (int u = 0; u < units; u++) {
                int srcCol = order[gi] * units + u;
                int dstRow = gi * units + u;
                for (int i = 0; i < in; i++) {
                    out[dstRow * in + i] = src[i * cols + srcCol];
                }
            }
        }
        return out;
    }
}
