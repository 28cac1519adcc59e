package dev.synapse.ops;

import dev.synapse.autograd.Autograd;
import dev.synapse.backend.ArgReduceOp;
import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.ReduceOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Reductions along any axes, with {@code keepDims}, each with its backward rule. Axes are given as
 * an array (negative counts from the end; {@code null} means all axes), as NumPy's {@code axis}.
 */
public final class Reductions {
    private Reductions() {}

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
    public static Tensor sum(Tensor x, int @Nullable [] axes, boolean keepDims) {
        int[] ax = OpSupport.normalizeAxes(axes, x.rank(), "sum");
        DType dt = x.dtype().isFloating() ? x.dtype() : DType.INT64;
        Tensor kept = reduceKernel(ReduceOp.SUM, x, ax, dt);
        int[] dims = x.dims();
        Autograd.record(kept, "sum", Autograd.NOTHING_SAVED, g -> new Tensor[] {g.expand(dims)}, x);
        return finish(kept, dims, ax, keepDims);
    }

    /** Arithmetic mean over {@code axes} ({@code null}: all). */
    public static Tensor mean(Tensor x, int @Nullable [] axes, boolean keepDims) {
        Tensor xf = x.dtype().isFloating() ? x : x.to(DType.FLOAT32);
        int[] ax = OpSupport.normalizeAxes(axes, x.rank(), "mean");
        long count = 1;
        for (int a : ax) {
            count *= x.dim(a);
        }
        return sum(xf, ax, keepDims).div((double) count);
    }

    /**
     * The largest element over {@code axes} ({@code null}: all), as {@code torch.amax} and
     * {@code keras.ops.max}; NaN wins. The gradient is shared evenly among tied maxima, as
     * TensorFlow's {@code reduce_max} and {@code torch.amax} do; where the result is NaN, no element
     * equals it and the whole slice's gradient is NaN, as in both.
     */
    public static Tensor max(Tensor x, int @Nullable [] axes, boolean keepDims) {
        return extreme(ReduceOp.MAX, "max", x, axes, keepDims);
    }

    /** The smallest element over {@code axes}; ties share the gradient evenly, as {@link #max}. */
    public static Tensor min(Tensor x, int @Nullable [] axes, boolean keepDims) {
        return extreme(ReduceOp.MIN, "min", x, axes, keepDims);
    }

    private static Tensor extreme(ReduceOp op, String name, Tensor x, int @Nullable [] axes, boolean keepDims) {
        int[] ax = OpSupport.normalizeAxes(axes, x.rank(), name);
        for (int a : ax) {
            if (x.dim(a) == 0) {
                throw new IllegalArgumentException(
                        name + ": cannot reduce the empty axis " + a + " of shape " + x.shape());
            }
        }
        Tensor kept = reduceKernel(op, x, ax, x.dtype());
        int[] dims = x.dims();
        if (x.dtype().isFloating()) {
            Autograd.record(
                    kept,
                    name,
                    new Tensor[] {x, kept},
                    g -> {
                        // A multiply, not a select: a NaN result has no hit, and g / 0 * 0 makes its slice NaN.
                        Tensor hit = x.eq(kept);
                        Tensor count = hit.sum(ax, true).to(g.dtype());
                        return new Tensor[] {g.div(count).expand(dims).mul(hit.to(g.dtype()))};
                    },
                    x);
        }
        return finish(kept, dims, ax, keepDims);
    }

    /**
     * The product over {@code axes} ({@code null}: all), as {@code torch.prod} and {@code keras.ops.prod}.
     * The gradient is exact with zeros present: where a slice holds one zero, that element receives
     * the product of the others and the rest receive 0; with two or more zeros all receive 0.
     */
    public static Tensor prod(Tensor x, int @Nullable [] axes, boolean keepDims) {
        int[] ax = OpSupport.normalizeAxes(axes, x.rank(), "prod");
        DType dt = x.dtype().isFloating() ? x.dtype() : DType.INT64;
        Tensor kept = reduceKernel(ReduceOp.PROD, x, ax, dt);
        int[] dims = x.dims();
        if (x.dtype().isFloating()) {
            Autograd.record(
                    kept,
                    "prod",
                    g -> {
                        Tensor zero = x.eq(0.0);
                        Tensor zeros = zero.sum(ax, true);
                        Tensor nonZero = Tensor.where(zero, Tensor.onesLike(x), x);
                        Tensor others = reduceKernel(ReduceOp.PROD, nonZero, ax, x.dtype());
                        Tensor noZero = zeros.eq(0.0);
                        Tensor oneZero = zeros.eq(1.0);
                        Tensor none = others.div(nonZero);
                        Tensor single =
                                Tensor.where(zero, others.expand(dims), Tensor.empty(x.dtype(), x.device(), dims));
                        Tensor local = Tensor.where(
                                noZero, none, Tensor.where(oneZero, single, Tensor.empty(x.dtype(), x.device(), dims)));
                        return new Tensor[] {g.mul(local)};
                    },
                    x);
        }
        return finish(kept, dims, ax, keepDims);
    }

    /**
     * Variance over {@code axes} ({@code null}: all) with {@code ddof} delta degrees of freedom:
     * {@code sum((x - mean)^2) / (n - ddof)}. Use 0 for the population variance (NumPy's and Keras'
     * default) and 1 for the unbiased estimate ({@code torch.var}'s default).
     */
    public static Tensor variance(Tensor x, int @Nullable [] axes, boolean keepDims, int ddof) {
        Tensor xf = x.dtype().isFloating() ? x : x.to(DType.FLOAT32);
        int[] ax = OpSupport.normalizeAxes(axes, x.rank(), "variance");
        long count = 1;
        for (int a : ax) {
            count *= x.dim(a);
        }
        if (count - ddof <= 0) {
            throw new IllegalArgumentException(
                    "variance: " + count + " elements over axes " + java.util.Arrays.toString(ax) + " of shape "
                            + x.shape() + " leave no degrees of freedom with ddof " + ddof);
        }
        Tensor centered = xf.sub(mean(xf, ax, true));
        return sum(centered.square(), ax, keepDims).div((double) (count - ddof));
    }

    /** Population variance (ddof 0), as {@code numpy.var} and {@code keras.ops.var}. */
    public static Tensor variance(Tensor x, int @Nullable [] axes, boolean keepDims) {
        return variance(x, axes, keepDims, 0);
    }

    /**
     * Standard deviation, the square root of {@link #variance(Tensor, int[], boolean, int)}. Its
     * gradient is infinite or NaN where the variance is 0 (all elements equal), as in NumPy-based
     * frameworks; add an epsilon to the variance where that can happen.
     */
    public static Tensor std(Tensor x, int @Nullable [] axes, boolean keepDims, int ddof) {
        return variance(x, axes, keepDims, ddof).sqrt();
    }

    /**
     * Population standard deviation (ddof 0), as {@code numpy.std} and {@code keras.ops.std};
     * {@code torch.std} defaults to ddof 1 (its {@code correction}).
     */
    public static Tensor std(Tensor x, int @Nullable [] axes, boolean keepDims) {
        return std(x, axes, keepDims, 0);
    }

    /**
     * True where every element over {@code axes} ({@code null}: all) is non-zero ({@code torch.all},
     * {@code numpy.all}, {@code keras.ops.all}); NaN counts as non-zero and an empty reduction is
     * true. The result is bool and has no gradient.
     */
    public static Tensor all(Tensor x, int @Nullable [] axes, boolean keepDims) {
        int[] ax = OpSupport.normalizeAxes(axes, x.rank(), "all");
        Tensor zero = x.dtype() == DType.BOOL ? x.not() : x.eq(0.0);
        return sum(zero, ax, keepDims).eq(0.0);
    }

    /**
     * True where some element over {@code axes} ({@code null}: all) is non-zero ({@code torch.any},
     * {@code numpy.any}, {@code keras.ops.any}); NaN counts as non-zero and an empty reduction is
     * false. The result is bool and has no gradient.
     */
    public static Tensor any(Tensor x, int @Nullable [] axes, boolean keepDims) {
        int[] ax = OpSupport.normalizeAxes(axes, x.rank(), "any");
        Tensor nonZero = x.dtype() == DType.BOOL ? x : Arithmetic.compare(BinaryOp.NE, x, Arithmetic.scalarFor(x, 0.0));
        return sum(nonZero, ax, keepDims).gt(0.0);
    }

    /**
     * Index (int64 scalar) of the first largest element of the flattened tensor ({@code torch.argmax(x)},
     * {@code numpy.argmax(x)}).
     */
    public static Tensor argmax(Tensor x) {
        return argmax(x.reshape(-1), 0, false);
    }

    /** Index (int64 scalar) of the first smallest element of the flattened tensor ({@code torch.argmin(x)}). */
    public static Tensor argmin(Tensor x) {
        return argmin(x.reshape(-1), 0, false);
    }

    /**
     * Index (int64) of the first largest element along {@code axis} ({@code torch.argmax}, {@code keras.ops.argmax});
     * no gradient.
     */
    public static Tensor argmax(Tensor x, int axis, boolean keepDims) {
        return argReduce(ArgReduceOp.ARGMAX, "argmax", x, axis, keepDims);
    }

    /** Index (int64) of the first smallest element along {@code axis}; no gradient. */
    public static Tensor argmin(Tensor x, int axis, boolean keepDims) {
        return argReduce(ArgReduceOp.ARGMIN, "argmin", x, axis, keepDims);
    }

    private static Tensor argReduce(ArgReduceOp op, String name, Tensor x, int axis, boolean keepDims) {
        if (x.rank() == 0) {
            return Tensor.empty(DType.INT64, x.device());
        }
        int a = dev.synapse.tensor.Shape.normalizeAxis(axis, x.rank(), name);
        if (x.dim(a) == 0) {
            throw new IllegalArgumentException(
                    name + ": cannot reduce the empty axis " + axis + " of shape " + x.shape());
        }
        int[] ax = {a};
        Tensor out = OpSupport.empty(x, DType.INT64, OpSupport.keepDimsShape(x.dims(), ax));
        x.backend().argReduce(op, x, a, out);
        return finish(out, x.dims(), ax, keepDims);
    }

    /**
     * The vector norm over {@code axes} ({@code null}: all) of order {@code ord}, as
     * {@code torch.linalg.vector_norm} and {@code numpy.linalg.norm} of a vector: {@code sum |x|} for 1,
     * {@code sqrt(sum x^2)} for 2, {@code max |x|} for +infinity, {@code min |x|} for -infinity, the
     * count of non-zero elements for 0 (no gradient), and {@code (sum |x|^ord)^(1/ord)} otherwise.
     * The gradient at 0 is 0 for orders 1 and 2 (for L1 the subgradient sign(0) = 0; for L2 the zero
     * vector's gradient is defined as 0, as PyTorch does, instead of 0/0); the infinity norms share
     * it evenly among tied extremes, as {@link #max} does.
     */
    public static Tensor norm(Tensor x, double ord, int @Nullable [] axes, boolean keepDims) {
        Tensor xf = x.dtype().isFloating() ? x : x.to(DType.FLOAT32);
        int[] ax = OpSupport.normalizeAxes(axes, x.rank(), "norm");
        if (Double.isNaN(ord)) {
            throw new IllegalArgumentException(
                    "norm: ord must be a number or +-infinity, got NaN for shape " + x.shape());
        }
        if (ord == 1) {
            return sum(xf.abs(), ax, keepDims);
        }
        if (ord == Double.POSITIVE_INFINITY) {
            return max(xf.abs(), ax, keepDims);
        }
        if (ord == Double.NEGATIVE_INFINITY) {
            return min(xf.abs(), ax, keepDims);
        }
        if (ord == 0) {
            return sum(Arithmetic.compare(BinaryOp.NE, xf, Arithmetic.scalarFor(xf, 0.0)), ax, keepDims)
                    .to(xf.dtype());
        }
        if (ord != 2) {
            return sum(xf.abs().pow(ord), ax, keepDims).pow(1.0 / ord);
        }
        Tensor kept =
                reduceKernel(ReduceOp.SUM, xf.detach().square(), ax, xf.dtype()).sqrt();
        int[] dims = xf.dims();
        Autograd.record(
                kept,
                "norm",
                new Tensor[] {xf, kept},
                g -> {
                    Tensor safe = Tensor.where(kept.eq(0.0), Tensor.onesLike(kept), kept);
                    return new Tensor[] {g.div(safe).mul(xf)};
                },
                xf);
        return finish(kept, dims, ax, keepDims);
    }
}
