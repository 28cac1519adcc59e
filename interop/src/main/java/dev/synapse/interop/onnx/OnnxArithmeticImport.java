package dev.synapse.interop.onnx;

import dev.synapse.interop.onnx.OnnxImportContext.Unsupported;
import dev.synapse.interop.onnx.OnnxValue.Const;
import dev.synapse.interop.onnx.OnnxValue.Layout;
import dev.synapse.interop.onnx.OnnxValue.Sym;
import dev.synapse.nn.layers.Rescaling;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;

/**
 * Add, Sub, Mul and Div of a model tensor and a constant (PyTorch's {@code x / 255}, {@code (x - mean) / std}
 * with buffers, {@code 1 - x}) become one {@code Rescaling} ({@code x * scale + offset}); a constant is
 * broadcast as ONNX broadcasts it and, for a value Synapse holds channels-last, transposed to that layout.
 * A division by a constant multiplies by its reciprocal, which may differ from PyTorch's quotient in the
 * last bit.
 */
final class OnnxArithmeticImport {
    private OnnxArithmeticImport() {}

    /** True when {@code n} has two inputs of which exactly one is a constant. */
    static boolean hasOneConstant(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        if (n.inputs().size() != 2) {
            return false;
        }
        boolean a = ctx.value(n, 0) instanceof Const;
        boolean b = ctx.value(n, 1) instanceof Const;
        return a != b;
    }

    static void withConstant(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        boolean constantFirst = ctx.value(n, 0) instanceof Const;
        Sym x = ctx.sym(n, constantFirst ? 1 : 0);
        OnnxTensor c = ctx.constant(n, constantFirst ? 0 : 1);
        Tensor k = inLayout(c, x, n);
        Tensor one = Tensor.scalar(1.0, DType.FLOAT64);
        Tensor zero = Tensor.scalar(0.0, DType.FLOAT64);
        Rescaling layer = switch (n.opType()) {
            case "Add" -> new Rescaling(one, k);
            case "Mul" -> new Rescaling(k, zero);
            case "Sub" ->
                constantFirst ? new Rescaling(Tensor.scalar(-1.0, DType.FLOAT64), k) : new Rescaling(one, k.neg());
            case "Div" -> {
                if (constantFirst) {
                    throw new Unsupported("a constant divided by a model tensor (a reciprocal) is not imported");
                }
                yield new Rescaling(reciprocal(k), zero);
            }
            default -> throw new Unsupported("operator " + n.opType() + " with a constant is not imported");
        };
        ctx.putSym(n, 0, layer.apply(x.tensor()), x.layout());
    }

    private static Tensor reciprocal(Tensor k) throws Unsupported {
        for (double v : k.toDoubleArray()) {
            if (v == 0 || !Double.isFinite(v)) {
                throw new Unsupported("division by the constant " + v + " is not imported");
            }
        }
        return Tensor.scalar(1.0, DType.FLOAT64).div(k);
    }

    /**
     * The constant as a float64 tensor that broadcasts against {@code x} in Synapse's layout of it: padded to
     * {@code x}'s rank, transposed when {@code x} is channels-last, leading ones dropped, a scalar when it holds one
     * value. A constant that would widen {@code x} (or vary over its batch) is refused.
     */
    private static Tensor inLayout(OnnxTensor c, Sym x, OnnxNode n) throws Unsupported {
        if (x.layout() != Layout.SAME && x.layout() != Layout.CHANNELS_LAST) {
            throw new Unsupported("a value of layout " + x.layout() + " cannot be used by " + n.opType());
        }
        double[] values = c.asDoubles();
        if (values.length == 0 && c.size() != 0) {
            throw new Unsupported("constant " + c + " is not numeric");
        }
        if (c.size() == 1) {
            return Tensor.scalar(values[0], DType.FLOAT64);
        }
        long[] xs = OnnxImportContext.onnxShape(x);
        int rank = xs.length;
        long[] cd = c.dims();
        if (cd.length > rank) {
            throw new Unsupported(
                    "constant of dims " + Arrays.toString(cd) + " has more axes than the model tensor " + shape(xs));
        }
        int[] padded = new int[rank];
        Arrays.fill(padded, 1);
        for (int i = 0; i < cd.length; i++) {
            padded[rank - cd.length + i] = (int) cd[i];
        }
        for (int i = 0; i < rank; i++) {
            if (padded[i] != 1 && (i == 0 || padded[i] != xs[i])) {
                throw new Unsupported("constant of dims " + Arrays.toString(cd) + " does not broadcast into the model"
                        + " tensor " + shape(xs) + " without widening it");
            }
        }
        Tensor t = Tensor.wrap(values, padded);
        if (x.layout() == Layout.CHANNELS_LAST) {
            int[] perm = new int[rank];
            for (int i = 1; i < rank - 1; i++) {
                perm[i] = i + 1;
            }
            perm[rank - 1] = 1;
            t = t.permute(perm).contiguous();
        }
        int drop = 0;
        while (drop < rank - 1 && t.dims()[drop] == 1) {
            drop++;
        }
        return t.reshape(Arrays.copyOfRange(t.dims(), drop, rank));
    }

    private static String shape(long[] dims) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : ", ").append(dims[i] == OnnxImportContext.BATCH ? "batch" : Long.toString(dims[i]));
        }
        return s.append("]").toString();
    }
}
