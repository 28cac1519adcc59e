package dev.synapse.data;

import dev.synapse.data.transforms.Transform;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A random-access collection of (features, label) samples: PyTorch's map-style
 * {@code torch.utils.data.Dataset} ({@code __len__} is {@link #size()}, {@code __getitem__} is
 * {@link #get(int)}), with the composition helpers of {@code tf.data.Dataset} ({@link #map},
 * {@link #batch}) and {@code torch.utils.data} ({@link #subset}, {@link #concat}, {@link #randomSplit}).
 *
 * <p>Implementations must be safe to call from several threads at once: a {@link DataLoader} with
 * workers asks for different indices in parallel.
 */
public interface Dataset {

    /** Number of samples ({@code len(dataset)}). */
    int size();

    /** Sample {@code index}, for {@code 0 <= index < size()} ({@code dataset[index]}). */
    Sample get(int index);

    // ---- creation ---------------------------------------------------------------------------------

    /** The samples of {@code x} along its first axis, unlabelled ({@code tf.data.Dataset.from_tensor_slices(x)}). */
    static TensorDataset fromTensorSlices(Tensor x) {
        return new TensorDataset(x, null);
    }

    /**
     * Pairs {@code x[i]} with {@code y[i]} ({@code tf.data.Dataset.from_tensor_slices((x, y))},
     * {@code TensorDataset(x, y)}).
     */
    static TensorDataset fromTensorSlices(Tensor x, @Nullable Tensor y) {
        return new TensorDataset(x, y);
    }

    // ---- composition ------------------------------------------------------------------------------

    /**
     * This dataset with {@code transform} applied to each sample's features when it is read
     * ({@code tf.data.Dataset.map}, the {@code transform=} argument of torchvision datasets). Random
     * transforms draw from {@link SampleRandom#current()}.
     */
    default Dataset map(Transform transform) {
        return new MappedDataset(this, s -> new Sample(transform.apply(s.x()), s.y()));
    }

    /** This dataset with {@code transform} applied to each label ({@code target_transform=} in torchvision). */
    default Dataset mapLabels(Transform transform) {
        return new MappedDataset(this, s -> new Sample(s.x(), s.y() == null ? null : transform.apply(s.y())));
    }

    /** This dataset with {@code f} applied to each whole sample. */
    default Dataset mapSamples(UnaryOperator<Sample> f) {
        return new MappedDataset(this, f);
    }

    /** The samples at {@code indices}, in that order ({@code torch.utils.data.Subset}). */
    default Dataset subset(int... indices) {
        return new SubsetDataset(this, indices);
    }

    /** Samples {@code start} (inclusive) to {@code end} (exclusive). */
    default Dataset range(int start, int end) {
        if (start < 0 || end > size() || start > end) {
            throw new IndexOutOfBoundsException(
                    "range [" + start + ", " + end + ") of a dataset of " + size() + " samples");
        }
        int[] idx = new int[end - start];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = start + i;
        }
        return subset(idx);
    }

    /**
     * This dataset followed by {@code others} ({@code torch.utils.data.ConcatDataset},
     * {@code tf.data.Dataset.concatenate}).
     */
    default Dataset concat(Dataset... others) {
        List<Dataset> all = new ArrayList<>();
        all.add(this);
        all.addAll(List.of(others));
        return new ConcatDataset(all);
    }

    /** A loader over this dataset in order, {@code batchSize} samples a batch ({@code tf.data.Dataset.batch}). */
    default DataLoader batch(int batchSize) {
        return DataLoader.builder(this).batchSize(batchSize).build();
    }

    /**
     * Splits {@code dataset} into disjoint random parts of the given lengths, which must add up to its
     * size ({@code torch.utils.data.random_split} with a seeded generator).
     */
    static List<Dataset> randomSplit(Dataset dataset, int[] lengths, long seed) {
        long total = 0;
        for (int n : lengths) {
            if (n < 0) {
                throw new IllegalArgumentException("randomSplit: negative length " + n);
            }
            total += n;
        }
        if (total != dataset.size()) {
            throw new IllegalArgumentException(
                    "randomSplit: lengths add up to " + total + " but the dataset has " + dataset.size() + " samples");
        }
        int[] perm = new Generator(seed).permutation(dataset.size());
        List<Dataset> parts = new ArrayList<>();
        int at = 0;
        for (int n : lengths) {
            parts.add(dataset.subset(java.util.Arrays.copyOfRange(perm, at, at + n)));
            at += n;
        }
        return parts;
    }

    /**
     * Splits {@code dataset} by fractions that add up to 1, as {@code random_split} with fractions: each
     * part gets {@code floor(fraction * size)} samples and the remainder goes one by one to the first parts.
     */
    static List<Dataset> randomSplit(Dataset dataset, double[] fractions, long seed) {
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("randomSplit: fraction " + f + " is not in [0, 1]");
            }
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("randomSplit: fractions add up to " + sum + ", expected 1");
        }
        int n = dataset.size();
        int[] lengths = new int[fractions.length];
        int assigned = 0;
        for (int i = 0; i < fractions.length; i++) {
            lengths[i] = (int) Math.floor(fractions[i] * n);
            assigned += lengths[i];
        }
        for (int i = 0; assigned < n; i = (i + 1) % lengths.length) {
            lengths[i]++;
            assigned++;
        }
        return randomSplit(dataset, lengths, seed);
    }
}
