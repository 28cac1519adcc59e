package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import java.util.List;
import java.util.Locale;

/**
 * Sliding windows of the convolution and pooling layers: their arguments checked and expanded per axis
 * (Keras's {@code normalize_tuple}, {@code normalize_padding}) and their output lengths as Keras computes
 * them (-1 stays unknown). The kernels' loop sizes are {@code backend.cpu.ConvGeometry}.
 */
final class SlidingWindows {
    private SlidingWindows() {}

    /** Length after a window of size {@code k} (dilated by {@code dilation}) moved by {@code stride}. */
    static int outLength(int in, int k, int stride, int dilation, String padding) {
        if (in < 0) {
            return -1;
        }
        int keff = dilation * (k - 1) + 1;
        return switch (padding) {
            case "same", "causal" -> (in + stride - 1) / stride;
            default -> in < keff ? 0 : (in - keff) / stride + 1;
        };
    }

    /** Length after a transposed convolution ({@code output_padding} -1 when not given). */
    static int transposedLength(int in, int k, int stride, int dilation, String padding, int outputPadding) {
        if (in < 0) {
            return -1;
        }
        int keff = dilation * (k - 1) + 1;
        if (outputPadding < 0) {
            return padding.equals("same") ? in * stride : in * stride + Math.max(keff - stride, 0);
        }
        int pad = padding.equals("same") ? keff / 2 : 0;
        return (in - 1) * stride + keff - 2 * pad + outputPadding;
    }

    /** Expands one size to {@code n} or checks that {@code n} are given. */
    static int[] expand(String what, int[] values, int n) {
        if (values.length == 1 && n > 1) {
            int[] out = new int[n];
            java.util.Arrays.fill(out, values[0]);
            return out;
        }
        if (values.length != n) {
            throw new IllegalArgumentException(
                    what + ": expected 1 or " + n + " values, got " + java.util.Arrays.toString(values));
        }
        for (int v : values) {
            if (v < 1) {
                throw new IllegalArgumentException(
                        what + ": values must be at least 1, got " + java.util.Arrays.toString(values));
            }
        }
        return values.clone();
    }

    /** Like {@link #expand} but zeros are allowed (output padding). */
    static int[] expandAllowZero(int[] values, int n) {
        int[] out = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
        if (out.length != n) {
            throw new IllegalArgumentException(
                    "output padding: expected 1 or " + n + " values, got " + java.util.Arrays.toString(values));
        }
        for (int v : out) {
            if (v < 0) {
                throw new IllegalArgumentException(
                        "output padding must not be negative, got " + java.util.Arrays.toString(values));
            }
        }
        return out;
    }

    static String padding(String p, boolean allowCausal) {
        String s = p.toLowerCase(Locale.ROOT);
        if (!s.equals("valid") && !s.equals("same") && !(allowCausal && s.equals("causal"))) {
            throw new IllegalArgumentException("padding must be \"valid\", \"same\""
                    + (allowCausal ? " or \"causal\"" : "") + ", got \"" + p + "\"");
        }
        return s;
    }

    static List<Integer> list(int[] v) {
        return Configs.intList(v);
    }
}
