package dev.synapse.data.transforms;

import dev.synapse.tensor.Tensor;

/** One sample flattened to a vector: {@code torch.flatten} in a torchvision {@code Compose}. */
public final class Flatten implements Transform {
    /** The transform ({@code torch.flatten} of each sample). */
    public Flatten() {}

    @Override
    public Tensor apply(Tensor x) {
        return x.contiguous().reshape(-1);
    }
}
