package dev.synapse.ops;

import dev.synapse.internal.TensorAccess;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/** Argument checks and output allocation shared by the op families. */
public final class OpSupport {
    private OpSupport() {}

    /** Fails, naming the op and both devices, when the tensors are on different devices. */
    public static void sameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(op + ": tensors are on different devices, " + a.device() + " and "
                    + b.device() + "; move one with .to(device)");
        }
    }

    /** Fails, naming the op, unless {@code t} is float32 or float64. */
    public static void requireFloat(String op, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": expected a float32 or float64 tensor, got " + t.dtype()
                    + " with shape " + t.shape() + "; convert it with .to(DType.FLOAT32)");
        }
    }

    /** Fails, naming the op, unless {@code t} has the given rank. */
    public static void requireRank(String op, Tensor t, int rank, String layout) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(
                    op + ": expected a rank-" + rank + " tensor " + layout + ", got shape " + t.shape());
        }
    }

    /**
     * What the backward rule of a product-like op {@code f(a, b)} (mul, matmul, convolution) reads,
     * for {@code Autograd.record}: a's gradient needs only b and b's only a, so each is saved only
     * when the other needs a gradient, as PyTorch saves them. Changing a weight in place then
     * leaves a gradient that does not read it valid.
     */
    public static Tensor[] savedForProduct(Tensor a, Tensor b) {
        return new Tensor[] {b.requiresGrad() ? a : null, a.requiresGrad() ? b : null};
    }

    /** A new zero-filled contiguous tensor on {@code like}'s device. */
    public static Tensor empty(Tensor like, DType dtype, int... shape) {
        return Tensor.empty(dtype, like.device(), shape);
    }

    /**
     * A new contiguous tensor on {@code like}'s device whose elements are unspecified ({@code torch.empty}), for a
     * kernel that writes every one of them: an elementwise op's or a convolution's output. Saves zeroing memory
     * that a backend reuses; anything else takes {@link #empty}.
     */
    static Tensor uninitialized(Tensor like, DType dtype, int... shape) {
        return TensorAccess.get().uninitialized(dtype, like.device(), shape);
    }

    /** Normalizes axes (negative from the end), sorts them and rejects duplicates; {@code null} means all axes. */
    public static int[] normalizeAxes(int @Nullable [] axes, int rank, String op) {
        if (axes == null) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        boolean[] seen = new boolean[rank];
        for (int a : axes) {
            int n = Shape.normalizeAxis(a, rank, op);
            if (seen[n]) {
                throw new IllegalArgumentException(op + ": axis " + a + " is given twice");
            }
            seen[n] = true;
        }
        int[] out = new int[axes.length];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (seen[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** {@code dims} with each of {@code axes} set to 1: the keep-dims shape of a reduction. */
    public static int[] keepDimsShape(int[] dims, int[] axes) {
        int[] out = dims.clone();
        for (int a : axes) {
            out[a] = 1;
        }
        return out;
    }

    /** {@code dims} without {@code axes} (sorted). */
    public static int[] removeAxes(int[] dims, int[] axes) {
        int[] out = new int[dims.length - axes.length];
        int k = 0;
        int j = 0;
        for (int i = 0; i < dims.length; i++) {
            if (j < axes.length && axes[j] == i) {
                j++;
            } else {
                out[k++] = dims[i];
            }
        }
        return out;
    }
}
