package dev.synapse.data.transforms;

/**
 * Resamples a picture through an affine map with bilinear interpolation: the kernel shared by the
 * rotation, translation and zoom augmentations. The map is given from output to input pixel
 * coordinates, {@code (x, y) -> (a*x + b*y + c, d*x + e*y + f)}, with {@code x} the column and
 * {@code y} the row, so every output pixel is computed exactly once.
 */
final class AffineWarp {
    private AffineWarp() {}

    static float[] warp(
            Image img, double a, double b, double c, double d, double e, double f, FillMode mode, float fill) {
        int h = img.height();
        int w = img.width();
        int ch = img.channels();
        float[] src = img.data();
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sx = a * x + b * y + c;
                double sy = d * x + e * y + f;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                int o = (y * w + x) * ch;
                for (int k = 0; k < ch; k++) {
                    double v00 = pixel(src, h, w, ch, y0, x0, k, mode, fill);
                    double v01 = pixel(src, h, w, ch, y0, x0 + 1, k, mode, fill);
                    double v10 = pixel(src, h, w, ch, y0 + 1, x0, k, mode, fill);
                    double v11 = pixel(src, h, w, ch, y0 + 1, x0 + 1, k, mode, fill);
                    double top = v00 + (v01 - v00) * fx;
                    double bottom = v10 + (v11 - v10) * fx;
                    out[o + k] = (float) (top + (bottom - top) * fy);
                }
            }
        }
        return out;
    }

    private static double pixel(float[] src, int h, int w, int ch, int y, int x, int k, FillMode mode, float fill) {
        if (mode == FillMode.CONSTANT) {
            if (y < 0 || y >= h || x < 0 || x >= w) {
                return fill;
            }
        } else {
            y = index(y, h, mode);
            x = index(x, w, mode);
        }
        return src[(y * w + x) * ch + k];
    }

    private static int index(int i, int n, FillMode mode) {
        if (i >= 0 && i < n) {
            return i;
        }
        if (mode == FillMode.NEAREST) {
            return i < 0 ? 0 : n - 1;
        }
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
