package dev.synapse.interop.onnx;

import dev.synapse.interop.onnx.OnnxImportContext.Unsupported;
import dev.synapse.interop.onnx.OnnxValue.Layout;
import dev.synapse.interop.onnx.OnnxValue.Sym;
import dev.synapse.interop.onnx.OnnxValue.ZeroState;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.BaseRNN;
import dev.synapse.nn.layers.Bidirectional;
import dev.synapse.nn.layers.GRU;
import dev.synapse.nn.layers.LSTM;
import dev.synapse.tensor.Tensor;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * LSTM and GRU become Synapse's {@code LSTM} and {@code GRU} with {@code returnSequences}. PyTorch's
 * exporter wraps a batch-first module in Transposes to ONNX's time-major layout; those are followed
 * rather than materialised. ONNX orders LSTM gates i, o, f, c and keeps input and recurrent biases;
 * Synapse (Keras) orders them i, f, c, o with one bias, the sum. GRU gates are z, r, h in both;
 * {@code linear_before_reset=1} (PyTorch's GRU) is Keras's {@code reset_after=True} with the two
 * biases kept as rows. A {@code direction="bidirectional"} node becomes a {@code Bidirectional} layer (merge
 * "concat"), its output followed through PyTorch's Transpose and Reshape to {@code [T, N, 2H]}.
 */
final class OnnxRecurrentImport {
    private static final int[] LSTM_GATES = {0, 2, 3, 1}; // Synapse gate j is ONNX gate LSTM_GATES[j]
    private static final int[] GRU_GATES = {0, 1, 2};

    private OnnxRecurrentImport() {}

    static void register(Map<String, OnnxOpImport> ops) {
        ops.put("LSTM", (n, ctx) -> recurrent(n, ctx, true));
        ops.put("GRU", (n, ctx) -> recurrent(n, ctx, false));
    }

    private static void recurrent(OnnxNode n, OnnxImportContext ctx, boolean lstm) throws Unsupported {
        Sym x = ctx.sym(n, 0);
        if (x.layout() != Layout.TIME_MAJOR) {
            throw new Unsupported("the input must be a batch-first sequence transposed to time-major, as PyTorch"
                    + " exports nn." + (lstm ? "LSTM" : "GRU") + "(batch_first=True); got layout " + x.layout());
        }
        OnnxTensor w = ctx.constant(n, 1);
        OnnxTensor r = ctx.constant(n, 2);
        OnnxTensor b = ctx.optionalConstant(n, 3);
        if (!n.input(4).isEmpty()) {
            throw new Unsupported("sequence_lens is not supported");
        }
        for (int i = 5; i < n.inputs().size(); i++) {
            if (i == 7 && !n.input(7).isEmpty()) {
                throw new Unsupported("peephole weights are not supported");
            }
            if (!n.input(i).isEmpty() && !(ctx.value(n, i) instanceof ZeroState)) {
                throw new Unsupported("input " + i + " (an initial state) must be absent or zeros");
            }
        }
        String direction = n.stringAttr("direction", "forward");
        if (!direction.equals("forward") && !direction.equals("bidirectional")) {
            throw new Unsupported(
                    "direction \"" + direction + "\" is not supported (only \"forward\" and \"bidirectional\")");
        }
        int directions = direction.equals("bidirectional") ? 2 : 1;
        if (n.attributes().containsKey("clip")
                || n.attributes().containsKey("activations")
                || n.intAttr("input_forget", 0) != 0
                || n.intAttr("layout", 0) != 0) {
            throw new Unsupported(
                    "clip, activations, input_forget and layout other than the defaults are not" + " supported");
        }
        int gates = lstm ? 4 : 3;
        int units = (int) n.intAttr("hidden_size", 0);
        int features = x.tensor().dim(2);
        checkDims(w, new long[] {directions, (long) gates * units, features}, "W");
        checkDims(r, new long[] {directions, (long) gates * units, units}, "R");
        if (b != null) {
            checkDims(b, new long[] {directions, 2L * gates * units}, "B");
        }
        boolean resetAfter = !lstm && n.intAttr("linear_before_reset", 0) != 0;
        BaseRNN layer = lstm
                ? LSTM.builder(units).returnSequences(true).build()
                : GRU.builder(units)
                        .returnSequences(true)
                        .resetAfter(resetAfter)
                        .build();
        if (directions == 2) {
            // ONNX's reverse direction reads the steps last to first and writes each output at its own step:
            // Keras's Bidirectional, whose backward layer goes backwards and whose outputs are put back in order.
            if (n.outputs().size() > 1 && ctx.isUsed(n.outputs().get(1))) {
                throw new Unsupported("the last states Y_h of a bidirectional node are not supported; use Y");
            }
            Bidirectional both = new Bidirectional(layer);
            SymbolicTensor y = both.apply(x.tensor());
            setWeights(both.forwardLayer(), w, r, b, 0, lstm, resetAfter, units);
            setWeights(both.backwardLayer(), w, r, b, 1, lstm, resetAfter, units);
            ctx.putSym(n, 0, y, Layout.BIRNN_SEQUENCE);
        } else {
            SymbolicTensor y = layer.apply(x.tensor());
            setWeights(layer, w, r, b, 0, lstm, resetAfter, units);
            ctx.putSym(n, 0, y, Layout.RNN_SEQUENCE);
            if (n.outputs().size() > 1 && ctx.isUsed(n.outputs().get(1))) {
                ctx.putSym(n, 1, OnnxShapeImport.timeStep(y, -1), Layout.RNN_STATE);
            }
        }
        if (n.outputs().size() > 2 && ctx.isUsed(n.outputs().get(2))) {
            throw new Unsupported("the last cell state Y_c is not supported; use the outputs Y or Y_h");
        }
    }

    /** Direction {@code d}'s weights of an ONNX node ({@code W}, {@code R}, {@code B} row d) into {@code layer}. */
    private static void setWeights(
            BaseRNN layer,
            OnnxTensor w,
            OnnxTensor r,
            @Nullable OnnxTensor b,
            int d,
            boolean lstm,
            boolean resetAfter,
            int units) {
        int gates = lstm ? 4 : 3;
        int[] order = lstm ? LSTM_GATES : GRU_GATES;
        layer.kernel().assign(gateMatrix(OnnxImportContext.tensor(w), d, order, units));
        layer.recurrentKernel().assign(gateMatrix(OnnxImportContext.tensor(r), d, order, units));
        Tensor bias = b == null
                ? Tensor.zeros(2 * gates * units)
                : OnnxImportContext.tensor(b).select(0, d).reshape(2 * gates * units);
        Tensor wb = gateVector(bias.slice(0, 0, gates * units), order, units);
        Tensor rb = gateVector(bias.slice(0, gates * units, 2 * gates * units), order, units);
        layer.bias().assign(resetAfter ? Tensor.stack(0, wb, rb) : wb.add(rb));
    }

    private static void checkDims(OnnxTensor t, long[] want, String what) throws Unsupported {
        if (!java.util.Arrays.equals(t.dims(), want)) {
            throw new Unsupported(what + " '" + t.name() + "' has dims " + java.util.Arrays.toString(t.dims())
                    + ", expected " + java.util.Arrays.toString(want));
        }
    }

    /** Direction {@code d} of ONNX {@code [directions, G*H, in]} to Synapse {@code [in, G*H]}, gates reordered. */
    private static Tensor gateMatrix(Tensor onnx, int d, int[] order, int units) {
        Tensor m = onnx.select(0, d);
        Tensor[] blocks = new Tensor[order.length];
        for (int j = 0; j < order.length; j++) {
            blocks[j] = m.slice(0, order[j] * units, (order[j] + 1) * units);
        }
        return Tensor.concat(0, blocks).transpose(0, 1).contiguous();
    }

    private static Tensor gateVector(Tensor v, int[] order, int units) {
        Tensor[] blocks = new Tensor[order.length];
        for (int j = 0; j < order.length; j++) {
            blocks[j] = v.slice(0, order[j] * units, (order[j] + 1) * units);
        }
        return Tensor.concat(0, blocks).contiguous();
    }
}
