package dev.synapse.losses;

import dev.synapse.ops.AsyncAsserts;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;

/**
 * Reads integer class labels (the targets of {@code sparse_categorical_crossentropy}, sparse accuracy,
 * top-k accuracy, {@code to_categorical} and {@code class_weight}) and rejects any that is not a class
 * index. PyTorch's {@code nn.CrossEntropyLoss} and Keras's sparse losses fail on such labels too;
 * without the check a label of -1 would silently pick the last class, as a Python index does.
 */
public final class ClassLabels {
    private static final int UNBOUNDED = -1;

    private ClassLabels() {}

    /**
     * The labels as class indices in {@code [0, numClasses)}, row-major. Integer tensors and float
     * tensors holding whole numbers are accepted.
     *
     * @param owner what reads the labels (a loss or metric name), for the error message
     * @throws IllegalArgumentException naming the label, where it sits and the number of classes,
     *                                  when a label is negative, too large, fractional or not a number
     */
    public static long[] check(String owner, Tensor labels, int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException(owner + ": the number of classes must be positive, got " + numClasses);
        }
        return read(owner, labels, numClasses);
    }

    /**
     * The labels as an int64 tensor of class indices on their device, with their shape, checked as
     * {@link #check(String, Tensor, int)} checks them. On the CPU, or outside an {@link AsyncAsserts#defer()} scope,
     * the check reads the labels at once; inside one, on another device, it stays on the device and fails at the next
     * host read, with the same message, and the indices handed on are clamped into {@code [0, numClasses)} so that
     * nothing reads outside the class axis meanwhile.
     */
    public static Tensor indices(String owner, Tensor labels, int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException(owner + ": the number of classes must be positive, got " + numClasses);
        }
        if (!AsyncAsserts.deferring(labels.device())) {
            return Tensor.wrap(read(owner, labels, numClasses), labels.dims()).to(labels.device());
        }
        Tensor index = labels.to(DType.INT64);
        Tensor bad = index.lt(0).or(index.lt(numClasses).not());
        if (labels.dtype().isFloating()) {
            // NaN, infinities and fractions do not survive the round trip through int64.
            Tensor asDouble = labels.to(DType.FLOAT64);
            bad = bad.or(asDouble.ne(index.to(DType.FLOAT64)));
        }
        Shape shape = labels.shape();
        boolean floating = labels.dtype().isFloating();
        AsyncAsserts.record(bad, labels, (flat, value) -> {
            throw floating && (!Double.isFinite(value) || value != Math.rint(value))
                    ? notAnIndex(owner, shape, flat, value, numClasses)
                    : outOfRange(owner, shape, flat, (long) value, numClasses);
        });
        Tensor zero = Tensor.scalarLike(0, DType.INT64, index);
        Tensor last = Tensor.scalarLike(numClasses - 1, DType.INT64, index);
        return index.maximum(zero).minimum(last);
    }

    /** The labels as class indices when the number of classes is not known yet: whole numbers, 0 or more. */
    public static long[] check(String owner, Tensor labels) {
        return read(owner, labels, UNBOUNDED);
    }

    private static long[] read(String owner, Tensor labels, int numClasses) {
        if (!labels.dtype().isFloating()) {
            long[] out = labels.toLongArray();
            for (int i = 0; i < out.length; i++) {
                requireInRange(owner, labels, i, out[i], numClasses);
            }
            return out;
        }
        double[] v = labels.toDoubleArray();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i]) || v[i] != Math.rint(v[i])) {
                throw notAnIndex(owner, labels.shape(), i, v[i], numClasses);
            }
            out[i] = (long) v[i];
            requireInRange(owner, labels, i, out[i], numClasses);
        }
        return out;
    }

    private static void requireInRange(String owner, Tensor labels, int flat, long label, int numClasses) {
        if (label < 0 || (numClasses != UNBOUNDED && label >= numClasses)) {
            throw outOfRange(owner, labels.shape(), flat, label, numClasses);
        }
    }

    private static IllegalArgumentException notAnIndex(
            String owner, Shape shape, long flat, double label, int numClasses) {
        return new IllegalArgumentException(owner + ": label " + label + " at " + where(shape, flat)
                + " is not a class index; sparse labels must be whole numbers in " + range(numClasses)
                + " (one-hot or soft labels need a categorical loss or metric)");
    }

    private static IllegalArgumentException outOfRange(
            String owner, Shape shape, long flat, long label, int numClasses) {
        return new IllegalArgumentException(owner + ": label " + label + " at " + where(shape, flat) + " is outside "
                + range(numClasses)
                + (numClasses == UNBOUNDED ? "" : " for " + numClasses + " classes")
                + "; "
                + (label < 0
                        ? "labels are class indices, not Python-style indices counted from the end"
                        : "labels must lie in [0, numClasses) (for labels counted from 1, subtract 1 first)"));
    }

    private static String range(int numClasses) {
        return numClasses == UNBOUNDED ? "[0, inf)" : "[0, " + numClasses + ")";
    }

    /**
     * "row 3 of labels (8,)" for {@code [N]} or {@code [N, 1]} labels, "index [3, 5] of labels (8, 6)"
     * otherwise; the shape tells a batch (rows counted in the batch) from a whole array.
     */
    private static String where(Shape shape, long flat) {
        return position(shape.toArray(), flat) + " of labels " + shape;
    }

    private static String position(int[] d, long flat) {
        if (d.length == 1 || (d.length == 2 && d[1] == 1)) {
            return "row " + flat;
        }
        int[] index = new int[d.length];
        long rest = flat;
        for (int k = d.length - 1; k >= 0; k--) {
            index[k] = (int) (rest % d[k]);
            rest /= d[k];
        }
        return "index " + Arrays.toString(index);
    }
}
