package dev.synapse.nn.layers;

import dev.synapse.tensor.Tensor;

/**
 * PyTorch's {@code ceil_mode=True} for pooling along one spatial axis: the output length rounds up, so a last
 * window may hang over the end of the padded input, except that every window must start inside the input or its
 * leading padding. The kernels only know the floor rule, so the overhang becomes extra trailing padding (never
 * winning a max, as padding never does); an average that counts padding ({@code count_include_pad}) is then
 * rescaled so that the overhang does not count, as in PyTorch.
 */
final class CeilModeWindows {
    private CeilModeWindows() {}

    /** The output length over {@code in} cells padded by {@code before} and {@code after}; -1 when unknown. */
    static int outLength(int in, int k, int stride, int before, int after) {
        if (in < 0) {
            return -1;
        }
        int padded = in + before + after;
        if (padded < k) {
            return 0;
        }
        int out = (padded - k + stride - 1) / stride + 1;
        if ((out - 1) * stride >= in + before) {
            out--; // that window would start in the trailing padding
        }
        return out;
    }

    /** The trailing padding, beyond {@code after}, that lets the floor rule reach {@link #outLength}. */
    static int overhang(int in, int k, int stride, int before, int after) {
        int out = outLength(in, k, stride, before, after);
        return out == 0 ? 0 : Math.max(0, (out - 1) * stride + k - (in + before + after));
    }

    /**
     * Per output position, the window size divided by the cells PyTorch counts (input and declared padding, not the
     * overhang): the factor turning an average over the whole window into PyTorch's.
     */
    static double[] rescale(int in, int k, int stride, int before, int after) {
        int out = outLength(in, k, stride, before, after);
        double[] f = new double[out];
        for (int o = 0; o < out; o++) {
            int start = o * stride - before;
            int end = Math.min(start + k, in + after);
            f[o] = (double) k / (end - start);
        }
        return f;
    }

    /** {@code rescale} along height and width as a {@code [1, OH, OW, 1]} tensor of {@code like}'s dtype and device. */
    static Tensor rescale2d(double[] h, double[] w, Tensor like) {
        double[] v = new double[h.length * w.length];
        for (int i = 0; i < h.length; i++) {
            for (int j = 0; j < w.length; j++) {
                v[i * w.length + j] = h[i] * w[j];
            }
        }
        return Tensor.of(v).reshape(1, h.length, w.length, 1).to(like.dtype()).to(like.device());
    }
}
