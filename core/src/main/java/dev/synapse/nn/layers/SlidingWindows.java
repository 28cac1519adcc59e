package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.ops.Convolutions.Padding;
import java.util.ArrayList;
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

    /**
     * Length along spatial axis {@code axis} (0 height, 1 width; a 1-D layer's one axis is the width) after a window
     * padded as {@code padding}; explicit padding adds its two sides, as PyTorch's {@code padding=}.
     */
    static int outLength(int in, int k, int stride, int dilation, Padding padding, int rank, int axis) {
        if (padding.kind() != Padding.Kind.EXPLICIT) {
            return outLength(in, k, stride, dilation, padding.kind().name().toLowerCase(Locale.ROOT));
        }
        if (in < 0) {
            return -1;
        }
        int[] p = sides(padding, rank, axis);
        int padded = in + p[0] + p[1];
        int keff = dilation * (k - 1) + 1;
        return padded < keff ? 0 : (padded - keff) / stride + 1;
    }

    /** The {@code {before, after}} padding of explicit {@code padding} along spatial axis {@code axis}. */
    static int[] sides(Padding padding, int rank, int axis) {
        boolean heightAxis = rank == 2 && axis == 0;
        return heightAxis ? new int[] {padding.top(), padding.bottom()} : new int[] {padding.left(), padding.right()};
    }

    /**
     * Explicit padding over {@code rank} spatial axes from PyTorch-style sizes: one size for every side, or one per
     * axis for both its sides ({@code padding=(ph, pw)}).
     */
    static Padding explicit(String layer, int rank, int[] sizes) {
        if (sizes.length == 1) {
            return explicit(
                    layer,
                    rank,
                    rank == 1
                            ? new int[][] {{sizes[0], sizes[0]}}
                            : new int[][] {{sizes[0], sizes[0]}, {sizes[0], sizes[0]}});
        }
        if (sizes.length != rank) {
            throw new IllegalArgumentException(
                    layer + ": padding expects 1 or " + rank + " sizes, got " + java.util.Arrays.toString(sizes));
        }
        int[][] perAxis = new int[rank][];
        for (int i = 0; i < rank; i++) {
            perAxis[i] = new int[] {sizes[i], sizes[i]};
        }
        return explicit(layer, rank, perAxis);
    }

    /** Explicit padding from {@code {before, after}} per spatial axis (Keras {@code ((top, bottom), (left, right))}). */
    static Padding explicit(String layer, int rank, int[][] perAxis) {
        if (perAxis.length != rank) {
            throw new IllegalArgumentException(layer + ": padding expects " + rank + " (before, after) pairs, got "
                    + java.util.Arrays.deepToString(perAxis));
        }
        for (int[] pair : perAxis) {
            if (pair.length != 2 || pair[0] < 0 || pair[1] < 0) {
                throw new IllegalArgumentException(layer + ": padding pairs must be two sizes of at least 0, got "
                        + java.util.Arrays.deepToString(perAxis));
            }
        }
        return rank == 1
                ? Padding.explicit1d(perAxis[0][0], perAxis[0][1])
                : Padding.explicit(perAxis[0][0], perAxis[0][1], perAxis[1][0], perAxis[1][1]);
    }

    /**
     * Checks {@code padding} for a layer over {@code rank} spatial axes: causal only where allowed, and explicit
     * padding in its canonical form (a 1-D layer's sizes are left and right).
     */
    static Padding padding(String layer, Padding padding, int rank, boolean allowCausal) {
        if (padding == null) {
            throw new IllegalArgumentException(layer + ": padding must not be null");
        }
        if (padding.kind() == Padding.Kind.CAUSAL && !allowCausal) {
            throw new IllegalArgumentException(
                    layer + ": padding must be \"valid\", \"same\" or explicit sizes, got " + "\"causal\"");
        }
        if (padding.kind() == Padding.Kind.EXPLICIT && rank == 1 && (padding.top() | padding.bottom()) != 0) {
            throw new IllegalArgumentException(
                    layer + ": a 1-D layer is padded left and right only, got top/bottom in " + padding);
        }
        return padding;
    }

    /** Keras's padding string, or for explicit padding {@code [[before, after], ...]} per spatial axis. */
    static Object paddingConfig(Padding padding, int rank) {
        if (padding.kind() != Padding.Kind.EXPLICIT) {
            return padding.kind().name().toLowerCase(Locale.ROOT);
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int axis = 0; axis < rank; axis++) {
            int[] p = sides(padding, rank, axis);
            out.add(List.of(p[0], p[1]));
        }
        return out;
    }

    /**
     * Reads what {@link #paddingConfig} writes: a padding string (older files have only these), one size, one size
     * per axis, or {@code [before, after]} per axis.
     */
    static Padding paddingFromConfig(String layer, Object value, int rank, boolean allowCausal) {
        if (value == null) {
            return Padding.VALID;
        }
        if (value instanceof String s) {
            return padding(layer, Padding.of(padding(s, allowCausal)), rank, allowCausal);
        }
        if (value instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof List) {
            int[][] perAxis = new int[l.size()][];
            for (int i = 0; i < l.size(); i++) {
                perAxis[i] = Configs.toIntArray(l.get(i));
            }
            return explicit(layer, rank, perAxis);
        }
        return explicit(layer, rank, Configs.toIntArray(value));
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
