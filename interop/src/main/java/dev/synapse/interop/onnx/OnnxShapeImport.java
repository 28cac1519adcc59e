package dev.synapse.interop.onnx;

import dev.synapse.interop.onnx.OnnxImportContext.Unsupported;
import dev.synapse.interop.onnx.OnnxValue.Const;
import dev.synapse.interop.onnx.OnnxValue.Layout;
import dev.synapse.interop.onnx.OnnxValue.Sym;
import dev.synapse.interop.onnx.OnnxValue.ZeroState;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.Lambda;
import dev.synapse.nn.layers.Permute;
import dev.synapse.nn.layers.Reshape;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The shape plumbing of exported graphs: Constant, Shape, Gather, Unsqueeze, Squeeze, Concat and
 * ConstantOfShape on known values are evaluated while importing (the batch size standing in as a
 * marker); Reshape, Flatten and Transpose of model tensors become {@code Reshape}, {@code Flatten}
 * and {@code Permute} in the ONNX (channels-first) order; Identity and Dropout pass their input on.
 */
final class OnnxShapeImport {
    private OnnxShapeImport() {}

    static void register(Map<String, OnnxOpImport> ops) {
        ops.put("Constant", OnnxShapeImport::constant);
        ops.put("Identity", (n, ctx) -> ctx.put(n.outputs().get(0), ctx.value(n, 0)));
        ops.put("Dropout", OnnxShapeImport::dropout);
        ops.put("Shape", OnnxShapeImport::shape);
        ops.put("Gather", OnnxShapeImport::gather);
        ops.put("Unsqueeze", OnnxShapeImport::unsqueeze);
        ops.put("Squeeze", OnnxShapeImport::squeeze);
        ops.put("ConstantOfShape", OnnxShapeImport::constantOfShape);
        ops.put("Reshape", OnnxShapeImport::reshape);
        ops.put("Flatten", OnnxShapeImport::flatten);
        ops.put("Transpose", OnnxShapeImport::transpose);
    }

    static OnnxTensor longs(long[] values, long... dims) {
        return new OnnxTensor("", OnnxTensor.INT64, dims, null, values);
    }

    private static void constant(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        OnnxTensor t = n.tensorAttr("value");
        OnnxAttribute a;
        if (t == null && (a = n.attributes().get("value_int")) != null) {
            t = longs(new long[] {a.i()});
        } else if (t == null && (a = n.attributes().get("value_ints")) != null) {
            t = longs(a.ints(), a.ints().length);
        } else if (t == null && (a = n.attributes().get("value_float")) != null) {
            t = new OnnxTensor("", OnnxTensor.FLOAT, new long[0], new float[] {a.f()}, null);
        } else if (t == null && (a = n.attributes().get("value_floats")) != null) {
            t = new OnnxTensor("", OnnxTensor.FLOAT, new long[] {a.floats().length}, a.floats(), null);
        }
        if (t == null || (t.floats() == null && t.longs() == null)) {
            throw new Unsupported("only numeric value, value_int(s) and value_float(s) constants are supported");
        }
        ctx.put(n.outputs().get(0), new Const(t));
    }

    private static void dropout(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        Sym x = ctx.sym(n, 0);
        OnnxTensor ratio = ctx.optionalConstant(n, 1);
        double rate = ratio == null ? n.floatAttr("ratio", 0.5f) : ratio.asDoubles()[0];
        if (n.outputs().size() > 1 && ctx.isUsed(n.outputs().get(1))) {
            throw new Unsupported("the mask output of Dropout is not supported");
        }
        // Identity at inference, as in ONNX; a fine-tuning run drops at the exported rate.
        ctx.putSym(n, 0, new Dropout(rate).apply(x.tensor()), x.layout());
    }

    private static void shape(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        OnnxValue v = ctx.value(n, 0);
        long[] dims;
        if (v instanceof Sym s) {
            dims = OnnxImportContext.onnxShape(s);
        } else if (v instanceof Const c) {
            dims = c.tensor().dims();
        } else {
            throw new Unsupported("the shape of this value is not known");
        }
        int rank = dims.length;
        int start = normalize((int) n.intAttr("start", 0), rank, true);
        int end = normalize((int) n.intAttr("end", rank), rank, true);
        long[] out = Arrays.copyOfRange(dims, start, Math.max(start, end));
        ctx.put(n.outputs().get(0), new Const(longs(out, out.length)));
    }

    private static int normalize(int axis, int rank, boolean clamp) {
        int a = axis < 0 ? axis + rank : axis;
        return clamp ? Math.clamp(a, 0, rank) : a;
    }

    private static void gather(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        OnnxValue data = ctx.value(n, 0);
        OnnxValue indices = ctx.value(n, 1);
        int axis = (int) n.intAttr("axis", 0);
        if (data instanceof Const c && indices instanceof Sym s) {
            OnnxDenseImport.embedding(n, ctx, c.tensor(), s);
        } else if (data instanceof Const c && indices instanceof Const i) {
            long[] d = c.tensor().longs();
            long[] idx = i.tensor().longs();
            if (d == null || idx == null || c.tensor().dims().length != 1 || axis != 0) {
                throw new Unsupported("only gathers from 1-D integer constants (shapes) are evaluated");
            }
            long[] out = new long[idx.length];
            for (int k = 0; k < idx.length; k++) {
                long j = idx[k] < 0 ? idx[k] + d.length : idx[k];
                if (j < 0 || j >= d.length) {
                    throw new Unsupported("index " + idx[k] + " out of range for " + d.length + " values");
                }
                out[k] = d[(int) j];
            }
            ctx.put(n.outputs().get(0), new Const(longs(out, i.tensor().dims())));
        } else if (data instanceof Sym s && indices instanceof Const i) {
            long[] idx = i.tensor().longs();
            int rank = s.tensor().rank();
            int a = normalize(axis, rank, false);
            if (s.layout() != Layout.SAME
                    || idx == null
                    || idx.length != 1
                    || i.tensor().dims().length != 0
                    || a < 1
                    || a >= rank) {
                throw new Unsupported("only one scalar index along a non-batch axis of a model tensor is imported");
            }
            int size = s.tensor().dim(a);
            long j = idx[0] < 0 && size >= 0 ? idx[0] + size : idx[0];
            if (j < 0 || (size >= 0 && j >= size)) {
                throw new Unsupported("index " + idx[0] + " out of range for axis " + a + " of size " + size);
            }
            ctx.putSym(n, 0, select(s.tensor(), a, (int) j), Layout.SAME);
        } else {
            throw new Unsupported("this combination of data and indices is not supported");
        }
    }

    /** Time step {@code index} (negative from the end) of a batch-first sequence {@code [N, T, H]}. */
    static SymbolicTensor timeStep(SymbolicTensor seq, int index) {
        String name = "onnx_time_step_" + index;
        Function<List<Tensor>, Tensor> fn = xs -> {
            Tensor x = xs.get(0);
            return x.select(1, index < 0 ? x.dim(1) + index : index);
        };
        Lambda.register(name, fn);
        return new Lambda(name, fn, s -> new int[] {s.get(0)[0], s.get(0)[2]}).apply(seq);
    }

    private static SymbolicTensor select(SymbolicTensor x, int axis, int index) {
        String name = "onnx_select_" + axis + "_" + index;
        Function<List<Tensor>, Tensor> fn = xs -> xs.get(0).select(axis, index);
        Lambda.register(name, fn);
        return new Lambda(name, fn, s -> {
                    int[] in = s.get(0);
                    int[] out = new int[in.length - 1];
                    for (int i = 0, k = 0; i < in.length; i++) {
                        if (i != axis) {
                            out[k++] = in[i];
                        }
                    }
                    return out;
                })
                .apply(x);
    }

    private static long[] axes(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        if (!n.input(1).isEmpty()) {
            long[] a = ctx.constant(n, 1).longs();
            if (a == null) {
                throw new Unsupported("axes must be integers");
            }
            return a;
        }
        long[] a = n.intsAttr("axes");
        return a == null ? new long[0] : a;
    }

    private static void unsqueeze(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        OnnxValue v = ctx.value(n, 0);
        long[] axes = axes(n, ctx);
        long[] dims = v instanceof Sym s
                ? OnnxImportContext.onnxShape(s)
                : ((Const) requireConst(v)).tensor().dims();
        int rank = dims.length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int k = normalize((int) a, rank, false);
            if (k < 0 || k >= rank || inserted[k]) {
                throw new Unsupported("axes " + Arrays.toString(axes) + " do not fit rank " + dims.length);
            }
            inserted[k] = true;
        }
        long[] out = new long[rank];
        for (int i = 0, k = 0; i < rank; i++) {
            out[i] = inserted[i] ? 1 : dims[k++];
        }
        reshaped(n, ctx, v, out);
    }

    private static void squeeze(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        OnnxValue v = ctx.value(n, 0);
        long[] axes = axes(n, ctx);
        if (v instanceof Sym s && s.layout() == Layout.RNN_SEQUENCE && Arrays.equals(axes, new long[] {1})) {
            ctx.putSym(n, 0, s.tensor(), Layout.TIME_MAJOR);
            return;
        }
        if (v instanceof Sym s && s.layout() == Layout.RNN_STATE && Arrays.equals(axes, new long[] {0})) {
            ctx.putSym(n, 0, s.tensor(), Layout.SAME);
            return;
        }
        long[] dims = v instanceof Sym s
                ? OnnxImportContext.onnxShape(s)
                : ((Const) requireConst(v)).tensor().dims();
        boolean[] drop = new boolean[dims.length];
        for (long a : axes) {
            int k = normalize((int) a, dims.length, false);
            if (k < 0 || k >= dims.length || dims[k] != 1) {
                throw new Unsupported("cannot squeeze axis " + a + " of dims " + format(dims));
            }
            drop[k] = true;
        }
        if (axes.length == 0) {
            for (int i = 0; i < dims.length; i++) {
                drop[i] = dims[i] == 1;
            }
        }
        long[] out = new long[dims.length];
        int k = 0;
        for (int i = 0; i < dims.length; i++) {
            if (!drop[i]) {
                out[k++] = dims[i];
            }
        }
        reshaped(n, ctx, v, Arrays.copyOf(out, k));
    }

    private static OnnxValue requireConst(OnnxValue v) throws Unsupported {
        if (!(v instanceof Const)) {
            throw new Unsupported("the input is neither a model tensor nor a constant");
        }
        return v;
    }

    /** {@code v} with new ONNX dims of the same elements: a constant keeps its values, a model tensor gets a Reshape. */
    private static void reshaped(OnnxNode n, OnnxImportContext ctx, OnnxValue v, long[] dims) throws Unsupported {
        if (v instanceof Const c) {
            OnnxTensor t = c.tensor();
            ctx.put(n.outputs().get(0), new Const(new OnnxTensor("", t.dataType(), dims, t.floats(), t.longs())));
            return;
        }
        Sym s = (Sym) v;
        if (dims.length == 0 || dims[0] != OnnxImportContext.BATCH) {
            throw new Unsupported("the batch axis must stay first, got dims " + format(dims));
        }
        ctx.putSym(n, 0, reshape(ctx.as(s, Layout.SAME), Arrays.copyOfRange(dims, 1, dims.length)), Layout.SAME);
    }

    private static SymbolicTensor reshape(SymbolicTensor x, long[] perSample) throws Unsupported {
        int[] target = new int[perSample.length];
        for (int i = 0; i < target.length; i++) {
            if (perSample[i] < -1 || perSample[i] > Integer.MAX_VALUE) {
                throw new Unsupported("dims " + format(perSample) + " are not known while importing");
            }
            target[i] = (int) perSample[i];
        }
        int[] in = Arrays.copyOfRange(x.shape(), 1, x.rank());
        return Arrays.equals(in, target) ? x : new Reshape(target).apply(x);
    }

    private static void constantOfShape(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        long[] shape = ctx.constant(n, 0).longs();
        if (shape == null) {
            throw new Unsupported("the shape must be integers");
        }
        OnnxTensor value = n.tensorAttr("value");
        double fill = value == null ? 0 : value.asDoubles().length == 0 ? Double.NaN : value.asDoubles()[0];
        boolean batch = Arrays.stream(shape).anyMatch(d -> d == OnnxImportContext.BATCH);
        if (batch) {
            if (fill != 0) {
                throw new Unsupported("only zeros of a batch-dependent shape are supported, got " + fill);
            }
            ctx.put(n.outputs().get(0), new ZeroState());
            return;
        }
        long count = 1;
        for (long d : shape) {
            if (d < 0 || d > Integer.MAX_VALUE || (count *= d) > 1 << 24) {
                throw new Unsupported("shape " + format(shape) + " is unknown or too large to evaluate");
            }
        }
        float[] f = new float[(int) count];
        Arrays.fill(f, (float) fill);
        ctx.put(n.outputs().get(0), new Const(new OnnxTensor("", OnnxTensor.FLOAT, shape, f, null)));
    }

    private static void reshape(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        Sym s = ctx.sym(n, 0);
        long[] target = ctx.constant(n, 1).longs();
        if (target == null) {
            throw new Unsupported("the target shape must be integers");
        }
        if (n.intAttr("allowzero", 0) != 0) {
            throw new Unsupported("allowzero=1 is not supported");
        }
        if (s.layout() == Layout.BIRNN_STEPS) {
            // [T, N, 2, H] to [T, N, 2H]: the two directions side by side, which the Bidirectional layer holds.
            long[] dims = OnnxImportContext.onnxShape(s);
            long both = 2 * dims[3];
            boolean steps = target.length == 3 && (target[0] == 0 || target[0] == dims[0]);
            boolean batch = target.length == 3 && (target[1] == 0 || target[1] == OnnxImportContext.BATCH);
            if (steps && batch && (target[2] == -1 || target[2] == both)) {
                ctx.putSym(n, 0, s.tensor(), Layout.TIME_MAJOR);
                return;
            }
            throw new Unsupported("a bidirectional output [T, N, 2, H] is reshaped to " + format(target)
                    + "; only [T, N, 2H] (the two directions side by side) is imported");
        }
        SymbolicTensor x = ctx.as(s, Layout.SAME);
        int[] in = x.shape();
        if (target.length == 0 || (target[0] != OnnxImportContext.BATCH && target[0] != 0 && target[0] != -1)) {
            throw new Unsupported("the batch axis must stay first: target " + format(target)
                    + " should start with -1, 0 or the batch size");
        }
        long known = 1;
        for (int i = 1; i < in.length; i++) {
            if (in[i] < 0) {
                throw new Unsupported("the input's size " + Arrays.toString(in) + " is not known while importing");
            }
            known *= in[i];
        }
        long[] per = new long[target.length - 1];
        long product = 1;
        int infer = -1;
        for (int i = 1; i < target.length; i++) {
            long d = target[i] == 0 && i < in.length ? in[i] : target[i];
            if (d == -1 && target[0] != -1 && infer < 0) {
                infer = i - 1;
            } else if (d < 1) {
                throw new Unsupported(
                        "target " + format(target) + " is not supported for input " + Arrays.toString(in));
            } else {
                product *= d;
            }
            per[i - 1] = d;
        }
        if (infer >= 0) {
            if (product == 0 || known % product != 0) {
                throw new Unsupported("target " + format(target) + " does not fit input " + Arrays.toString(in));
            }
            per[infer] = known / product;
        } else if (product != known) {
            throw new Unsupported("target " + format(target) + " changes the batch size of input " + Arrays.toString(in)
                    + "; Synapse keeps the batch axis");
        }
        ctx.putSym(n, 0, reshape(x, per), Layout.SAME);
    }

    private static void flatten(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        Sym s = ctx.sym(n, 0);
        if (n.intAttr("axis", 1) != 1) {
            throw new Unsupported("only axis=1 (keep the batch) is supported, got " + n.intAttr("axis", 1));
        }
        SymbolicTensor x = ctx.as(s, Layout.SAME);
        ctx.putSym(n, 0, x.rank() == 2 ? x : new Flatten().apply(x), Layout.SAME);
    }

    private static void transpose(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        Sym s = ctx.sym(n, 0);
        int rank = s.tensor().rank();
        long[] p = n.intsAttr("perm");
        long[] swap = {1, 0, 2};
        // PyTorch's bidirectional output: Y [T, 2, N, H] to [T, N, 2, H], then reshaped to [T, N, 2H].
        if (s.layout() == Layout.BIRNN_SEQUENCE && Arrays.equals(p, new long[] {0, 2, 1, 3})) {
            ctx.putSym(n, 0, s.tensor(), Layout.BIRNN_STEPS);
            return;
        }
        if (rank == 3 && Arrays.equals(p, swap) && s.layout() == Layout.SAME) {
            ctx.putSym(n, 0, s.tensor(), Layout.TIME_MAJOR);
            return;
        }
        if (rank == 3 && Arrays.equals(p, swap) && s.layout() == Layout.TIME_MAJOR) {
            ctx.putSym(n, 0, s.tensor(), Layout.SAME);
            return;
        }
        if (p == null || p.length != rank || p[0] != 0) {
            throw new Unsupported("perm " + (p == null ? "(reverse)" : Arrays.toString(p))
                    + " moves the batch axis, which Synapse keeps first");
        }
        int[] dims = new int[rank - 1];
        boolean identity = true;
        for (int i = 1; i < rank; i++) {
            dims[i - 1] = (int) p[i];
            identity &= p[i] == i;
        }
        boolean toChannelsLast = rank >= 3 && p[rank - 1] == 1;
        for (int i = 1; i < rank - 1; i++) {
            toChannelsLast &= p[i] == i + 1;
        }
        if (toChannelsLast && s.layout() == Layout.CHANNELS_LAST) {
            // NCHW -> NHWC of a value already held channels-last: the held tensor is the answer.
            ctx.putSym(n, 0, s.tensor(), Layout.SAME);
            return;
        }
        SymbolicTensor x = ctx.as(s, Layout.SAME);
        ctx.putSym(n, 0, identity ? x : new Permute(dims).apply(x), Layout.SAME);
    }

    static String format(long[] dims) {
        List<String> s = new ArrayList<>();
        for (long d : dims) {
            s.add(d == OnnxImportContext.BATCH ? "batch" : Long.toString(d));
        }
        return "[" + String.join(", ", s) + "]";
    }
}
