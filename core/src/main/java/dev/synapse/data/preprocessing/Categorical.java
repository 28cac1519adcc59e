package dev.synapse.data.preprocessing;

import dev.synapse.data.Dataset;
import dev.synapse.data.HostArrays;
import dev.synapse.data.Sample;
import dev.synapse.losses.ClassLabels;
import dev.synapse.tensor.Tensor;

/**
 * Class labels to one-hot rows and back, and class counts: Keras's
 * {@code keras.utils.to_categorical}, PyTorch's {@code torch.nn.functional.one_hot} and NumPy's
 * {@code bincount}.
 */
public final class Categorical {
    private Categorical() {}

    /**
     * One float32 row per label with a 1 in the label's column: {@code to_categorical(y, numClasses)}.
     * Labels {@code [N]} give {@code [N, numClasses]}.
     */
    public static Tensor toCategorical(Tensor y, int numClasses) {
        long[] labels = ClassLabels.check("toCategorical", y, numClasses);
        float[] out = new float[Math.multiplyExact(labels.length, numClasses)];
        for (int i = 0; i < labels.length; i++) {
            out[i * numClasses + (int) labels[i]] = 1f;
        }
        return Tensor.wrap(out, withClasses(y.dims(), numClasses));
    }

    /** {@link #toCategorical(Tensor, int)} with {@code max(y) + 1} classes. */
    public static Tensor toCategorical(Tensor y) {
        return toCategorical(y, numClasses(ClassLabels.check("toCategorical", y)));
    }

    /** int64 one-hot rows, as {@code torch.nn.functional.one_hot(y, numClasses)}. */
    public static Tensor oneHot(Tensor y, int numClasses) {
        long[] labels = ClassLabels.check("oneHot", y, numClasses);
        long[] out = new long[Math.multiplyExact(labels.length, numClasses)];
        for (int i = 0; i < labels.length; i++) {
            out[i * numClasses + (int) labels[i]] = 1;
        }
        return Tensor.wrap(out, withClasses(y.dims(), numClasses));
    }

    /** The column of the largest value in each row, as int64: the inverse of {@link #toCategorical}. */
    public static Tensor argmaxLabels(Tensor oneHot) {
        int[] d = oneHot.dims();
        if (d.length != 2) {
            throw new IllegalArgumentException(
                    "argmaxLabels: expected [N, classes], got " + dev.synapse.tensor.Shape.format(d));
        }
        float[] v = oneHot.toFloatArray();
        long[] out = new long[d[0]];
        for (int i = 0; i < d[0]; i++) {
            int best = 0;
            for (int c = 1; c < d[1]; c++) {
                if (v[i * d[1] + c] > v[i * d[1] + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return Tensor.wrap(out, d[0]);
    }

    /** How many samples each class 0..max has ({@code np.bincount(y)}). */
    public static long[] classCounts(Tensor y) {
        return classCounts(ClassLabels.check("classCounts", y));
    }

    /** How many samples of {@code dataset} each class has, reading every label once. */
    public static long[] classCounts(Dataset dataset) {
        long[] labels = new long[dataset.size()];
        for (int i = 0; i < labels.length; i++) {
            Sample s = dataset.get(i);
            if (s.y() == null || s.y().size() != 1) {
                throw new IllegalArgumentException("classCounts: sample " + i + " has no single class label");
            }
            labels[i] = HostArrays.longAt(s.y(), 0);
        }
        return classCounts(labels);
    }

    static long[] classCounts(long[] labels) {
        long[] counts = new long[numClasses(labels)];
        for (long l : labels) {
            counts[(int) l]++;
        }
        return counts;
    }

    private static int numClasses(long[] labels) {
        long max = -1;
        for (long l : labels) {
            if (l < 0) {
                throw new IllegalArgumentException("class labels must be 0 or more, got " + l);
            }
            max = Math.max(max, l);
        }
        if (max >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("class label " + max + " is too large");
        }
        return (int) (max + 1);
    }

    private static int[] withClasses(int[] dims, int numClasses) {
        int[] out = java.util.Arrays.copyOf(dims, dims.length + 1);
        out[dims.length] = numClasses;
        return out;
    }
}
