package dev.synapse.backend.cpu;

import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;

/** Elementwise kernels: unary functions, broadcasting binary ops and {@code where}. */
final class ElementwiseKernels {
    private ElementwiseKernels() {
    }

    static void unary(UnaryOp op, Tensor x, double p1, double p2, Tensor out) {
        Object xa = Elements.array(x);
        Object oa = Elements.array(out);
        DType xt = x.dtype();
        DType ot = out.dtype();
        int n = out.size();
        int[] xo = Strided.offsets(x);
        int[] oo = Strided.offsets(out);
        for (int i = 0; i < n; i++) {
            Elements.setDouble(oa, ot, oo[i], ScalarMath.unary(op, Elements.getDouble(xa, xt, xo[i]), p1, p2));
        }
    }

    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = out.dims();
        int n = out.size();
        Object aa = Elements.array(a);
        Object ba = Elements.array(b);
        Object oa = Elements.array(out);
        int[] ao = Strided.offsets(a, shape);
        int[] bo = Strided.offsets(b, shape);
        int[] oo = Strided.offsets(out);
        DType at = a.dtype();
        DType bt = b.dtype();
        DType ot = out.dtype();
        if (at.isFloating() || bt.isFloating()) {
            for (int i = 0; i < n; i++) {
                double v = ScalarMath.binary(op, Elements.getDouble(aa, at, ao[i]), Elements.getDouble(ba, bt, bo[i]));
                Elements.setDouble(oa, ot, oo[i], v);
            }
        } else {
            for (int i = 0; i < n; i++) {
                long v = ScalarMath.binaryLong(op, Elements.getLong(aa, at, ao[i]), Elements.getLong(ba, bt, bo[i]));
                Elements.setLong(oa, ot, oo[i], v);
            }
        }
    }

    static void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        int[] shape = out.dims();
        int n = out.size();
        boolean[] c = (boolean[]) Elements.array(cond);
        Object aa = Elements.array(a);
        Object ba = Elements.array(b);
        Object oa = Elements.array(out);
        int[] co = Strided.offsets(cond, shape);
        int[] ao = Strided.offsets(a, shape);
        int[] bo = Strided.offsets(b, shape);
        int[] oo = Strided.offsets(out);
        DType ot = out.dtype();
        for (int i = 0; i < n; i++) {
            double v = c[co[i]] ? Elements.getDouble(aa, a.dtype(), ao[i]) : Elements.getDouble(ba, b.dtype(), bo[i]);
            Elements.setDouble(oa, ot, oo[i], v);
        }
    }
}
