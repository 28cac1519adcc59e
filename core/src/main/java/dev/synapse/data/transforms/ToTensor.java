package dev.synapse.data.transforms;

import dev.synapse.data.HostArrays;
import dev.synapse.tensor.Tensor;

/**
 * Pixel values 0..255 to float32 in {@code [0, 1]}: {@code torchvision.transforms.ToTensor} (without
 * its move of the channels first: Synapse keeps pictures channels-last, as Keras) or Keras's
 * {@code x / 255.0}. Integer and bool inputs are divided by 255; float inputs are only converted to
 * float32, as ToTensor leaves float arrays unscaled.
 */
public final class ToTensor implements Transform {
    /** The transform ({@code torchvision.transforms.ToTensor}). */
    public ToTensor() {}

    @Override
    public Tensor apply(Tensor x) {
        float[] v = HostArrays.floats(x);
        if (!x.dtype().isFloating()) {
            for (int i = 0; i < v.length; i++) {
                v[i] *= (1f / 255f);
            }
        }
        return Tensor.wrap(v, x.dims());
    }
}
