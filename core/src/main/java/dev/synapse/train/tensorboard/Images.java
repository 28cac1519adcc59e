package dev.synapse.train.tensorboard;

import dev.synapse.tensor.Tensor;
import java.awt.image.BufferedImage;

/** Converts image tensors (values in [0, 1], channels-last) to {@link BufferedImage}. */
public final class Images {
    private Images() {}

    /**
     * {@code [H, W]}, {@code [H, W, 1]} (grey) or {@code [H, W, 3]} (RGB) to an image; values are clipped to [0, 1].
     */
    public static BufferedImage toImage(Tensor hwc) {
        int[] d = hwc.dims();
        int channels = d.length == 2 ? 1 : d.length == 3 ? d[2] : -1;
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(
                    "image: expected shape [H, W], [H, W, 1] or [H, W, 3], got " + hwc.shape());
        }
        int h = d[0];
        int w = d[1];
        float[] v = hwc.toFloatArray();
        BufferedImage img =
                new BufferedImage(w, h, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * channels;
                if (channels == 1) {
                    int g = toByte(v[i]);
                    img.getRaster().setSample(x, y, 0, g);
                } else {
                    img.setRGB(x, y, toByte(v[i]) << 16 | toByte(v[i + 1]) << 8 | toByte(v[i + 2]));
                }
            }
        }
        return img;
    }

    private static int toByte(float v) {
        float c = Float.isNaN(v) ? 0f : Math.max(0f, Math.min(1f, v));
        return Math.round(c * 255f);
    }
}
