package dev.synapse.data;

import dev.synapse.backend.Backends;
import dev.synapse.internal.TensorAccess;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.JavaArrays;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A batch of samples stacked along a new first axis: what a {@link DataLoader} yields, as PyTorch's
 * {@code (x, y)} pair from {@code default_collate}. Images arrive channels-last, as Keras:
 * {@code [B, H, W]} or {@code [B, H, W, C]}; integer labels as int64 {@code [B]}.
 *
 * @param x the stacked features
 * @param y the stacked labels, or {@code null} for unlabelled data
 */
public record Batch(Tensor x, @Nullable Tensor y) {

    /** Number of samples in the batch. */
    public int size() {
        return x.dim(0);
    }

    /**
     * Stacks samples into one batch ({@code torch.utils.data.default_collate}). Every sample must have
     * the same feature shape and dtype, and the same label shape and dtype, on one device; the batch is
     * made on that device. On the CPU the copies are plain primitive-array copies; on another device
     * one copy kernel per sample, so batching reads nothing back to the host.
     */
    public static Batch collate(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("collate: no samples to stack");
        }
        Tensor x = stack(samples, samples.get(0).x(), true);
        Tensor y0 = samples.get(0).y();
        Tensor y = y0 == null ? null : stack(samples, y0, false);
        return new Batch(x, y);
    }

    private static Tensor stack(List<Sample> samples, Tensor first, boolean features) {
        int[] itemShape = first.dims();
        DType dtype = first.dtype();
        long itemSize = Shape.numel(itemShape);
        int b = samples.size();
        int[] shape = new int[itemShape.length + 1];
        shape[0] = b;
        System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
        Device device = first.device();
        if (device.equals(Device.CPU)) {
            Object out = JavaArrays.allocate(dtype, shape);
            for (int i = 0; i < b; i++) {
                // The whole batch fits the array just allocated, so each sample's offset is an int.
                HostArrays.copyInto(sample(samples, i, features, first), out, Math.toIntExact(i * itemSize));
            }
            return TensorAccess.get()
                    .view(Backends.get(Device.CPU).fromHost(out, dtype), shape, Shape.contiguousStrides(shape), 0);
        }
        Tensor batch = Tensor.empty(dtype, device, shape);
        for (int i = 0; i < b; i++) {
            Tensor row = TensorAccess.get()
                    .view(batch.storage(), itemShape, Shape.contiguousStrides(itemShape), i * itemSize);
            batch.backend().copy(sample(samples, i, features, first), row);
        }
        return batch;
    }

    /** Sample {@code i}'s features or label, checked against sample 0's shape, dtype and device. */
    private static Tensor sample(List<Sample> samples, int i, boolean features, Tensor first) {
        Tensor t = pick(samples.get(i), features);
        String what = features ? "features" : "label";
        if (t == null || t.dtype() != first.dtype() || !java.util.Arrays.equals(t.dims(), first.dims())) {
            throw new IllegalArgumentException("collate: sample " + i + " has " + what + " "
                    + (t == null ? "null" : t.dtype() + " " + Shape.format(t.dims())) + " but sample 0 has "
                    + first.dtype() + " " + Shape.format(first.dims())
                    + "; every sample of a batch needs the same shape and dtype");
        }
        if (!t.device().equals(first.device())) {
            throw new IllegalArgumentException("collate: sample " + i + " has " + what + " on " + t.device()
                    + " but sample 0 on " + first.device() + "; every sample of a batch must be on one device");
        }
        return t;
    }

    private static @Nullable Tensor pick(Sample s, boolean features) {
        return features ? s.x() : s.y();
    }
}
