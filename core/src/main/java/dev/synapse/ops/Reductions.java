package dev.synapse.ops;

import dev.synapse.autograd.Autograd;
import dev.synapse.backend.ReduceOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;

/** Reductions along any axes, with {@code keepDims}, each with its backward rule. */
public final class Reductions {
    private Reductions() {
    }

    /** Runs a reduce kernel and returns the keep-dims result. */
    static Tensor reduceKernel(ReduceOp op, Tensor x, int[] axes, DType dtype) {
        Tensor out = OpSupport.empty(x, dtype, OpSupport.keepDimsShape(x.dims(), axes));
        x.backend().reduce(op, x, axes, out);
        return out;
    }

    /** Drops the reduced axes unless {@code keepDims}. */
    static Tensor finish(Tensor kept, int[] dims, int[] axes, boolean keepDims) {
        return keepDims ? kept : kept.reshape(OpSupport.removeAxes(dims, axes));
    }

    /** Sum over {@code axes} ({@code null}: all). Integer and bool inputs sum as int64, as NumPy. */
    public static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
        int[] ax = OpSupport.normalizeAxes(axes, x.rank(), "sum");
        DType dt = x.dtype().isFloating() ? x.dtype() : DType.INT64;
        Tensor kept = reduceKernel(ReduceOp.SUM, x, ax, dt);
        int[] dims = x.dims();
        Autograd.record(kept, "sum", g -> new Tensor[] {g.expand(dims)}, x);
        return finish(kept, dims, ax, keepDims);
    }

    /** Arithmetic mean over {@code axes} ({@code null}: all). */
    public static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        Tensor xf = x.dtype().isFloating() ? x : x.to(DType.FLOAT32);
        int[] ax = OpSupport.normalizeAxes(axes, x.rank(), "mean");
        long count = 1;
        for (int a : ax) {
            count *= x.dim(a);
        }
        return sum(xf, ax, keepDims).div((double) count);
    }
}
