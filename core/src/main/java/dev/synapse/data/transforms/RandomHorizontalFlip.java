package dev.synapse.data.transforms;

import dev.synapse.data.SampleRandom;
import dev.synapse.tensor.Tensor;

/**
 * Mirrors a picture left to right with probability {@code p}: {@code torchvision.transforms.RandomHorizontalFlip}
 * and Keras's {@code RandomFlip("horizontal")}.
 */
public final class RandomHorizontalFlip implements Transform {
    private final double p;

    /** Flips with probability {@code p} (0.5 in both PyTorch and Keras). */
    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    @Override
    public Tensor apply(Tensor x) {
        Image img = Image.of(x, "RandomHorizontalFlip");
        if (SampleRandom.current().nextDouble() >= p) {
            return img.toTensor(img.data());
        }
        int h = img.height();
        int w = img.width();
        int c = img.channels();
        float[] src = img.data();
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                System.arraycopy(src, (y * w + xx) * c, out, (y * w + (w - 1 - xx)) * c, c);
            }
        }
        return img.toTensor(out);
    }
}
