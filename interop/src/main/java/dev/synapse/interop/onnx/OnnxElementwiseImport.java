package dev.synapse.interop.onnx;

import dev.synapse.interop.onnx.OnnxImportContext.Unsupported;
import dev.synapse.interop.onnx.OnnxValue.Const;
import dev.synapse.interop.onnx.OnnxValue.Layout;
import dev.synapse.interop.onnx.OnnxValue.Sym;
import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.Layer;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Activation;
import dev.synapse.nn.layers.Add;
import dev.synapse.nn.layers.Average;
import dev.synapse.nn.layers.Concatenate;
import dev.synapse.nn.layers.Divide;
import dev.synapse.nn.layers.LeakyReLU;
import dev.synapse.nn.layers.Maximum;
import dev.synapse.nn.layers.Minimum;
import dev.synapse.nn.layers.Multiply;
import dev.synapse.nn.layers.Softmax;
import dev.synapse.nn.layers.Subtract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Activations become {@code Activation}/{@code LeakyReLU}/{@code Softmax} layers that keep their
 * input's layout; Add, Sub, Mul, Div, Sum, Mean, Max and Min of model tensors of one shape become the merge
 * layers (Div the {@code Divide} layer), Add, Sub, Mul and Div with a constant a {@code Rescaling}; Concat becomes {@code Concatenate} (or is evaluated when all its inputs are constants).
 */
final class OnnxElementwiseImport {
    private OnnxElementwiseImport() {}

    static void register(Map<String, OnnxOpImport> ops) {
        Map<String, ActivationFunction> activations = Map.of(
                "Relu", ActivationFunction.RELU,
                "Sigmoid", ActivationFunction.SIGMOID,
                "Tanh", ActivationFunction.TANH,
                "Softplus", ActivationFunction.SOFTPLUS,
                "Softsign", ActivationFunction.SOFTSIGN,
                "Exp", ActivationFunction.EXPONENTIAL);
        activations.forEach((op, f) -> ops.put(op, (n, ctx) -> activation(n, ctx, new Activation(f))));
        ops.put("LeakyRelu", (n, ctx) -> activation(n, ctx, new LeakyReLU(n.floatAttr("alpha", 0.01f))));
        ops.put("Elu", (n, ctx) -> {
            requireDefault(n, "alpha", 1f);
            activation(n, ctx, new Activation(ActivationFunction.ELU));
        });
        ops.put("Selu", (n, ctx) -> {
            requireDefault(n, "alpha", 1.67326319217681884765625f);
            requireDefault(n, "gamma", 1.05070102214813232421875f);
            activation(n, ctx, new Activation(ActivationFunction.SELU));
        });
        ops.put("Clip", OnnxElementwiseImport::clip);
        ops.put("Softmax", (n, ctx) -> softmax(n, ctx, false));
        ops.put("LogSoftmax", (n, ctx) -> softmax(n, ctx, true));
        ops.put("Add", (n, ctx) -> arithmetic(n, ctx, Add::new));
        ops.put("Sum", (n, ctx) -> merge(n, ctx, Add::new));
        ops.put("Sub", (n, ctx) -> arithmetic(n, ctx, Subtract::new));
        ops.put("Mul", (n, ctx) -> arithmetic(n, ctx, Multiply::new));
        ops.put("Div", (n, ctx) -> arithmetic(n, ctx, Divide::new));
        ops.put("Mean", (n, ctx) -> merge(n, ctx, Average::new));
        ops.put("Max", (n, ctx) -> merge(n, ctx, Maximum::new));
        ops.put("Min", (n, ctx) -> merge(n, ctx, Minimum::new));
        ops.put("Concat", OnnxElementwiseImport::concat);
    }

    private static void requireDefault(OnnxNode n, String key, float value) throws Unsupported {
        if (Math.abs(n.floatAttr(key, value) - value) > 1e-6f * Math.abs(value)) {
            throw new Unsupported(key + "=" + n.floatAttr(key, value) + " is not supported (only " + value + ")");
        }
    }

    private static void activation(OnnxNode n, OnnxImportContext ctx, Layer layer) throws Unsupported {
        Sym x = ctx.sym(n, 0);
        ctx.putSym(n, 0, layer.apply(x.tensor()), x.layout());
    }

    private static void clip(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        OnnxTensor lo = ctx.optionalConstant(n, 1);
        OnnxTensor hi = ctx.optionalConstant(n, 2);
        double min = lo == null ? n.floatAttr("min", Float.NEGATIVE_INFINITY) : lo.asDoubles()[0];
        double max = hi == null ? n.floatAttr("max", Float.POSITIVE_INFINITY) : hi.asDoubles()[0];
        if (min == 0 && max == 6) {
            activation(n, ctx, new Activation(ActivationFunction.RELU6));
        } else if (min == 0 && max == Double.POSITIVE_INFINITY) {
            activation(n, ctx, new Activation(ActivationFunction.RELU));
        } else {
            throw new Unsupported("only Clip(0, 6) and Clip(0, inf) are imported, got Clip(" + min + ", " + max + ")");
        }
    }

    /** ONNX axis {@code a} of a value in {@code layout}, as a Synapse axis. */
    private static int axis(Sym x, long a, OnnxNode n) throws Unsupported {
        int rank = x.tensor().rank();
        int k = (int) (a < 0 ? a + rank : a);
        if (k < 1 || k >= rank) {
            throw new Unsupported("axis " + a + " is the batch axis or out of range for rank " + rank);
        }
        if (x.layout() == Layout.CHANNELS_LAST) {
            return k == 1 ? rank - 1 : k - 1;
        }
        if (x.layout() != Layout.SAME) {
            throw new Unsupported("a value of layout " + x.layout() + " cannot be used by " + n.opType());
        }
        return k;
    }

    private static void softmax(OnnxNode n, OnnxImportContext ctx, boolean log) throws Unsupported {
        Sym x = ctx.sym(n, 0);
        int rank = x.tensor().rank();
        long a = n.intAttr("axis", ctx.opset() >= 13 ? -1 : 1);
        if (ctx.opset() < 13 && ctx.opset() > 0 && a != rank - 1 && a != -1) {
            throw new Unsupported(
                    "before opset 13 Softmax flattens from axis " + a + "; only the last axis is imported");
        }
        int k = axis(x, a, n);
        if (log) {
            if (k != rank - 1) {
                throw new Unsupported("LogSoftmax is only imported over the last axis");
            }
            ctx.putSym(n, 0, new Activation(ActivationFunction.LOG_SOFTMAX).apply(x.tensor()), x.layout());
        } else {
            ctx.putSym(n, 0, new Softmax(k).apply(x.tensor()), x.layout());
        }
    }

    /** Inputs in one layout: their own when they agree, else ONNX's. */
    private static List<SymbolicTensor> aligned(List<Sym> xs, Layout[] chosen) throws Unsupported {
        Layout l = xs.get(0).layout();
        for (Sym s : xs) {
            if (s.layout() != l) {
                l = Layout.SAME;
            }
        }
        List<SymbolicTensor> out = new ArrayList<>();
        for (Sym s : xs) {
            out.add(s.layout() == l ? s.tensor() : null);
        }
        chosen[0] = l;
        return out;
    }

    private static List<Sym> syms(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        List<Sym> xs = new ArrayList<>();
        for (int i = 0; i < n.inputs().size(); i++) {
            OnnxValue v = ctx.value(n, i);
            if (!(v instanceof Sym s)) {
                throw new Unsupported("input '" + n.input(i) + "' is a constant; only " + n.opType()
                        + " of model tensors, or of one model tensor and one constant, is imported (a bias Add right after"
                        + " MatMul is folded into Dense)");
            }
            xs.add(s);
        }
        return xs;
    }

    /** A binary op: of a model tensor and a constant as {@code Rescaling}, of two model tensors as a merge layer. */
    private static void arithmetic(OnnxNode n, OnnxImportContext ctx, Supplier<Layer> make) throws Unsupported {
        if (OnnxArithmeticImport.hasOneConstant(n, ctx)) {
            OnnxArithmeticImport.withConstant(n, ctx);
        } else {
            merge(n, ctx, make);
        }
    }

    private static void merge(OnnxNode n, OnnxImportContext ctx, Supplier<Layer> make) throws Unsupported {
        List<Sym> xs = syms(n, ctx);
        if (xs.size() == 1) {
            ctx.put(n.outputs().get(0), xs.get(0));
            return;
        }
        Layout[] l = new Layout[1];
        List<SymbolicTensor> ts = aligned(xs, l);
        List<SymbolicTensor> in = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            SymbolicTensor t = ts.get(i);
            in.add(t != null ? t : ctx.as(xs.get(i), l[0]));
        }
        for (SymbolicTensor t : in) {
            if (!Arrays.equals(t.shape(), in.get(0).shape())) {
                throw new Unsupported("broadcasting between shapes "
                        + Arrays.toString(in.get(0).shape()) + " and " + Arrays.toString(t.shape())
                        + " is not imported");
            }
        }
        ctx.putSym(n, 0, make.get().apply(in), l[0]);
    }

    private static void concat(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        long axis = n.intAttr("axis", 0);
        boolean allConst = true;
        for (int i = 0; i < n.inputs().size(); i++) {
            allConst &= ctx.value(n, i) instanceof Const;
        }
        if (allConst) {
            List<Long> out = new ArrayList<>();
            for (int i = 0; i < n.inputs().size(); i++) {
                OnnxTensor t = ctx.constant(n, i);
                long[] v = t.longs();
                if (v == null || t.dims().length != 1) {
                    throw new Unsupported("only 1-D integer constants (shapes) are concatenated while importing");
                }
                Arrays.stream(v).forEach(out::add);
            }
            long[] values = out.stream().mapToLong(Long::longValue).toArray();
            ctx.put(n.outputs().get(0), new Const(OnnxShapeImport.longs(values, values.length)));
            return;
        }
        List<Sym> xs = syms(n, ctx);
        Layout[] l = new Layout[1];
        List<SymbolicTensor> ts = aligned(xs, l);
        List<SymbolicTensor> in = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            SymbolicTensor t = ts.get(i);
            in.add(t != null ? t : ctx.as(xs.get(i), l[0]));
        }
        int k = axis(new Sym(in.get(0), l[0]), axis, n);
        ctx.putSym(n, 0, in.size() == 1 ? in.get(0) : new Concatenate(k).apply(in), l[0]);
    }
}
