package dev.synapse.ops;

import dev.synapse.backend.Pool2dSpec;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Functional neural-network ops that layers call: dropout, nearest and bilinear upsampling of
 * channels-last images, batch moments and embedding lookup. Each is composed from other ops, so its
 * gradient comes from theirs and it runs on every backend.
 */
public final class NN {
    private NN() {}

    // ---- dropout -------------------------------------------------------------------------------

    /** {@link #dropout(Tensor, double, boolean, Generator)} drawing from the generator of x's device. */
    public static Tensor dropout(Tensor x, double rate, boolean training) {
        return dropout(x, rate, training, Generator.defaultFor(x.device()));
    }

    /**
     * Inverted dropout ({@code torch.nn.functional.dropout}, {@code tf.nn.dropout}, Keras
     * {@code Dropout}): while training, each element is zeroed with probability {@code rate} and
     * the kept ones are scaled by {@code 1 / (1 - rate)}, so the expected value is unchanged and
     * inference needs no rescaling. Returns {@code x} itself when not training or when
     * {@code rate == 0}. The gradient is {@code g * mask / (1 - rate)}.
     *
     * @param rate the fraction to drop, in {@code [0, 1)}
     * @param gen  the source of the mask; a seeded generator repeats the same masks
     */
    public static Tensor dropout(Tensor x, double rate, boolean training, Generator gen) {
        return dropout(x, rate, training, gen, x.dims());
    }

    /**
     * Dropout with a mask of {@code noiseShape}, broadcast over x (Keras {@code noise_shape}): for
     * example {@code (N, 1, 1, C)} drops whole channels of an {@code (N, H, W, C)} image, as
     * {@code SpatialDropout2D}.
     */
    public static Tensor dropout(Tensor x, double rate, boolean training, Generator gen, int[] noiseShape) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout: rate must be in [0, 1), got " + rate);
        }
        OpSupport.requireFloat("dropout", x);
        if (!java.util.Arrays.equals(Shape.broadcast(noiseShape, x.dims(), "dropout"), x.dims())) {
            throw new IllegalArgumentException("dropout: noise shape " + Shape.format(noiseShape)
                    + " must broadcast to the input shape " + x.shape());
        }
        if (!training || rate == 0) {
            return x;
        }
        // Drawn where x lives: on a device the mask is computed there from one key, never copied over.
        Tensor mask = Tensor.bernoulli(1 - rate, gen, x.device(), noiseShape);
        Tensor scaledMask = mask.to(x.dtype()).mul(1.0 / (1.0 - rate));
        return x.mul(scaledMask);
    }

    // ---- upsampling (channels-last) ------------------------------------------------------------

    /**
     * Nearest-neighbour upsampling of {@code x[N, H, W, C]} by integer factors (Keras
     * {@code UpSampling2D}, {@code torch.nn.Upsample(mode="nearest")} on NHWC): each pixel becomes a
     * {@code scaleH x scaleW} block; the gradient sums each block.
     *
     * <p>For float tensors this is the adjoint of average pooling scaled by the block size, so it runs on
     * the vectorized pooling kernels (the gradient is average pooling times the block size; scaling by
     * a power of two is exact). Other dtypes are copied through a broadcast view.
     */
    public static Tensor upsampleNearest2d(Tensor x, int scaleH, int scaleW) {
        OpSupport.requireRank("upsampleNearest2d", x, 4, "[N, H, W, C]");
        checkScales("upsampleNearest2d", scaleH, scaleW);
        int n = x.dim(0);
        int h = x.dim(1);
        int w = x.dim(2);
        int c = x.dim(3);
        if (x.dtype().isFloating()) {
            Pool2dSpec blocks = new Pool2dSpec(scaleH, scaleW, scaleH, scaleW, 0, 0, 0, 0, false);
            return Pooling.avgPool2dBackward(x.mul(scaleH * scaleW), blocks, new int[] {n, h * scaleH, w * scaleW, c});
        }
        return x.reshape(n, h, 1, w, 1, c).expand(n, h, scaleH, w, scaleW, c).reshape(n, h * scaleH, w * scaleW, c);
    }

    /**
     * Bilinear upsampling of {@code x[N, H, W, C]} by integer factors (Keras
     * {@code UpSampling2D(interpolation="bilinear")}): {@link #resizeBilinear} to
     * {@code (H * scaleH, W * scaleW)}.
     */
    public static Tensor upsampleBilinear2d(Tensor x, int scaleH, int scaleW) {
        OpSupport.requireRank("upsampleBilinear2d", x, 4, "[N, H, W, C]");
        checkScales("upsampleBilinear2d", scaleH, scaleW);
        return resizeBilinear(x, x.dim(1) * scaleH, x.dim(2) * scaleW);
    }

    /**
     * Bilinear resize of {@code x[N, H, W, C]} to {@code [N, outH, outW, C]} with half-pixel centres
     * ({@code tf.image.resize(method="bilinear")} in TensorFlow 2, {@code torch.nn.functional.interpolate(
     * mode="bilinear", align_corners=False)}): output pixel {@code i} samples the input at
     * {@code (i + 0.5) * H / outH - 0.5}, clamped to the edges. Composed from index selection and
     * linear interpolation, one axis after the other, so the gradient is automatic.
     */
    public static Tensor resizeBilinear(Tensor x, int outH, int outW) {
        return resizeBilinear(x, outH, outW, false);
    }

    /**
     * Bilinear upsampling of {@code x[N, H, W, C]} by integer factors with the corner pixels aligned
     * ({@code torch.nn.functional.interpolate(mode="bilinear", align_corners=True)}, {@code nn.UpsamplingBilinear2d}):
     * see {@link #resizeBilinear(Tensor, int, int, boolean)}.
     */
    public static Tensor upsampleBilinear2dAlignCorners(Tensor x, int scaleH, int scaleW) {
        OpSupport.requireRank("upsampleBilinear2dAlignCorners", x, 4, "[N, H, W, C]");
        checkScales("upsampleBilinear2dAlignCorners", scaleH, scaleW);
        return resizeBilinear(x, x.dim(1) * scaleH, x.dim(2) * scaleW, true);
    }

    /**
     * Bilinear resize of {@code x[N, H, W, C]} to {@code [N, outH, outW, C]}: with half-pixel centres as
     * {@link #resizeBilinear(Tensor, int, int)}, or with {@code alignCorners} as PyTorch's
     * {@code align_corners=True} ({@code tf.compat.v1.image.resize_bilinear(align_corners=True)}), where the first
     * and last output pixels sample the first and last input pixels: output pixel {@code i} samples the input at
     * {@code i * (H - 1) / (outH - 1)} (at 0 when {@code outH} is 1).
     */
    public static Tensor resizeBilinear(Tensor x, int outH, int outW, boolean alignCorners) {
        OpSupport.requireRank("resizeBilinear", x, 4, "[N, H, W, C]");
        OpSupport.requireFloat("resizeBilinear", x);
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException(
                    "resizeBilinear: output size must be positive, got " + outH + " x " + outW);
        }
        if (x.dim(1) == 0 || x.dim(2) == 0) {
            throw new IllegalArgumentException(
                    "resizeBilinear: cannot resize an empty image, input shape " + x.shape());
        }
        Tensor y = lerpAxis(x, 1, outH, alignCorners);
        return lerpAxis(y, 2, outW, alignCorners);
    }

    /** Linear interpolation of {@code x} along {@code axis} (1 or 2 of NHWC) to {@code out} samples. */
    private static Tensor lerpAxis(Tensor x, int axis, int out, boolean alignCorners) {
        int in = x.dim(axis);
        if (in == out) {
            return x;
        }
        int[] lower = new int[out];
        int[] upper = new int[out];
        double[] weight = new double[out];
        double scale = alignCorners ? (out > 1 ? (double) (in - 1) / (out - 1) : 0) : (double) in / out;
        for (int i = 0; i < out; i++) {
            double src = alignCorners ? i * scale : (i + 0.5) * scale - 0.5;
            double f = Math.floor(src);
            // Samples left of the first pixel centre (or right of the last) take that edge pixel.
            lower[i] = (int) Math.max(f, 0);
            upper[i] = (int) Math.min(Math.ceil(src), in - 1);
            weight[i] = src - f;
        }
        Tensor lo = Indexing.indexSelect(x, axis, Tensor.of(lower).to(x.device()));
        Tensor hi = Indexing.indexSelect(x, axis, Tensor.of(upper).to(x.device()));
        int[] wShape = new int[x.rank() - axis];
        java.util.Arrays.fill(wShape, 1);
        wShape[0] = out;
        Tensor w = Tensor.wrap(weight, wShape).to(x.dtype()).to(x.device());
        return lo.add(hi.sub(lo).mul(w));
    }

    private static void checkScales(String op, int scaleH, int scaleW) {
        if (scaleH <= 0 || scaleW <= 0) {
            throw new IllegalArgumentException(op + ": scale factors must be positive, got " + scaleH + " x " + scaleW);
        }
    }

    // ---- statistics ----------------------------------------------------------------------------

    /**
     * Mean and variance computed by {@link #moments}.
     *
     * @param mean     the mean over the reduced axes
     * @param variance the biased variance (divided by the count, not count - 1) over the same axes
     */
    public record Moments(Tensor mean, Tensor variance) {}

    /**
     * Mean and biased variance over {@code axes} ({@code tf.nn.moments}; the batch statistics of
     * batch normalization, {@code axes = {0, 1, 2}} for NHWC images). Composed from mean, sub and
     * square, so gradients flow through both results. Integer inputs are converted to float32.
     *
     * @param axes     the axes to reduce (negative counts from the end); {@code null} means all
     * @param keepDims keep the reduced axes as size 1, ready to broadcast against {@code x}
     */
    public static Moments moments(Tensor x, int @Nullable [] axes, boolean keepDims) {
        Tensor xf = x.dtype().isFloating() ? x : x.to(DType.FLOAT32);
        int[] ax = OpSupport.normalizeAxes(axes, x.rank(), "moments");
        Tensor mean = xf.mean(ax, true);
        Tensor variance = xf.sub(mean).square().mean(ax, true);
        if (keepDims) {
            return new Moments(mean, variance);
        }
        int[] shape = OpSupport.removeAxes(x.dims(), ax);
        return new Moments(mean.reshape(shape), variance.reshape(shape));
    }

    // ---- embedding -----------------------------------------------------------------------------

    /**
     * Row lookup ({@code torch.nn.functional.embedding}, Keras {@code Embedding},
     * {@code tf.nn.embedding_lookup}): {@code table[indices]} with int32 or int64 indices of any
     * rank, giving shape {@code indices.shape + table.shape[1:]}. Indices must lie in
     * {@code [0, rows)}. The table's gradient is the output's gradient scatter-added into the rows
     * used, so a repeated index accumulates.
     */
    public static Tensor embedding(Tensor indices, Tensor table) {
        if (table.rank() == 0) {
            throw new IllegalArgumentException("embedding: the table must have at least 1 dimension, got shape ()");
        }
        Tensor idx = Indexing.checkIndex("embedding", indices, table.dim(0), 0, table, false);
        return Indexing.takeChecked("embedding", table, 0, idx);
    }
}
