package dev.synapse.data;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * One (features, label) pair of a {@link Dataset}, as the tuple a PyTorch {@code Dataset.__getitem__}
 * returns. The label may be {@code null} for unlabelled data ({@code tf.data.Dataset.from_tensor_slices(x)}).
 *
 * @param x the features: a tensor of any shape, the same shape for every sample of a dataset
 * @param y the label: usually a scalar int64 tensor, or {@code null}
 */
public record Sample(Tensor x, @Nullable Tensor y) {
    /** A labelled sample with an int64 scalar label. */
    public static Sample of(Tensor x, long label) {
        return new Sample(x, Tensor.scalar(label, DType.INT64));
    }
}
