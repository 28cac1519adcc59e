package dev.synapse.backend.cpu;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;

/**
 * Log-softmax along the last axis and its backward pass, each in one kernel: composed, the forward pass is nine
 * kernels (max, the finite test, the shift, exp, sum, log, two subtractions) and the backward four, each a pass over
 * memory with its own dispatch, which for a classifier's [256, 10] logits cost more than the arithmetic.
 */
final class LogSoftmaxRows {
    private LogSoftmaxRows() {}

    /** False (nothing written) unless both are contiguous, of one shape and dtype, float32 or float64, not empty. */
    static boolean forward(Tensor x, Tensor out) {
        if (!fits(x, out)) {
            return false;
        }
        int c = x.dim(-1);
        int xo = Strided.offset(x);
        int oo = Strided.offset(out);
        Object xa = Elements.array(x);
        Object oa = Elements.array(out);
        Parallel.forRange(rows(x), grain(c), (r0, r1) -> {
            if (xa instanceof float[] xf) {
                FloatLogSoftmax.forward(xf, xo, (float[]) oa, oo, c, r0, r1);
            } else {
                DoubleLogSoftmax.forward((double[]) xa, xo, (double[]) oa, oo, c, r0, r1);
            }
        });
        return true;
    }

    /** {@code gx = g - exp(out) * sum(g)} along the last axis; false (nothing written) where {@link #forward} would be. */
    static boolean backward(Tensor out, Tensor g, Tensor gx) {
        if (!fits(out, g) || !fits(out, gx)) {
            return false;
        }
        int c = out.dim(-1);
        int oo = Strided.offset(out);
        int go = Strided.offset(g);
        int xo = Strided.offset(gx);
        Object oa = Elements.array(out);
        Object ga = Elements.array(g);
        Object xa = Elements.array(gx);
        Parallel.forRange(rows(out), grain(c), (r0, r1) -> {
            if (oa instanceof float[] of) {
                FloatLogSoftmax.backward(of, oo, (float[]) ga, go, (float[]) xa, xo, c, r0, r1);
            } else {
                DoubleLogSoftmax.backward((double[]) oa, oo, (double[]) ga, go, (double[]) xa, xo, c, r0, r1);
            }
        });
        return true;
    }

    private static boolean fits(Tensor a, Tensor b) {
        DType dt = a.dtype();
        return (dt == DType.FLOAT32 || dt == DType.FLOAT64)
                && b.dtype() == dt
                && a.rank() >= 1
                && a.size() > 0
                && a.shape().equals(b.shape())
                && a.isContiguous()
                && b.isContiguous();
    }

    private static int rows(Tensor t) {
        return (int) (t.size() / t.dim(-1));
    }

    /** Rows per parallel share: about as many values as an exp share of the unary ops. */
    private static int grain(int c) {
        return Math.max(1, (StridedLoop.GRAIN >> 3) / c);
    }
}
