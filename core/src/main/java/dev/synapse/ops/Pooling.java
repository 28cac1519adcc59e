package dev.synapse.ops;

import dev.synapse.autograd.Autograd;
import dev.synapse.backend.Pool2dSpec;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Max and average pooling in channels-last layout ({@code [N, H, W, C]} images, {@code [N, L, C]}
 * sequences), windowed and global, each with its backward rule. The 1-D and global forms are the
 * 2-D kernels with a window of height 1 or a window covering the whole image.
 */
public final class Pooling {
    private Pooling() {}

    /**
     * Options of a 2-D pooling window (Keras {@code MaxPooling2D(pool_size, strides, padding)}).
     *
     * @param countIncludePad for average pooling with padding: whether padded positions count in the
     *                        divisor (PyTorch's default {@code count_include_pad=True}) or not (Keras,
     *                        and this record's default)
     */
    public record Pool2dOptions(
            int poolH, int poolW, int strideH, int strideW, Padding padding, boolean countIncludePad) {
        public Pool2dOptions {
            if (poolH < 1 || poolW < 1 || strideH < 1 || strideW < 1 || padding == null) {
                throw new IllegalArgumentException(
                        "pool2d: pool size and strides must be at least 1 and padding given, "
                                + "got pool (" + poolH + ", " + poolW + "), strides (" + strideH + ", " + strideW
                                + "), padding "
                                + padding);
            }
        }

        /** A {@code pool x pool} window moved by its own size, without padding: Keras' defaults. */
        public static Pool2dOptions of(int pool) {
            return of(pool, pool);
        }

        /** A {@code poolH x poolW} window moved by its own size, without padding. */
        public static Pool2dOptions of(int poolH, int poolW) {
            return new Pool2dOptions(poolH, poolW, poolH, poolW, Padding.VALID, false);
        }

        /** These options with stride {@code s} along both axes. */
        public Pool2dOptions withStride(int s) {
            return withStride(s, s);
        }

        /** These options with strides {@code sh} and {@code sw}. */
        public Pool2dOptions withStride(int sh, int sw) {
            return new Pool2dOptions(poolH, poolW, sh, sw, padding, countIncludePad);
        }

        /** These options with padding {@code p}. */
        public Pool2dOptions withPadding(Padding p) {
            return new Pool2dOptions(poolH, poolW, strideH, strideW, p, countIncludePad);
        }

        /** These options with Keras' padding string ({@code "valid"} or {@code "same"}). */
        public Pool2dOptions withPadding(String keras) {
            return withPadding(Padding.of(keras));
        }

        /** These options with padded positions counted (or not) in an average's divisor. */
        public Pool2dOptions withCountIncludePad(boolean include) {
            return new Pool2dOptions(poolH, poolW, strideH, strideW, padding, include);
        }
    }

    /** Options of a 1-D pooling window (Keras {@code MaxPooling1D(pool_size, strides, padding)}). */
    public record Pool1dOptions(int pool, int stride, Padding padding, boolean countIncludePad) {
        public Pool1dOptions {
            if (pool < 1 || stride < 1 || padding == null) {
                throw new IllegalArgumentException("pool1d: pool size and stride must be at least 1 and padding given, "
                        + "got pool " + pool + ", stride " + stride + ", padding " + padding);
            }
        }

        /** A window of {@code pool} steps moved by its own size, without padding. */
        public static Pool1dOptions of(int pool) {
            return new Pool1dOptions(pool, pool, Padding.VALID, false);
        }

        /** These options with stride {@code s}. */
        public Pool1dOptions withStride(int s) {
            return new Pool1dOptions(pool, s, padding, countIncludePad);
        }

        /** These options with padding {@code p}. */
        public Pool1dOptions withPadding(Padding p) {
            return new Pool1dOptions(pool, stride, p, countIncludePad);
        }

        /** These options with Keras' padding string ({@code "valid"} or {@code "same"}). */
        public Pool1dOptions withPadding(String keras) {
            return withPadding(Padding.of(keras));
        }

        /** These options with padded positions counted (or not) in an average's divisor. */
        public Pool1dOptions withCountIncludePad(boolean include) {
            return new Pool1dOptions(pool, stride, padding, include);
        }
    }

    // ---- windowed 2-D --------------------------------------------------------------------------

    /** {@code pool x pool} max pooling with stride {@code pool}: Keras {@code MaxPooling2D(pool)}. */
    public static Tensor maxPool2d(Tensor x, int pool) {
        return maxPool2d(x, Pool2dOptions.of(pool));
    }

    /**
     * Max pooling of {@code x [N, H, W, C]} into {@code [N, OH, OW, C]}; padding never wins. Keras
     * {@code MaxPooling2D}, PyTorch {@code F.max_pool2d} (channels-last). A window holding a NaN
     * gives NaN, as in PyTorch. The gradient goes to the first largest element of each window, or to
     * its last NaN (where PyTorch's CPU kernel leaves its index).
     */
    public static Tensor maxPool2d(Tensor x, Pool2dOptions options) {
        return maxPool2d(x, spec("maxPool2d", x, options));
    }

    /** Max pooling with the geometry given as a backend spec: the primitive the other forms resolve to. */
    public static Tensor maxPool2d(Tensor x, Pool2dSpec spec) {
        checkSpec("maxPool2d", x, spec);
        Tensor out = OpSupport.uninitialized(x, x.dtype(), outShape(x, spec)); // the kernel writes every element
        x.backend().maxPool2d(x, spec, out);
        return Autograd.record(out, "maxPool2d", g -> new Tensor[] {maxPool2dBackward(x, g, spec)}, x);
    }

    /**
     * The gradient of {@link #maxPool2d(Tensor, Pool2dSpec)}: {@code gradOut} routed to the first
     * largest input of each window, or to its last NaN. Records no gradient of its own (max
     * pooling is differentiated once).
     */
    public static Tensor maxPool2dBackward(Tensor x, Tensor gradOut, Pool2dSpec spec) {
        String op = "maxPool2dBackward";
        checkSpec(op, x, spec);
        checkGradOut(op, gradOut, outShape(x, spec), x);
        Tensor gradIn = OpSupport.uninitialized(x, x.dtype(), x.dims()); // the kernel writes every element
        x.backend().maxPool2dBackward(x, gradOut.dtype() == x.dtype() ? gradOut : gradOut.to(x.dtype()), spec, gradIn);
        return gradIn;
    }

    /** {@code pool x pool} average pooling with stride {@code pool}: Keras {@code AveragePooling2D(pool)}. */
    public static Tensor avgPool2d(Tensor x, int pool) {
        return avgPool2d(x, Pool2dOptions.of(pool));
    }

    /**
     * Average pooling of {@code x [N, H, W, C]} into {@code [N, OH, OW, C]}. Keras
     * {@code AveragePooling2D}, PyTorch {@code F.avg_pool2d} (channels-last); see
     * {@link Pool2dOptions#countIncludePad()} for how padding counts.
     */
    public static Tensor avgPool2d(Tensor x, Pool2dOptions options) {
        return avgPool2d(x, spec("avgPool2d", x, options));
    }

    /** Average pooling with the geometry given as a backend spec. */
    public static Tensor avgPool2d(Tensor x, Pool2dSpec spec) {
        checkSpec("avgPool2d", x, spec);
        Tensor out = OpSupport.uninitialized(x, x.dtype(), outShape(x, spec));
        x.backend().avgPool2d(x, spec, out);
        int[] inShape = x.dims();
        return Autograd.record(
                out, "avgPool2d", Autograd.NOTHING_SAVED, g -> new Tensor[] {avgPool2dBackward(g, spec, inShape)}, x);
    }

    /**
     * The gradient of {@link #avgPool2d(Tensor, Pool2dSpec)} for an input of shape {@code inputShape}.
     * It is linear, and its own gradient is average pooling again.
     */
    public static Tensor avgPool2dBackward(Tensor gradOut, Pool2dSpec spec, int[] inputShape) {
        String op = "avgPool2dBackward";
        OpSupport.requireFloat(op, gradOut);
        if (inputShape.length != 4) {
            throw new IllegalArgumentException(
                    op + ": the input shape must have rank 4 [N, H, W, C], got " + Shape.format(inputShape));
        }
        checkWindow(op, inputShape, spec);
        checkGradOut(op, gradOut, outShape(inputShape, spec), null);
        Tensor gradIn = OpSupport.uninitialized(gradOut, gradOut.dtype(), inputShape);
        gradOut.backend().avgPool2dBackward(gradOut, spec, gradIn);
        return Autograd.record(
                gradIn, "avgPool2dBackward", Autograd.NOTHING_SAVED, g -> new Tensor[] {avgPool2d(g, spec)}, gradOut);
    }

    // ---- windowed 1-D --------------------------------------------------------------------------

    /** Max pooling of {@code x [N, L, C]} with window and stride {@code pool}: Keras {@code MaxPooling1D(pool)}. */
    public static Tensor maxPool1d(Tensor x, int pool) {
        return maxPool1d(x, Pool1dOptions.of(pool));
    }

    /**
     * Max pooling of {@code x [N, L, C]} into {@code [N, OL, C]}: Keras {@code MaxPooling1D}, PyTorch
     * {@code F.max_pool1d}.
     */
    public static Tensor maxPool1d(Tensor x, Pool1dOptions options) {
        return maxPool2d(x.unsqueeze(1), spec1d("maxPool1d", x, options)).squeeze(1);
    }

    /**
     * Average pooling of {@code x [N, L, C]} with window and stride {@code pool}: Keras {@code AveragePooling1D(pool)}.
     */
    public static Tensor avgPool1d(Tensor x, int pool) {
        return avgPool1d(x, Pool1dOptions.of(pool));
    }

    /**
     * Average pooling of {@code x [N, L, C]} into {@code [N, OL, C]}: Keras {@code AveragePooling1D}, PyTorch
     * {@code F.avg_pool1d}.
     */
    public static Tensor avgPool1d(Tensor x, Pool1dOptions options) {
        return avgPool2d(x.unsqueeze(1), spec1d("avgPool1d", x, options)).squeeze(1);
    }

    // ---- global --------------------------------------------------------------------------------

    /**
     * Mean over height and width of {@code x [N, H, W, C]} into {@code [N, C]}: Keras {@code GlobalAveragePooling2D}.
     */
    public static Tensor globalAvgPool2d(Tensor x) {
        return globalAvgPool2d(x, false);
    }

    /** Mean over height and width; {@code [N, 1, 1, C]} when {@code keepDims} (Keras {@code keepdims=True}). */
    public static Tensor globalAvgPool2d(Tensor x, boolean keepDims) {
        OpSupport.requireRank("globalAvgPool2d", x, 4, "[batch, height, width, channels]");
        Tensor y = avgPool2d(x, fullWindow("globalAvgPool2d", x.dim(1), x.dim(2)));
        return keepDims ? y : y.reshape(x.dim(0), x.dim(3));
    }

    /**
     * Maximum over height and width of {@code x [N, H, W, C]} into {@code [N, C]}: Keras {@code GlobalMaxPooling2D}.
     */
    public static Tensor globalMaxPool2d(Tensor x) {
        return globalMaxPool2d(x, false);
    }

    /** Maximum over height and width; {@code [N, 1, 1, C]} when {@code keepDims}. */
    public static Tensor globalMaxPool2d(Tensor x, boolean keepDims) {
        OpSupport.requireRank("globalMaxPool2d", x, 4, "[batch, height, width, channels]");
        Tensor y = maxPool2d(x, fullWindow("globalMaxPool2d", x.dim(1), x.dim(2)));
        return keepDims ? y : y.reshape(x.dim(0), x.dim(3));
    }

    /** Mean over the steps of {@code x [N, L, C]} into {@code [N, C]}: Keras {@code GlobalAveragePooling1D}. */
    public static Tensor globalAvgPool1d(Tensor x) {
        OpSupport.requireRank("globalAvgPool1d", x, 3, "[batch, length, channels]");
        return avgPool2d(x.unsqueeze(1), fullWindow("globalAvgPool1d", 1, x.dim(1)))
                .reshape(x.dim(0), x.dim(2));
    }

    /** Maximum over the steps of {@code x [N, L, C]} into {@code [N, C]}: Keras {@code GlobalMaxPooling1D}. */
    public static Tensor globalMaxPool1d(Tensor x) {
        OpSupport.requireRank("globalMaxPool1d", x, 3, "[batch, length, channels]");
        return maxPool2d(x.unsqueeze(1), fullWindow("globalMaxPool1d", 1, x.dim(1)))
                .reshape(x.dim(0), x.dim(2));
    }

    // ---- internals -----------------------------------------------------------------------------

    private static Pool2dSpec fullWindow(String op, int h, int w) {
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(op + ": cannot pool over an empty image of " + h + "x" + w);
        }
        return new Pool2dSpec(h, w, 1, 1, 0, 0, 0, 0, false);
    }

    private static Pool2dSpec spec(String op, Tensor x, Pool2dOptions o) {
        OpSupport.requireRank(op, x, 4, "[batch, height, width, channels]");
        int[] ph = o.padding().resolve(op, true, x.dim(1), o.poolH(), o.strideH());
        int[] pw = o.padding().resolve(op, false, x.dim(2), o.poolW(), o.strideW());
        return checked(
                op,
                x,
                new Pool2dSpec(
                        o.poolH(),
                        o.poolW(),
                        o.strideH(),
                        o.strideW(),
                        ph[0],
                        ph[1],
                        pw[0],
                        pw[1],
                        o.countIncludePad()));
    }

    private static Pool2dSpec spec1d(String op, Tensor x, Pool1dOptions o) {
        OpSupport.requireRank(op, x, 3, "[batch, length, channels]");
        int[] p = o.padding().resolve(op, false, x.dim(1), o.pool(), o.stride());
        Pool2dSpec s = new Pool2dSpec(1, o.pool(), 1, o.stride(), 0, 0, p[0], p[1], o.countIncludePad());
        if (x.dim(1) + p[0] + p[1] < o.pool() || p[0] >= o.pool() || p[1] >= o.pool()) {
            throw new IllegalArgumentException(
                    op + ": a window of " + o.pool() + " steps does not fit the input " + x.shape() + " padded by ("
                            + p[0] + ", " + p[1] + "); padding must also be smaller than the window");
        }
        return s;
    }

    private static Pool2dSpec checked(String op, Tensor x, Pool2dSpec s) {
        checkSpec(op, x, s);
        return s;
    }

    private static void checkSpec(String op, Tensor x, Pool2dSpec spec) {
        OpSupport.requireRank(op, x, 4, "[batch, height, width, channels]");
        OpSupport.requireFloat(op, x);
        checkWindow(op, x.dims(), spec);
    }

    /**
     * The window must fit in the padded input, and padding must be smaller than the window so no window is all padding.
     */
    private static void checkWindow(String op, int[] in, Pool2dSpec s) {
        if (in[1] + s.padTop() + s.padBottom() < s.kernelH() || in[2] + s.padLeft() + s.padRight() < s.kernelW()) {
            throw new IllegalArgumentException(op + ": the window " + s.kernelH() + "x" + s.kernelW()
                    + " does not fit in the input " + Shape.format(in) + " padded by (" + s.padTop() + ", "
                    + s.padBottom() + ", " + s.padLeft() + ", " + s.padRight()
                    + "); use a smaller window or padding \"same\"");
        }
        if (s.padTop() >= s.kernelH()
                || s.padBottom() >= s.kernelH()
                || s.padLeft() >= s.kernelW()
                || s.padRight() >= s.kernelW()) {
            throw new IllegalArgumentException(op + ": padding (" + s.padTop() + ", " + s.padBottom() + ", "
                    + s.padLeft() + ", " + s.padRight() + ") must be smaller than the window " + s.kernelH() + "x"
                    + s.kernelW() + " on each side");
        }
    }

    private static void checkGradOut(String op, Tensor gradOut, int[] expected, @Nullable Tensor x) {
        if (x != null) {
            OpSupport.sameDevice(op, x, gradOut);
        }
        if (!java.util.Arrays.equals(gradOut.dims(), expected)) {
            throw new IllegalArgumentException(op + ": expected an output gradient of shape " + Shape.format(expected)
                    + ", got " + gradOut.shape());
        }
    }

    private static int[] outShape(Tensor x, Pool2dSpec s) {
        return outShape(x.dims(), s);
    }

    private static int[] outShape(int[] in, Pool2dSpec s) {
        return new int[] {in[0], s.outHeight(in[1]), s.outWidth(in[2]), in[3]};
    }
}
