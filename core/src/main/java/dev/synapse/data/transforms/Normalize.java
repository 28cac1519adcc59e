package dev.synapse.data.transforms;

import dev.synapse.data.HostArrays;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;

/**
 * {@code (x - mean) / std} per channel: {@code torchvision.transforms.Normalize} and Keras's
 * {@code Normalization} layer with fixed statistics. Channels are the last axis (channels-last); one
 * mean and one std apply to every element.
 */
public final class Normalize implements Transform {
    private final float[] mean;
    private final float[] invStd;

    /** Per-channel statistics; both arrays have one entry per channel, or one entry for all. */
    public Normalize(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException(
                    "Normalize: mean and std need the same, non-zero number of channels; got " + mean.length + " and "
                            + std.length);
        }
        this.mean = new float[mean.length];
        this.invStd = new float[std.length];
        for (int i = 0; i < mean.length; i++) {
            if (!(std[i] > 0)) {
                throw new IllegalArgumentException(
                        "Normalize: std must be positive, got " + std[i] + " for channel " + i);
            }
            this.mean[i] = (float) mean[i];
            this.invStd[i] = (float) (1.0 / std[i]);
        }
    }

    @Override
    public Tensor apply(Tensor x) {
        float[] v = HostArrays.floats(x);
        int c = mean.length;
        if (c == 1) {
            float m = mean[0];
            float s = invStd[0];
            for (int i = 0; i < v.length; i++) {
                v[i] = (v[i] - m) * s;
            }
        } else {
            if (x.rank() == 0 || x.dim(x.rank() - 1) != c) {
                throw new IllegalArgumentException(
                        "Normalize: " + c + " channel statistics need a last (channel) axis of " + c + ", got shape "
                                + Shape.format(x.dims()));
            }
            for (int i = 0; i < v.length; i++) {
                int k = i % c;
                v[i] = (v[i] - mean[k]) * invStd[k];
            }
        }
        return Tensor.wrap(v, x.dims());
    }
}
