package dev.synapse.ops;

import dev.synapse.autograd.Autograd;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;

/**
 * Ops that pick elements by integer indices or by a mask: {@code indexSelect}, {@code take}
 * ({@code tf.gather}), {@code gather}/{@code takeAlongAxis}, their adjoints {@code indexAdd} and
 * {@code scatterAdd}, {@code oneHot} and {@code booleanMask}.
 *
 * <p>Indices are int32 or int64 tensors. Each op checks them before calling a kernel and fails
 * naming the op, the bad index and the axis size; where NumPy accepts negative indices (counted from
 * the end) these ops do too, and hand the kernels non-negative ones.
 */
public final class Indexing {
    private Indexing() {}

    // ---- index checks --------------------------------------------------------------------------

    /**
     * Checks that every value of {@code index} lies in {@code [-size, size)} (or {@code [0, size)}
     * unless {@code allowNegative}) and returns an index without negative values: {@code index}
     * itself when it has none.
     */
    static Tensor checkIndex(String op, Tensor index, int size, int axis, Tensor x, boolean allowNegative) {
        requireIndexType(op, index);
        OpSupport.sameDevice(op, x, index);
        if (index.size() == 0) {
            return index;
        }
        if (size > 0 && AsyncAsserts.deferring(index.device())) {
            return checkIndexOnDevice(op, index, size, axis, x, allowNegative);
        }
        return checkIndexNow(op, index, size, axis, x.shape(), allowNegative);
    }

    /**
     * {@link #checkIndex} without reading the host: the range test becomes a deferred check ({@link AsyncAsserts}),
     * and the index handed on is wrapped and clamped into the axis, so a kernel never reads outside it whatever
     * the verdict.
     */
    private static Tensor checkIndexOnDevice(
            String op, Tensor index, int size, int axis, Tensor x, boolean allowNegative) {
        Tensor outside = index.lt(size).not().or(index.lt(allowNegative ? -size : 0));
        // The failure keeps x's shape, not x: x may hold a whole step's autograd graph.
        Shape xShape = x.shape();
        AsyncAsserts.record(outside, index, (flat, value) -> {
            throw outOfRange(op, (long) value, size, axis, xShape, allowNegative);
        });
        Tensor wrapped = allowNegative ? Arithmetic.where(index.lt(0), index.add(size), index) : index;
        Tensor zero = Tensor.scalarLike(0, wrapped.dtype(), wrapped);
        Tensor last = Tensor.scalarLike(size - 1, wrapped.dtype(), wrapped);
        return Arithmetic.minimum(Arithmetic.maximum(wrapped, zero), last);
    }

    private static Tensor checkIndexNow(
            String op, Tensor index, int size, int axis, Shape xShape, boolean allowNegative) {
        long[] v = index.toLongArray();
        boolean negative = false;
        for (long i : v) {
            if (i >= size || i < (allowNegative ? -size : 0)) {
                throw outOfRange(op, i, size, axis, xShape, allowNegative);
            }
            negative |= i < 0;
        }
        if (!negative) {
            return index;
        }
        for (int k = 0; k < v.length; k++) {
            if (v[k] < 0) {
                v[k] += size;
            }
        }
        return Tensor.wrap(v, index.dims()).to(index.device());
    }

    private static IndexOutOfBoundsException outOfRange(
            String op, long i, int size, int axis, Shape xShape, boolean allowNegative) {
        return new IndexOutOfBoundsException(op + ": index " + i + " is out of range for axis " + axis + " of size "
                + size + " (input shape " + xShape + ")"
                + (allowNegative ? "" : "; negative indices are not allowed here"));
    }

    private static void requireIndexType(String op, Tensor index) {
        if (!index.dtype().isInteger()) {
            throw new IllegalArgumentException(
                    op + ": indices must be int32 or int64, got " + index.dtype() + " with shape " + index.shape());
        }
    }

    // ---- slices along one axis -----------------------------------------------------------------

    /**
     * The slices of {@code x} along {@code axis} at the positions in the 1-D {@code index}
     * ({@code torch.index_select}, {@code numpy.take} with a 1-D index). The result has x's shape
     * with that axis replaced by the index length. Negative indices count from the end. The gradient
     * adds each slice's gradient back into its position ({@link #indexAdd}), so repeated indices
     * accumulate.
     */
    public static Tensor indexSelect(Tensor x, int axis, Tensor index) {
        if (index.rank() != 1) {
            throw new IllegalArgumentException("indexSelect: the index must be 1-D, got shape " + index.shape()
                    + "; use take for indices of any rank");
        }
        if (x.rank() == 0) {
            throw new IllegalArgumentException("indexSelect: cannot index a scalar (shape ())");
        }
        int a = Shape.normalizeAxis(axis, x.rank(), "indexSelect");
        Tensor idx = checkIndex("indexSelect", index, x.dim(a), axis, x, true);
        return select("indexSelect", x, a, idx);
    }

    /** The elements of the 1-D {@code x} at the 1-D {@code idx}, known to lie in range: no check is recorded. */
    static Tensor selectInRange(Tensor x, Tensor idx) {
        return select("indexSelect", x, 0, idx);
    }

    /** indexSelect on a checked, non-negative 1-D index. */
    private static Tensor select(String op, Tensor x, int a, Tensor idx) {
        int[] shape = x.dims();
        shape[a] = idx.dim(0);
        Tensor out = OpSupport.empty(x, x.dtype(), shape);
        x.backend().indexSelect(x, a, idx, out);
        int[] xDims = x.dims();
        return Autograd.record(out, op, new Tensor[] {idx}, g -> new Tensor[] {selectBackward(g, xDims, a, idx)}, x);
    }

    /** Zeros of shape {@code dims} with g's slices added at {@code idx} along {@code a}: the gradient of select. */
    private static Tensor selectBackward(Tensor g, int[] dims, int a, Tensor idx) {
        // The buffer starts as zeros, so the kernel adds straight into it; no copy of a base as in indexAdd.
        Tensor out = OpSupport.empty(g, g.dtype(), dims);
        g.backend().indexAdd(out, a, idx, g);
        return Autograd.record(
                out,
                "indexSelectBackward",
                new Tensor[] {idx},
                gg -> new Tensor[] {select("indexSelect", gg, a, idx)},
                g);
    }

    /**
     * {@code base} with the slices of {@code src} along {@code axis} added at the positions in the
     * 1-D {@code index}: {@code out[..., index[i], ...] += src[..., i, ...]} (out-of-place
     * {@code torch.index_add}). Repeated indices accumulate. The gradient is {@code g} for
     * {@code base} and {@code indexSelect(g, axis, index)} for {@code src}.
     */
    public static Tensor indexAdd(Tensor base, int axis, Tensor index, Tensor src) {
        if (index.rank() != 1) {
            throw new IllegalArgumentException("indexAdd: the index must be 1-D, got shape " + index.shape());
        }
        int a = Shape.normalizeAxis(axis, base.rank(), "indexAdd");
        int[] expected = base.dims();
        expected[a] = index.dim(0);
        if (!Arrays.equals(expected, src.dims())) {
            throw new IllegalArgumentException("indexAdd: src must have shape " + Shape.format(expected)
                    + " (base shape "
                    + base.shape() + " with axis " + axis + " replaced by the index length " + index.size() + "), got "
                    + src.shape());
        }
        OpSupport.sameDevice("indexAdd", base, src);
        Tensor idx = checkIndex("indexAdd", index, base.dim(a), axis, base, true);
        return addInto(base, a, idx, src);
    }

    /** indexAdd on a checked, non-negative index. */
    private static Tensor addInto(Tensor base, int a, Tensor idx, Tensor src) {
        Tensor out = OpSupport.empty(base, base.dtype(), base.dims());
        base.backend().copy(base, out);
        Tensor s = src.dtype() == base.dtype() ? src : src.to(base.dtype());
        base.backend().indexAdd(out, a, idx, s);
        return Autograd.record(
                out,
                "indexAdd",
                new Tensor[] {idx},
                g -> new Tensor[] {g, src.requiresGrad() ? select("indexSelect", g, a, idx) : null},
                base,
                src);
    }

    /**
     * Picks slices of {@code x} along {@code axis} with indices of any rank ({@code tf.gather(x,
     * indices, axis)}, {@code numpy.take(x, indices, axis)}, Keras {@code ops.take}). The result has
     * shape {@code x.shape[:axis] + indices.shape + x.shape[axis+1:]}; a scalar index removes the
     * axis. Negative indices count from the end.
     */
    public static Tensor take(Tensor x, Tensor indices, int axis) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException("take: cannot index a scalar (shape ())");
        }
        int a = Shape.normalizeAxis(axis, x.rank(), "take");
        Tensor idx = checkIndex("take", indices, x.dim(a), axis, x, true);
        return takeChecked("take", x, a, idx);
    }

    /** take on a checked, non-negative index of any rank. */
    static Tensor takeChecked(String op, Tensor x, int a, Tensor idx) {
        int[] dims = x.dims();
        int[] iDims = idx.dims();
        int[] shape = new int[dims.length - 1 + iDims.length];
        System.arraycopy(dims, 0, shape, 0, a);
        System.arraycopy(iDims, 0, shape, a, iDims.length);
        System.arraycopy(dims, a + 1, shape, a + iDims.length, dims.length - a - 1);
        return select(op, x, a, idx.reshape(-1)).reshape(shape);
    }

    // ---- one element per index -----------------------------------------------------------------

    /**
     * {@code out[i][j][k] = x[i][index[i][j][k]][k]} for {@code axis == 1}, likewise for any axis
     * ({@code torch.gather}). {@code index} has x's rank and, outside {@code axis}, dimensions no
     * larger than x's; the result has index's shape. Negative indices count from the end. The
     * gradient scatter-adds back into x's shape ({@link #scatterAdd}). Picking one logit per row is
     * {@code gather(logits, 1, labels.unsqueeze(1))}.
     */
    public static Tensor gather(Tensor x, int axis, Tensor index) {
        if (index.rank() != x.rank() || x.rank() == 0) {
            throw new IllegalArgumentException("gather: the index must have the input's rank " + x.rank()
                    + " (input shape " + x.shape() + "), got index shape " + index.shape());
        }
        int a = Shape.normalizeAxis(axis, x.rank(), "gather");
        for (int d = 0; d < x.rank(); d++) {
            if (d != a && index.dim(d) > x.dim(d)) {
                throw new IllegalArgumentException(
                        "gather: index shape " + index.shape() + " is larger than input shape " + x.shape()
                                + " at axis " + d + " (only axis " + axis + " may differ freely)");
            }
        }
        Tensor idx = checkIndex("gather", index, x.dim(a), axis, x, true);
        return gatherChecked(x, a, idx);
    }

    private static Tensor gatherChecked(Tensor x, int a, Tensor idx) {
        Tensor out = OpSupport.empty(x, x.dtype(), idx.dims());
        x.backend().gather(x, a, idx, out);
        int[] xDims = x.dims();
        return Autograd.record(
                out, "gather", new Tensor[] {idx}, g -> new Tensor[] {gatherBackward(g, xDims, a, idx)}, x);
    }

    /** Zeros of shape {@code dims} with g scatter-added at {@code idx} along {@code a}: the gradient of gather. */
    private static Tensor gatherBackward(Tensor g, int[] dims, int a, Tensor idx) {
        Tensor out = OpSupport.empty(g, g.dtype(), dims);
        g.backend().scatterAdd(out, a, idx, g);
        return Autograd.record(
                out, "gatherBackward", new Tensor[] {idx}, gg -> new Tensor[] {gatherChecked(gg, a, idx)}, g);
    }

    /**
     * {@code numpy.take_along_axis(x, indices, axis)} (also Keras {@code ops.take_along_axis}): like
     * {@link #gather}, but the dimensions outside {@code axis} broadcast between x and indices. For
     * example {@code takeAlongAxis(scores, argsort, 1)} reorders every row.
     */
    public static Tensor takeAlongAxis(Tensor x, Tensor indices, int axis) {
        if (indices.rank() != x.rank() || x.rank() == 0) {
            throw new IllegalArgumentException("takeAlongAxis: the indices must have the input's rank " + x.rank()
                    + " (input shape " + x.shape() + "), got shape " + indices.shape());
        }
        int a = Shape.normalizeAxis(axis, x.rank(), "takeAlongAxis");
        requireIndexType("takeAlongAxis", indices);
        int[] xs = x.dims();
        int[] is = indices.dims();
        for (int d = 0; d < xs.length; d++) {
            if (d == a) {
                continue;
            }
            if (xs[d] != is[d] && xs[d] != 1 && is[d] != 1) {
                throw new IllegalArgumentException("takeAlongAxis: input shape " + x.shape() + " and indices shape "
                        + indices.shape() + " do not broadcast at axis " + d);
            }
            int b = xs[d] == 1 ? is[d] : xs[d];
            xs[d] = b;
            is[d] = b;
        }
        Tensor xb = x.expand(xs);
        Tensor idx =
                checkIndex("takeAlongAxis", indices, x.dim(a), axis, x, true).expand(is);
        return gatherChecked(xb, a, idx);
    }

    /**
     * {@code base} with {@code src} added at the positions of {@code index} along {@code axis}:
     * {@code out[i][index[i][j][k]][k] += src[i][j][k]} for axis 1 (out-of-place
     * {@code torch.scatter_add}). {@code index} and {@code src} have the same shape, and the rank of
     * {@code base}. Repeated indices accumulate. The gradient is {@code g} for {@code base} and
     * {@code gather(g, axis, index)} for {@code src}.
     */
    public static Tensor scatterAdd(Tensor base, int axis, Tensor index, Tensor src) {
        if (!index.shape().equals(src.shape()) || index.rank() != base.rank() || base.rank() == 0) {
            throw new IllegalArgumentException(
                    "scatterAdd: index and src must have the same shape and the rank of base " + base.shape()
                            + ", got index shape " + index.shape() + " and src shape " + src.shape());
        }
        int a = Shape.normalizeAxis(axis, base.rank(), "scatterAdd");
        for (int d = 0; d < base.rank(); d++) {
            if (d != a && index.dim(d) > base.dim(d)) {
                throw new IllegalArgumentException("scatterAdd: index shape " + index.shape() + " is larger than base "
                        + "shape " + base.shape() + " at axis " + d);
            }
        }
        OpSupport.sameDevice("scatterAdd", base, src);
        Tensor idx = checkIndex("scatterAdd", index, base.dim(a), axis, base, true);
        return scatterChecked(base, a, idx, src);
    }

    private static Tensor scatterChecked(Tensor base, int a, Tensor idx, Tensor src) {
        Tensor out = OpSupport.empty(base, base.dtype(), base.dims());
        base.backend().copy(base, out);
        Tensor s = src.dtype() == base.dtype() ? src : src.to(base.dtype());
        base.backend().scatterAdd(out, a, idx, s);
        return Autograd.record(
                out,
                "scatterAdd",
                new Tensor[] {idx},
                g -> new Tensor[] {g, src.requiresGrad() ? gatherChecked(g, a, idx) : null},
                base,
                src);
    }

    // ---- labels and masks ----------------------------------------------------------------------

    /**
     * Float32 one-hot rows for integer labels ({@code tf.one_hot}, {@code torch.nn.functional.one_hot},
     * Keras {@code to_categorical}): shape {@code indices.shape + (numClasses,)}. A label outside
     * {@code [0, numClasses)} is an error, not a row of zeros.
     */
    public static Tensor oneHot(Tensor indices, int numClasses) {
        requireIndexType("oneHot", indices);
        if (numClasses <= 0) {
            throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + numClasses);
        }
        long[] labels = indices.toLongArray();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("oneHot: label " + labels[i] + " at flat index " + i + " of indices "
                        + indices.shape() + " is out of range for numClasses " + numClasses
                        + " (labels must lie in [0, "
                        + numClasses + "))");
            }
        }
        Tensor classes = Tensor.arange(0, numClasses, 1, indices.dtype()).to(indices.device());
        return indices.unsqueeze(-1).eq(classes).to(DType.FLOAT32);
    }

    /**
     * The elements (or sub-tensors) of {@code x} where the bool {@code mask} is true, in row-major
     * order ({@code tf.boolean_mask}, {@code x[mask]} in NumPy and PyTorch). The mask's shape must
     * equal x's leading dimensions; the result has shape {@code (count,) + x.shape[mask.rank:]}. The
     * gradient scatters back to the selected positions.
     */
    public static Tensor booleanMask(Tensor x, Tensor mask) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("booleanMask: the mask must be bool, got " + mask.dtype());
        }
        int k = mask.rank();
        int[] dims = x.dims();
        if (k == 0 || k > dims.length || !Arrays.equals(mask.dims(), Arrays.copyOf(dims, k))) {
            throw new IllegalArgumentException("booleanMask: mask shape " + mask.shape()
                    + " must equal the leading dimensions of input shape " + x.shape());
        }
        OpSupport.sameDevice("booleanMask", x, mask);
        boolean[] m = mask.toBooleanArray();
        int count = 0;
        for (boolean b : m) {
            count += b ? 1 : 0;
        }
        int[] positions = new int[count];
        for (int i = 0, j = 0; i < m.length; i++) {
            if (m[i]) {
                positions[j++] = i;
            }
        }
        int[] flat = new int[dims.length - k + 1];
        flat[0] = m.length;
        System.arraycopy(dims, k, flat, 1, dims.length - k);
        return select("booleanMask", x.reshape(flat), 0, Tensor.of(positions).to(x.device()));
    }
}
