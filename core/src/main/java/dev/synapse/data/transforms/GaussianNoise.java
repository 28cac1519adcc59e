package dev.synapse.data.transforms;

import dev.synapse.data.HostArrays;
import dev.synapse.data.SampleRandom;
import dev.synapse.tensor.Tensor;

/**
 * Adds independent normal noise of standard deviation {@code std} to every element: Keras's
 * {@code GaussianNoise} as a data augmentation, and the corruption step of a denoising autoencoder.
 */
public final class GaussianNoise implements Transform {
    private final double std;

    /** Noise with mean 0 and this standard deviation. */
    public GaussianNoise(double std) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("GaussianNoise: std must be 0 or more, got " + std);
        }
        this.std = std;
    }

    @Override
    public Tensor apply(Tensor x) {
        float[] v = HostArrays.floats(x);
        double[] noise = new double[v.length];
        SampleRandom.current().fillNormal(noise, 0, std);
        for (int i = 0; i < v.length; i++) {
            v[i] += (float) noise[i];
        }
        return Tensor.wrap(v, x.dims());
    }
}
