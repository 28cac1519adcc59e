package dev.synapse.data.transforms;

import dev.synapse.tensor.Tensor;

/**
 * A function applied to one sample's features (or label) when a dataset is read: the
 * {@code transform} callables of {@code torchvision.transforms} and the functions given to
 * {@code tf.data.Dataset.map}. Any lambda {@code x -> ...} is a transform ({@code transforms.Lambda}).
 *
 * <p>Random transforms draw from {@link dev.synapse.data.SampleRandom#current()}, so under a
 * {@link dev.synapse.data.DataLoader} they repeat exactly for a given seed, epoch and sample.
 */
@FunctionalInterface
public interface Transform {
    /** The transformed features; must not modify {@code x}. */
    Tensor apply(Tensor x);

    /** This transform followed by {@code next}. */
    default Transform andThen(Transform next) {
        return x -> next.apply(apply(x));
    }
}
