package dev.synapse.interop.onnx;

import dev.synapse.interop.onnx.OnnxImportContext.Unsupported;
import dev.synapse.interop.onnx.OnnxValue.Const;
import dev.synapse.interop.onnx.OnnxValue.Layout;
import dev.synapse.interop.onnx.OnnxValue.Sym;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Embedding;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Gemm and MatMul with a constant weight become {@code Dense} (PyTorch's {@code nn.Linear} exports as
 * Gemm on 2-D inputs and as MatMul followed by Add otherwise); Gather from a constant table by model
 * indices becomes {@code Embedding}.
 */
final class OnnxDenseImport {
    private OnnxDenseImport() {}

    static void register(Map<String, OnnxOpImport> ops) {
        ops.put("Gemm", OnnxDenseImport::gemm);
        ops.put("MatMul", OnnxDenseImport::matMul);
    }

    private static void gemm(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        Sym a = ctx.sym(n, 0);
        OnnxTensor b = ctx.constant(n, 1);
        OnnxTensor c = ctx.optionalConstant(n, 2);
        if (n.intAttr("transA", 0) != 0) {
            throw new Unsupported("transA=1 (a transposed input) is not supported");
        }
        boolean transB = n.intAttr("transB", 0) != 0;
        float alpha = n.floatAttr("alpha", 1f);
        float beta = n.floatAttr("beta", 1f);
        SymbolicTensor x = ctx.as(a, Layout.SAME);
        if (x.rank() != 2 || b.dims().length != 2) {
            throw new Unsupported("Gemm needs a 2-D input and a 2-D weight, got input " + Arrays.toString(x.shape())
                    + " and weight " + Arrays.toString(b.dims()));
        }
        Tensor kernel = OnnxImportContext.tensor(b);
        if (transB) {
            kernel = kernel.transpose(0, 1).contiguous();
        }
        if (alpha != 1f) {
            kernel = kernel.mul(Tensor.of(alpha));
        }
        Tensor bias = c == null ? null : bias(c, kernel.dim(1), beta);
        String key = "Gemm " + b.name() + " " + (c == null ? "" : c.name()) + " " + transB + " " + alpha + " " + beta;
        ctx.putSym(n, 0, dense(ctx, key, x, kernel, bias), Layout.SAME);
    }

    private static void matMul(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        Sym a = ctx.sym(n, 0);
        OnnxTensor w = ctx.constant(n, 1);
        if (w.dims().length != 2) {
            throw new Unsupported("only a product with a constant 2-D weight is imported, got weight dims "
                    + Arrays.toString(w.dims()));
        }
        SymbolicTensor x = ctx.as(a, Layout.SAME);
        Tensor kernel = OnnxImportContext.tensor(w);
        String out = n.outputs().get(0);
        OnnxNode add = biasAdd(ctx, out, kernel.dim(1));
        Tensor bias = null;
        String key = "MatMul " + w.name();
        String target = out;
        OnnxTensor c = add == null ? null : biasOperand(ctx, add, out);
        if (add != null && c != null) {
            bias = bias(c, kernel.dim(1), 1f);
            key += " " + c.name();
            ctx.fuse(add);
            target = add.outputs().get(0);
            // The product without its bias exists only inside the fused Add.
            ctx.put(out, new OnnxValue.Missing());
        }
        ctx.put(target, new Sym(dense(ctx, key, x, kernel, bias), Layout.SAME));
    }

    /** The Add that only adds a bias vector to {@code out}, if that is its sole use. */
    private static @Nullable OnnxNode biasAdd(OnnxImportContext ctx, String out, int units) {
        List<OnnxNode> users = ctx.consumers(out);
        if (users.size() != 1 || ctx.isGraphOutput(out)) {
            return null;
        }
        OnnxNode add = users.get(0);
        if (!add.opType().equals("Add")
                || add.inputs().size() != 2
                || add.outputs().isEmpty()) {
            return null;
        }
        OnnxTensor c = biasOperand(ctx, add, out);
        return c != null && c.isFloating() && c.size() == units && c.dims().length <= 1 ? add : null;
    }

    private static @Nullable OnnxTensor biasOperand(OnnxImportContext ctx, OnnxNode add, String out) {
        String other = add.input(0).equals(out) ? add.input(1) : add.input(0);
        return ctx.valueOrNull(other) instanceof Const c ? c.tensor() : null;
    }

    private static Tensor bias(OnnxTensor c, int units, float beta) throws Unsupported {
        if (c.size() != units && c.size() != 1) {
            throw new Unsupported("bias '" + c.name() + "' has dims " + Arrays.toString(c.dims()) + ", expected "
                    + units + " values");
        }
        Tensor t = OnnxImportContext.tensor(c).reshape((int) c.size());
        if (c.size() == 1 && units != 1) {
            t = t.expand(units).contiguous();
        }
        return beta == 1f ? t : t.mul(Tensor.of(beta));
    }

    private static SymbolicTensor dense(
            OnnxImportContext ctx, String key, SymbolicTensor x, Tensor kernel, @Nullable Tensor bias)
            throws Unsupported {
        int in = kernel.dim(0);
        if (x.dim(x.rank() - 1) != in) {
            throw new Unsupported(
                    "input of shape " + Arrays.toString(x.shape()) + " does not fit a weight of " + in + " inputs");
        }
        Dense layer = ctx.shared(
                key, () -> Dense.builder(kernel.dim(1)).useBias(bias != null).build());
        SymbolicTensor y = layer.apply(x);
        layer.kernel().assign(kernel);
        if (bias != null) {
            layer.bias().assign(bias);
        }
        return y;
    }

    /** Gather from a constant table by indices the model receives: {@code nn.Embedding}. */
    static void embedding(OnnxNode n, OnnxImportContext ctx, OnnxTensor table, Sym indices) throws Unsupported {
        if (table.dims().length != 2 || !table.isFloating() || n.intAttr("axis", 0) != 0) {
            throw new Unsupported("only a lookup in a 2-D float table along axis 0 is imported, got table "
                    + Arrays.toString(table.dims()) + " axis " + n.intAttr("axis", 0));
        }
        if (indices.layout() != Layout.SAME || indices.tensor().dtype().isFloating()) {
            throw new Unsupported("the indices must be an integer model tensor");
        }
        Embedding layer = ctx.shared(
                "Embedding " + table.name(), () -> new Embedding((int) table.dims()[0], (int) table.dims()[1]));
        SymbolicTensor y = layer.apply(indices.tensor());
        layer.embeddings().assign(OnnxImportContext.tensor(table));
        ctx.putSym(n, 0, y, Layout.SAME);
    }
}
