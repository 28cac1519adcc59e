package dev.synapse.backend.cpu;

import dev.synapse.backend.ReduceOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;

/** Reductions over any set of axes, and argmax/argmin along one axis. Sums accumulate in double. */
final class ReduceKernels {
    private ReduceKernels() {
    }

    /** For each element of {@code x} in row-major order: the linear index of the keep-dims output element it reduces into. */
    private static int[] outputIndex(int[] xs, int[] axes) {
        int[] outShape = xs.clone();
        for (int a : axes) {
            outShape[a] = 1;
        }
        int[] os = Shape.contiguousStrides(outShape);
        for (int a : axes) {
            os[a] = 0;
        }
        return Strided.offsets(xs, os, 0);
    }

    static void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        int[] xs = x.dims();
        int m = out.size();
        int[] oi = outputIndex(xs, axes);
        int[] xo = Strided.offsets(x);
        Object xa = Elements.array(x);
        DType xt = x.dtype();
        int[] oo = Strided.offsets(out);
        Object oa = Elements.array(out);
        if (xt.isFloating()) {
            double[] acc = new double[m];
            double init = switch (op) {
                case SUM -> 0.0;
                case PROD -> 1.0;
                case MAX -> Double.NEGATIVE_INFINITY;
                case MIN -> Double.POSITIVE_INFINITY;
            };
            java.util.Arrays.fill(acc, init);
            for (int i = 0; i < xo.length; i++) {
                double v = Elements.getDouble(xa, xt, xo[i]);
                int k = oi[i];
                acc[k] = switch (op) {
                    case SUM -> acc[k] + v;
                    case PROD -> acc[k] * v;
                    case MAX -> v > acc[k] || Double.isNaN(v) ? v : acc[k];
                    case MIN -> v < acc[k] || Double.isNaN(v) ? v : acc[k];
                };
            }
            for (int k = 0; k < m; k++) {
                Elements.setDouble(oa, out.dtype(), oo[k], acc[k]);
            }
        } else {
            long[] acc = new long[m];
            long init = switch (op) {
                case SUM -> 0L;
                case PROD -> 1L;
                case MAX -> Long.MIN_VALUE;
                case MIN -> Long.MAX_VALUE;
            };
            java.util.Arrays.fill(acc, init);
            for (int i = 0; i < xo.length; i++) {
                long v = Elements.getLong(xa, xt, xo[i]);
                int k = oi[i];
                acc[k] = switch (op) {
                    case SUM -> acc[k] + v;
                    case PROD -> acc[k] * v;
                    case MAX -> Math.max(acc[k], v);
                    case MIN -> Math.min(acc[k], v);
                };
            }
            for (int k = 0; k < m; k++) {
                Elements.setLong(oa, out.dtype(), oo[k], acc[k]);
            }
        }
    }

    static void argReduce(boolean max, Tensor x, int axis, Tensor out) {
        int[] xs = x.dims();
        int m = out.size();
        int[] oi = outputIndex(xs, new int[] {axis});
        int[] xo = Strided.offsets(x);
        Object xa = Elements.array(x);
        DType xt = x.dtype();
        int inner = 1;
        for (int d = axis + 1; d < xs.length; d++) {
            inner *= xs[d];
        }
        double[] best = new double[m];
        long[] idx = new long[m];
        boolean[] seen = new boolean[m];
        for (int i = 0; i < xo.length; i++) {
            double v = Elements.getDouble(xa, xt, xo[i]);
            int k = oi[i];
            boolean better = !seen[k]
                    || (Double.isNaN(v) && !Double.isNaN(best[k]))
                    || (max ? v > best[k] : v < best[k]);
            if (better) {
                seen[k] = true;
                best[k] = v;
                idx[k] = (i / inner) % xs[axis];
            }
        }
        long[] o = (long[]) Elements.array(out);
        int[] oo = Strided.offsets(out);
        for (int k = 0; k < m; k++) {
            o[oo[k]] = idx[k];
        }
    }
}
