package dev.synapse.data;

import dev.synapse.internal.TensorAccess;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Samples sliced from tensors along their first axis: {@code torch.utils.data.TensorDataset(x, y)} and
 * {@code tf.data.Dataset.from_tensor_slices}. Sample {@code i} is a view on row {@code i}; nothing is
 * copied until a loader stacks a batch.
 */
public final class TensorDataset implements Dataset {
    private final Tensor x;
    private final @Nullable Tensor y;

    /**
     * Pairs {@code x[i]} with {@code y[i]}; {@code y} may be {@code null} for unlabelled data.
     *
     * @throws IllegalArgumentException when the first dimensions differ or a tensor is a scalar
     */
    public TensorDataset(Tensor x, @Nullable Tensor y) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException("TensorDataset: features must have a first (sample) axis, got a scalar");
        }
        if (y != null && (y.rank() == 0 || y.dim(0) != x.dim(0))) {
            throw new IllegalArgumentException("TensorDataset: features " + Shape.format(x.dims()) + " and labels "
                    + Shape.format(y.dims()) + " must have the same first dimension");
        }
        this.x = x.detach().contiguous();
        this.y = y == null ? null : y.detach().contiguous();
    }

    @Override
    public int size() {
        return x.dim(0);
    }

    @Override
    public Sample get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " of a dataset of " + size() + " samples");
        }
        return new Sample(row(x, index), y == null ? null : row(y, index));
    }

    /** All features, as given. */
    public Tensor features() {
        return x;
    }

    /** All labels, as given, or {@code null}. */
    public @Nullable Tensor labels() {
        return y;
    }

    private static Tensor row(Tensor t, int i) {
        int[] dims = t.dims();
        int[] item = Arrays.copyOfRange(dims, 1, dims.length);
        long itemSize = Shape.numel(item);
        // A direct view on the contiguous storage: cheaper than a select op, and never part of a graph.
        return TensorAccess.get().view(t.storage(), item, Shape.contiguousStrides(item), t.offset() + i * itemSize);
    }
}
