package dev.synapse.ops;

import dev.synapse.autograd.Autograd;
import dev.synapse.internal.TensorAccess;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;

/**
 * Ops that rearrange elements: joining ({@code concat}, {@code stack}), cutting ({@code split},
 * {@code unbind}), padding, tiling and repeating, and flipping. Each records its backward rule;
 * ops built from views and other ops get theirs from those.
 */
public final class ShapeOps {
    private ShapeOps() {}

    // ---- joining -------------------------------------------------------------------------------

    /**
     * Joins tensors along an existing axis ({@code numpy.concatenate}, {@code torch.cat},
     * {@code tf.concat}, Keras {@code ops.concatenate}). All tensors must have the same rank and the
     * same dimensions outside {@code axis}; dtypes are promoted to a common one. The gradient of
     * each input is its slice of the output's gradient.
     *
     * @param axis the axis to join along; negative counts from the end
     */
    public static Tensor concat(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("concat: expected at least one tensor");
        }
        Tensor first = tensors[0];
        int rank = first.rank();
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            if (t.rank() == 0) {
                throw new IllegalArgumentException("concat: tensor " + i + " is a scalar (shape ()); scalars cannot be "
                        + "concatenated, use stack");
            }
            if (t.rank() != rank) {
                throw new IllegalArgumentException(
                        "concat: all tensors must have the same rank, but tensor 0 has shape " + first.shape()
                                + " and tensor " + i + " has shape " + t.shape());
            }
            OpSupport.sameDevice("concat", first, t);
        }
        int a = Shape.normalizeAxis(axis, rank, "concat");
        int[] shape = first.dims();
        int total = 0;
        DType dt = first.dtype();
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            for (int d = 0; d < rank; d++) {
                if (d != a && t.dim(d) != shape[d]) {
                    throw new IllegalArgumentException("concat: tensors must have the same shape except along axis "
                            + axis + ", but tensor 0 has shape " + first.shape() + " and tensor " + i + " has shape "
                            + t.shape() + " (they differ at axis " + d + ")");
                }
            }
            total += t.dim(a);
            dt = DType.promote(dt, t.dtype());
        }
        shape[a] = total;
        Tensor out = OpSupport.empty(first, dt, shape);
        int[] starts = new int[tensors.length + 1];
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            starts[i + 1] = starts[i] + t.dim(a);
            if (t.size() > 0) {
                out.backend().copy(t, Views.slice(out, a, starts[i], starts[i + 1], 1));
            }
        }
        Tensor[] inputs = tensors.clone();
        return Autograd.record(
                out,
                "concat",
                Autograd.NOTHING_SAVED,
                g -> {
                    Tensor[] grads = new Tensor[inputs.length];
                    for (int i = 0; i < inputs.length; i++) {
                        grads[i] = inputs[i].requiresGrad() ? g.slice(a, starts[i], starts[i + 1]) : null;
                    }
                    return grads;
                },
                inputs);
    }

    /**
     * Joins tensors of the same shape along a new axis ({@code numpy.stack}, {@code torch.stack},
     * {@code tf.stack}). For inputs of shape {@code (2, 3)}, axis 0 gives {@code (n, 2, 3)} and axis
     * -1 gives {@code (2, 3, n)}.
     *
     * @param axis where the new axis goes, in {@code [-(rank+1), rank]}
     */
    public static Tensor stack(int axis, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: expected at least one tensor");
        }
        int a = Shape.normalizeAxis(axis, tensors[0].rank() + 1, "stack");
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!tensors[i].shape().equals(tensors[0].shape())) {
                throw new IllegalArgumentException(
                        "stack: all tensors must have the same shape, but tensor 0 has shape " + tensors[0].shape()
                                + " and tensor " + i + " has shape " + tensors[i].shape());
            }
            expanded[i] = tensors[i].unsqueeze(a);
        }
        return concat(a, expanded);
    }

    // ---- cutting -------------------------------------------------------------------------------

    /**
     * Cuts {@code x} into {@code sections} equal parts along {@code axis} ({@code numpy.split(x, n)},
     * {@code tf.split(x, n)}; note that {@code torch.split(x, n)} takes a part size instead). The
     * parts are views of {@code x}, each with its own gradient.
     */
    public static Tensor[] split(Tensor x, int sections, int axis) {
        int a = Shape.normalizeAxis(axis, x.rank(), "split");
        int len = x.dim(a);
        if (sections <= 0 || len % sections != 0) {
            throw new IllegalArgumentException("split: axis " + axis + " of shape " + x.shape() + " has size " + len
                    + ", which cannot be split into " + sections + " equal sections; pass the section sizes instead");
        }
        int[] sizes = new int[sections];
        Arrays.fill(sizes, len / sections);
        return split(x, sizes, a);
    }

    /**
     * Cuts {@code x} into parts of the given sizes along {@code axis} ({@code tf.split(x, sizes)},
     * {@code torch.split(x, sizes)}). One size may be -1: it takes what the others leave. The parts
     * are views of {@code x}, each with its own gradient.
     */
    public static Tensor[] split(Tensor x, int[] sizes, int axis) {
        int a = Shape.normalizeAxis(axis, x.rank(), "split");
        int len = x.dim(a);
        int[] s = sizes.clone();
        int infer = -1;
        int known = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && infer < 0) {
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("split: invalid section sizes " + Arrays.toString(sizes)
                        + " (at most one -1, others zero or more)");
            } else {
                known += s[i];
            }
        }
        if (infer >= 0 && known <= len) {
            s[infer] = len - known;
            known = len;
        }
        if (known != len) {
            throw new IllegalArgumentException("split: section sizes " + Arrays.toString(sizes) + " add up to " + known
                    + " but axis " + axis + " of shape " + x.shape() + " has size " + len);
        }
        Tensor[] parts = new Tensor[s.length];
        int start = 0;
        for (int i = 0; i < s.length; i++) {
            parts[i] = Views.slice(x, a, start, start + s[i], 1);
            start += s[i];
        }
        return parts;
    }

    /**
     * The slices of {@code x} along {@code axis}, that axis removed ({@code torch.unbind},
     * {@code tf.unstack}): views, each with its own gradient.
     */
    public static Tensor[] unbind(Tensor x, int axis) {
        int a = Shape.normalizeAxis(axis, x.rank(), "unbind");
        Tensor[] parts = new Tensor[x.dim(a)];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Views.select(x, a, i);
        }
        return parts;
    }

    // ---- padding, tiling, repeating -------------------------------------------------------------

    /**
     * Pads every axis with {@code value} ({@code numpy.pad(x, padWidth, constant_values=value)},
     * {@code tf.pad}; {@code torch.nn.functional.pad} lists the axes from the last one instead).
     * {@code padWidth[d] = {before, after}} for each axis {@code d}. The gradient is the slice of
     * the output's gradient where {@code x} sits.
     */
    public static Tensor pad(Tensor x, int[][] padWidth, double value) {
        if (padWidth.length != x.rank()) {
            throw new IllegalArgumentException("pad: expected one {before, after} pair per axis of shape " + x.shape()
                    + " (" + x.rank() + " pairs), got " + padWidth.length);
        }
        int[] dims = x.dims();
        int[] shape = new int[dims.length];
        int[] before = new int[dims.length];
        for (int d = 0; d < dims.length; d++) {
            int[] p = padWidth[d];
            if (p == null || p.length != 2 || p[0] < 0 || p[1] < 0) {
                throw new IllegalArgumentException("pad: axis " + d + " needs a {before, after} pair of non-negative "
                        + "sizes, got " + Arrays.toString(p));
            }
            before[d] = p[0];
            shape[d] = p[0] + dims[d] + p[1];
        }
        Tensor out = OpSupport.empty(x, x.dtype(), shape);
        if (value != 0.0) {
            out.backend().fill(out, value);
        }
        if (x.size() > 0) {
            out.backend().copy(x, interior(out, before, dims));
        }
        return Autograd.record(out, "pad", Autograd.NOTHING_SAVED, g -> new Tensor[] {interior(g, before, dims)}, x);
    }

    /** The view of {@code t} of shape {@code dims} starting at {@code start}. */
    private static Tensor interior(Tensor t, int[] start, int[] dims) {
        Tensor v = t;
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] != t.dim(d)) {
                v = Views.slice(v, d, start[d], start[d] + dims[d], 1);
            }
        }
        return v;
    }

    /**
     * Repeats the whole of {@code x} {@code reps[d]} times along each axis ({@code numpy.tile},
     * {@code tf.tile}, and {@code torch.Tensor.repeat}). When {@code reps} is shorter than the rank,
     * leading ones are assumed; when longer, {@code x} gains leading axes of size 1. Built from
     * {@code expand} and {@code reshape}, so the gradient sums the copies.
     */
    public static Tensor tile(Tensor x, int... reps) {
        for (int r : reps) {
            if (r < 0) {
                throw new IllegalArgumentException(
                        "tile: repetitions must be zero or more, got " + Arrays.toString(reps));
            }
        }
        int rank = Math.max(x.rank(), reps.length);
        int[] xs = leftPad(x.dims(), rank);
        int[] rs = leftPad(reps, rank);
        int[] unit = new int[2 * rank];
        int[] wide = new int[2 * rank];
        int[] result = new int[rank];
        for (int d = 0; d < rank; d++) {
            unit[2 * d] = 1;
            unit[2 * d + 1] = xs[d];
            wide[2 * d] = rs[d];
            wide[2 * d + 1] = xs[d];
            result[d] = rs[d] * xs[d];
        }
        return x.reshape(unit).expand(wide).reshape(result);
    }

    private static int[] leftPad(int[] a, int rank) {
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        System.arraycopy(a, 0, out, rank - a.length, a.length);
        return out;
    }

    /**
     * Repeats each element of {@code x} {@code repeats} times along {@code axis}, copies next to
     * each other ({@code numpy.repeat(x, repeats, axis)}, {@code torch.repeat_interleave}, Keras
     * {@code ops.repeat}): {@code [1, 2]} gives {@code [1, 1, 2, 2]}. Compare {@link #tile}.
     */
    public static Tensor repeat(Tensor x, int repeats, int axis) {
        int a = Shape.normalizeAxis(axis, x.rank(), "repeat");
        if (repeats < 0) {
            throw new IllegalArgumentException("repeat: repeats must be zero or more, got " + repeats);
        }
        int[] dims = x.dims();
        int[] wide = new int[dims.length + 1];
        for (int d = 0, k = 0; d < wide.length; d++) {
            wide[d] = d == a + 1 ? repeats : dims[k++];
        }
        int[] result = dims.clone();
        result[a] = dims[a] * repeats;
        return x.unsqueeze(a + 1).expand(wide).reshape(result);
    }

    /**
     * Repeats element {@code i} of {@code axis} {@code repeats[i]} times ({@code numpy.repeat} with
     * an array of counts): {@code [1, 2, 3]} with {@code {2, 0, 1}} gives {@code [1, 1, 3]}.
     */
    public static Tensor repeat(Tensor x, int[] repeats, int axis) {
        int a = Shape.normalizeAxis(axis, x.rank(), "repeat");
        int len = x.dim(a);
        if (repeats.length != len) {
            throw new IllegalArgumentException("repeat: expected " + len + " counts for axis " + axis + " of shape "
                    + x.shape() + ", got " + repeats.length);
        }
        int total = 0;
        for (int r : repeats) {
            if (r < 0) {
                throw new IllegalArgumentException(
                        "repeat: counts must be zero or more, got " + Arrays.toString(repeats));
            }
            total += r;
        }
        int[] index = new int[total];
        for (int i = 0, k = 0; i < len; i++) {
            for (int j = 0; j < repeats[i]; j++) {
                index[k++] = i;
            }
        }
        return Indexing.indexSelect(x, a, Tensor.of(index).to(x.device()));
    }

    // ---- flipping ------------------------------------------------------------------------------

    /**
     * Reverses the order of elements along {@code axes} ({@code torch.flip}, {@code numpy.flip};
     * no axes: all of them). A view with negative strides, no copy; the gradient is flipped back.
     */
    public static Tensor flip(Tensor x, int... axes) {
        int[] ax = OpSupport.normalizeAxes(axes.length == 0 ? null : axes, x.rank(), "flip");
        int[] dims = x.dims();
        long[] strides = x.strides();
        long offset = x.offset();
        for (int a : ax) {
            if (dims[a] > 1) {
                offset += (dims[a] - 1) * strides[a];
                strides[a] = -strides[a];
            }
        }
        Tensor out = TensorAccess.get().view(x.storage(), dims, strides, offset);
        return Autograd.record(out, "flip", Autograd.NOTHING_SAVED, g -> new Tensor[] {flip(g, ax)}, x);
    }
}
