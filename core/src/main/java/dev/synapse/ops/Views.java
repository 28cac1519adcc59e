package dev.synapse.ops;

import dev.synapse.autograd.Autograd;
import dev.synapse.internal.TensorAccess;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;

/**
 * Ops that return a new view of the same storage without copying (reshape, permute, slice,
 * squeeze, expand), plus {@code copy} and the broadcast adjoint {@code sumToShape}.
 */
public final class Views {
    private Views() {}

    private static Tensor view(Tensor x, int[] shape, long[] strides, long offset) {
        return TensorAccess.get().view(x.storage(), shape, strides, offset);
    }

    /** A contiguous copy with its own storage; the gradient passes through. */
    public static Tensor copy(Tensor x) {
        Tensor out = OpSupport.empty(x, x.dtype(), x.dims());
        x.backend().copy(x, out);
        return Autograd.record(out, "copy", Autograd.NOTHING_SAVED, g -> new Tensor[] {g}, x);
    }

    /**
     * The same elements in a new shape, one dimension may be -1; a view when {@code x} is contiguous
     * ({@code torch.reshape}).
     */
    public static Tensor reshape(Tensor x, int... newShape) {
        int[] shape = inferShape(x, newShape);
        if (Arrays.equals(shape, x.dims())) {
            return x;
        }
        Tensor src = x.contiguous();
        Tensor out = view(src, shape, Shape.contiguousStrides(shape), src.offset());
        int[] original = x.dims();
        return Autograd.record(out, "reshape", Autograd.NOTHING_SAVED, g -> new Tensor[] {g.reshape(original)}, src);
    }

    private static int[] inferShape(Tensor x, int[] newShape) {
        int[] shape = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(
                            "reshape: only one dimension can be -1, got " + Arrays.toString(newShape));
                }
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(
                        "reshape: invalid dimension " + shape[i] + " in " + Arrays.toString(newShape));
            } else {
                known *= shape[i];
            }
        }
        long n = x.size();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape tensor of shape " + x.shape() + " (" + n
                        + " elements) into " + Arrays.toString(newShape));
            }
            long inferred = n / known;
            if (inferred > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("reshape: the -1 of " + Arrays.toString(newShape) + " for shape "
                        + x.shape() + " would be " + inferred + ", more than one axis holds (" + Integer.MAX_VALUE
                        + "); give more dimensions");
            }
            shape[infer] = (int) inferred;
        } else if (known != n) {
            throw new IllegalArgumentException("reshape: cannot reshape tensor of shape " + x.shape() + " (" + n
                    + " elements) into shape " + Shape.format(shape) + " (" + known + " elements)");
        }
        return shape;
    }

    /** Axes {@code startAxis..endAxis} merged into one ({@code torch.flatten}). */
    public static Tensor flatten(Tensor x, int startAxis, int endAxis) {
        if (x.rank() == 0) {
            return x.reshape(1);
        }
        int s = Shape.normalizeAxis(startAxis, x.rank(), "flatten");
        int e = Shape.normalizeAxis(endAxis, x.rank(), "flatten");
        if (s > e) {
            throw new IllegalArgumentException("flatten: start axis " + startAxis + " comes after end axis " + endAxis);
        }
        int[] dims = x.dims();
        int[] shape = new int[dims.length - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) {
            shape[k++] = dims[i];
        }
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= dims[i];
        }
        shape[k++] = merged;
        for (int i = e + 1; i < dims.length; i++) {
            shape[k++] = dims[i];
        }
        return x.reshape(shape);
    }

    /** The axes reordered, as a view ({@code torch.permute}, {@code np.transpose}). */
    public static Tensor permute(Tensor x, int... axes) {
        int rank = x.rank();
        if (axes.length != rank) {
            throw new IllegalArgumentException(
                    "permute: expected " + rank + " axes for shape " + x.shape() + ", got " + Arrays.toString(axes));
        }
        int[] perm = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = Shape.normalizeAxis(axes[i], rank, "permute");
            if (seen[perm[i]]) {
                throw new IllegalArgumentException("permute: axes " + Arrays.toString(axes) + " repeat an axis");
            }
            seen[perm[i]] = true;
        }
        int[] dims = x.dims();
        long[] strides = x.strides();
        int[] shape = new int[rank];
        long[] st = new long[rank];
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = dims[perm[i]];
            st[i] = strides[perm[i]];
            inverse[perm[i]] = i;
        }
        Tensor out = view(x, shape, st, x.offset());
        return Autograd.record(out, "permute", Autograd.NOTHING_SAVED, g -> new Tensor[] {g.permute(inverse)}, x);
    }

    /** Two axes swapped, as a view ({@code torch.transpose}). */
    public static Tensor transpose(Tensor x, int axis0, int axis1) {
        int rank = x.rank();
        if (rank < 2) {
            throw new IllegalArgumentException("transpose: expected at least 2 dimensions, got shape " + x.shape());
        }
        int a = Shape.normalizeAxis(axis0, rank, "transpose");
        int b = Shape.normalizeAxis(axis1, rank, "transpose");
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    /** Every axis of size 1 removed ({@code torch.squeeze}). */
    public static Tensor squeeze(Tensor x) {
        int[] dims = x.dims();
        int[] shape = Arrays.stream(dims).filter(d -> d != 1).toArray();
        return shape.length == dims.length ? x : x.reshape(shape);
    }

    /** One axis of size 1 removed ({@code torch.squeeze(dim)}). */
    public static Tensor squeeze(Tensor x, int axis) {
        int a = Shape.normalizeAxis(axis, x.rank(), "squeeze");
        if (x.dim(a) != 1) {
            throw new IllegalArgumentException(
                    "squeeze: axis " + axis + " of shape " + x.shape() + " has size " + x.dim(a) + ", not 1");
        }
        int[] dims = x.dims();
        long[] strides = x.strides();
        int[] shape = new int[dims.length - 1];
        long[] st = new long[dims.length - 1];
        for (int i = 0, k = 0; i < dims.length; i++) {
            if (i != a) {
                shape[k] = dims[i];
                st[k++] = strides[i];
            }
        }
        Tensor out = view(x, shape, st, x.offset());
        return Autograd.record(out, "squeeze", Autograd.NOTHING_SAVED, g -> new Tensor[] {g.unsqueeze(a)}, x);
    }

    /** An axis of size 1 inserted ({@code torch.unsqueeze}, {@code tf.expand_dims}). */
    public static Tensor unsqueeze(Tensor x, int axis) {
        int a = Shape.normalizeAxis(axis, x.rank() + 1, "unsqueeze");
        int[] dims = x.dims();
        long[] strides = x.strides();
        int[] shape = new int[dims.length + 1];
        long[] st = new long[dims.length + 1];
        for (int i = 0, k = 0; i < shape.length; i++) {
            if (i == a) {
                shape[i] = 1;
                st[i] = k < dims.length ? strides[k] * dims[k] : 1;
            } else {
                shape[i] = dims[k];
                st[i] = strides[k++];
            }
        }
        Tensor out = view(x, shape, st, x.offset());
        return Autograd.record(out, "unsqueeze", Autograd.NOTHING_SAVED, g -> new Tensor[] {g.squeeze(a)}, x);
    }

    /** A broadcast view with stride 0 on repeated axes ({@code torch.expand}, {@code tf.broadcast_to}). */
    public static Tensor expand(Tensor x, int... newShape) {
        int rank = newShape.length;
        if (rank < x.rank()) {
            throw new IllegalArgumentException(
                    "expand: cannot expand shape " + x.shape() + " to fewer dimensions " + Arrays.toString(newShape));
        }
        int shift = rank - x.rank();
        int[] shape = new int[rank];
        long[] st = new long[rank];
        for (int i = 0; i < rank; i++) {
            int src = i - shift;
            int want = newShape[i];
            if (want < -1) {
                throw new IllegalArgumentException(
                        "expand: invalid dimension " + want + " in " + Arrays.toString(newShape) + " for shape "
                                + x.shape() + "; use a size of 0 or more, or -1 to keep one");
            }
            if (src < 0) {
                if (want < 0) {
                    throw new IllegalArgumentException("expand: -1 is not allowed for new leading dimension " + i);
                }
                shape[i] = want;
                st[i] = 0;
            } else {
                int have = x.dim(src);
                if (want == -1 || want == have) {
                    shape[i] = have;
                    st[i] = x.stride(src);
                } else if (have == 1) {
                    shape[i] = want;
                    st[i] = 0;
                } else {
                    throw new IllegalArgumentException("expand: cannot expand shape " + x.shape() + " to "
                            + Arrays.toString(newShape) + " (dimension " + i + " has size " + have + ")");
                }
            }
        }
        if (Arrays.equals(shape, x.dims())) {
            return x;
        }
        Tensor out = view(x, shape, st, x.offset());
        int[] original = x.dims();
        return Autograd.record(out, "expand", Autograd.NOTHING_SAVED, g -> new Tensor[] {g.sumToShape(original)}, x);
    }

    /** Python slicing {@code x[start:end:step]} along one axis, as a view; negative bounds count from the end. */
    public static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        int a = Shape.normalizeAxis(axis, x.rank(), "slice");
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step + "; use flip for reversal");
        }
        int len = x.dim(a);
        int s = clampIndex(start, len);
        int e = clampIndex(end, len);
        int count = e > s ? (e - s + step - 1) / step : 0;
        int[] shape = x.dims();
        long[] st = x.strides();
        shape[a] = count;
        long offset = x.offset() + (count > 0 ? s * st[a] : 0);
        st[a] *= step;
        Tensor out = view(x, shape, st, offset);
        int[] original = x.dims();
        return Autograd.record(
                out, "slice", Autograd.NOTHING_SAVED, g -> new Tensor[] {sliceScatter(g, original, a, s, step)}, x);
    }

    private static int clampIndex(int i, int len) {
        int v = i < 0 ? i + len : i;
        return Math.max(0, Math.min(len, v));
    }

    /**
     * Zeros of {@code shape} with {@code g} written into the slice {@code start::step} of {@code axis}: slice's
     * adjoint.
     */
    static Tensor sliceScatter(Tensor g, int[] shape, int axis, int start, int step) {
        Tensor out = OpSupport.empty(g, g.dtype(), shape);
        Tensor window = slice(out.detach(), axis, start, start + (g.dim(axis) - 1) * step + 1, step);
        g.backend().copy(g, window);
        return Autograd.record(
                out,
                "sliceScatter",
                Autograd.NOTHING_SAVED,
                gg -> new Tensor[] {gg.slice(axis, start, start + (g.dim(axis) - 1) * step + 1, step)},
                g);
    }

    /** The slice at {@code index} with that axis removed ({@code x[:, i]}, {@code torch.select}). */
    public static Tensor select(Tensor x, int axis, int index) {
        int a = Shape.normalizeAxis(axis, x.rank(), "select");
        int len = x.dim(a);
        if (index < -len || index >= len) {
            throw new IllegalArgumentException("select: index " + index + " is out of range for axis " + axis
                    + " of size " + len + " (shape " + x.shape() + ")");
        }
        int i = index < 0 ? index + len : index;
        return slice(x, a, i, i + 1, 1).squeeze(a);
    }

    /** Sums {@code g} over broadcast axes so that it has {@code target}'s shape. */
    public static Tensor sumToShape(Tensor g, int[] target) {
        int[] dims = g.dims();
        if (Arrays.equals(dims, target)) {
            return g;
        }
        int lead = dims.length - target.length;
        if (lead < 0) {
            throw new IllegalArgumentException(
                    "sumToShape: cannot reduce shape " + g.shape() + " to the larger rank of " + Shape.format(target));
        }
        int[] axes = new int[dims.length];
        int n = 0;
        for (int i = 0; i < dims.length; i++) {
            if (i < lead || (target[i - lead] == 1 && dims[i] != 1)) {
                axes[n++] = i;
            } else if (target[i - lead] != dims[i]) {
                throw new IllegalArgumentException(
                        "sumToShape: shape " + g.shape() + " does not broadcast from " + Shape.format(target));
            }
        }
        return g.sum(Arrays.copyOf(axes, n), true).reshape(target);
    }
}
