package dev.synapse.ops;

import dev.synapse.autograd.Autograd;
import dev.synapse.backend.Conv2dSpec;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Convolutions in channels-last layout, as Keras lays them out: images {@code [N, H, W, C]},
 * sequences {@code [N, L, C]}, kernels {@code [KH, KW, C / groups, F]} (1-D: {@code [K, C / groups, F]}).
 *
 * <p>{@link #conv2d(Tensor, Tensor, Conv2dSpec)} and its two gradients,
 * {@link #conv2dBackwardInput} and {@link #conv2dBackwardWeight}, are the three primitives; each is
 * an op with a backward rule made of the other two, so convolutions can be differentiated twice and
 * the transposed convolution ({@link #conv2dTranspose}, which <em>is</em> the gradient of a
 * convolution with respect to its input) gets its gradient for free. The 1-D convolution is the 2-D
 * one on images of height 1.
 */
public final class Convolutions {
    private Convolutions() {}

    // ---- options -------------------------------------------------------------------------------

    /**
     * How a convolution or pooling window is padded.
     *
     * <ul>
     *   <li>{@link #VALID}: none; windows stay inside the input (Keras {@code padding="valid"}).</li>
     *   <li>{@link #SAME}: with stride 1 the output has the input's size; in general
     *       {@code ceil(size / stride)}. An odd total is split with the extra row/column at the
     *       bottom/right, as TensorFlow does (Keras {@code padding="same"}).</li>
     *   <li>{@link #CAUSAL}: 1-D only, all padding on the left so no output sees the future (Keras
     *       {@code Conv1D(padding="causal")}).</li>
     *   <li>{@link #explicit(int, int, int, int)}: given per side (PyTorch's {@code padding=}). 1-D ops
     *       use only {@code left} and {@code right}.</li>
     * </ul>
     */
    public record Padding(Kind kind, int top, int bottom, int left, int right) {
        /** The padding rules. */
        public enum Kind {
            VALID,
            SAME,
            CAUSAL,
            EXPLICIT
        }

        /** No padding. */
        public static final Padding VALID = new Padding(Kind.VALID, 0, 0, 0, 0);
        /** TensorFlow's "same" padding. */
        public static final Padding SAME = new Padding(Kind.SAME, 0, 0, 0, 0);
        /** Left padding only, for 1-D convolutions. */
        public static final Padding CAUSAL = new Padding(Kind.CAUSAL, 0, 0, 0, 0);

        public Padding {
            if (kind == null) {
                throw new IllegalArgumentException("padding: the kind must not be null");
            }
            if (top < 0 || bottom < 0 || left < 0 || right < 0) {
                throw new IllegalArgumentException("padding: sizes must not be negative, got top=" + top + " bottom="
                        + bottom + " left=" + left + " right=" + right);
            }
            if (kind != Kind.EXPLICIT && (top | bottom | left | right) != 0) {
                throw new IllegalArgumentException("padding: only explicit padding has sizes, got " + kind);
            }
        }

        /** The same padding {@code p} on every side (PyTorch {@code padding=p}). */
        public static Padding explicit(int p) {
            return new Padding(Kind.EXPLICIT, p, p, p, p);
        }

        /** {@code ph} above and below, {@code pw} left and right (PyTorch {@code padding=(ph, pw)}). */
        public static Padding explicit(int ph, int pw) {
            return new Padding(Kind.EXPLICIT, ph, ph, pw, pw);
        }

        /** Each side on its own (Keras {@code ZeroPadding2D(((top, bottom), (left, right)))}). */
        public static Padding explicit(int top, int bottom, int left, int right) {
            return new Padding(Kind.EXPLICIT, top, bottom, left, right);
        }

        /** Left and right padding of a 1-D op. */
        public static Padding explicit1d(int left, int right) {
            return new Padding(Kind.EXPLICIT, 0, 0, left, right);
        }

        /** Keras' string form: {@code "valid"}, {@code "same"} or {@code "causal"} (any case). */
        public static Padding of(String keras) {
            return switch (keras.toLowerCase(Locale.ROOT)) {
                case "valid" -> VALID;
                case "same" -> SAME;
                case "causal" -> CAUSAL;
                default ->
                    throw new IllegalArgumentException(
                            "padding: expected \"valid\", \"same\" or \"causal\", got \"" + keras + "\"");
            };
        }

        /**
         * Resolves this padding along one axis of size {@code size} for a window of effective size
         * {@code window} moved by {@code stride}: returns {@code {before, after}}.
         */
        int[] resolve(String op, boolean heightAxis, int size, int window, int stride) {
            return switch (kind) {
                case VALID -> new int[] {0, 0};
                case SAME -> {
                    int out = (size + stride - 1) / stride;
                    int total = Math.max((out - 1) * stride + window - size, 0);
                    yield new int[] {total / 2, total - total / 2};
                }
                case CAUSAL -> {
                    if (heightAxis) {
                        throw new IllegalArgumentException(op + ": causal padding exists only for 1-D ops");
                    }
                    yield new int[] {window - 1, 0};
                }
                case EXPLICIT -> heightAxis ? new int[] {top, bottom} : new int[] {left, right};
            };
        }
    }

    /**
     * Options of a 2-D convolution (Keras {@code Conv2D(strides, padding, dilation_rate, groups)}).
     * Start from {@link #DEFAULT} and change fields with the {@code with} methods.
     */
    public record Conv2dOptions(int strideH, int strideW, Padding padding, int dilationH, int dilationW, int groups) {
        /** Stride 1, valid padding, no dilation, one group: Keras' defaults. */
        public static final Conv2dOptions DEFAULT = new Conv2dOptions(1, 1, Padding.VALID, 1, 1, 1);

        public Conv2dOptions {
            if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || groups < 1 || padding == null) {
                throw new IllegalArgumentException(
                        "conv2d: strides, dilations and groups must be at least 1 and padding "
                                + "given, got strides (" + strideH + ", " + strideW + "), dilation (" + dilationH + ", "
                                + dilationW + "), groups " + groups + ", padding " + padding);
            }
        }

        /** These options with stride {@code s} along both axes. */
        public Conv2dOptions withStride(int s) {
            return withStride(s, s);
        }

        /** These options with strides {@code sh} (height) and {@code sw} (width). */
        public Conv2dOptions withStride(int sh, int sw) {
            return new Conv2dOptions(sh, sw, padding, dilationH, dilationW, groups);
        }

        /** These options with {@code p} as padding. */
        public Conv2dOptions withPadding(Padding p) {
            return new Conv2dOptions(strideH, strideW, p, dilationH, dilationW, groups);
        }

        /** These options with Keras' padding string ({@code "valid"} or {@code "same"}). */
        public Conv2dOptions withPadding(String keras) {
            return withPadding(Padding.of(keras));
        }

        /** These options with dilation {@code d} along both axes. */
        public Conv2dOptions withDilation(int d) {
            return withDilation(d, d);
        }

        /** These options with dilations {@code dh} and {@code dw}. */
        public Conv2dOptions withDilation(int dh, int dw) {
            return new Conv2dOptions(strideH, strideW, padding, dh, dw, groups);
        }

        /** These options with {@code g} groups. */
        public Conv2dOptions withGroups(int g) {
            return new Conv2dOptions(strideH, strideW, padding, dilationH, dilationW, g);
        }
    }

    /** Options of a 1-D convolution (Keras {@code Conv1D(strides, padding, dilation_rate, groups)}). */
    public record Conv1dOptions(int stride, Padding padding, int dilation, int groups) {
        /** Stride 1, valid padding, no dilation, one group. */
        public static final Conv1dOptions DEFAULT = new Conv1dOptions(1, Padding.VALID, 1, 1);

        public Conv1dOptions {
            if (stride < 1 || dilation < 1 || groups < 1 || padding == null) {
                throw new IllegalArgumentException("conv1d: stride, dilation and groups must be at least 1 and padding "
                        + "given, got stride " + stride + ", dilation " + dilation + ", groups " + groups
                        + ", padding " + padding);
            }
        }

        /** These options with stride {@code s}. */
        public Conv1dOptions withStride(int s) {
            return new Conv1dOptions(s, padding, dilation, groups);
        }

        /** These options with padding {@code p}. */
        public Conv1dOptions withPadding(Padding p) {
            return new Conv1dOptions(stride, p, dilation, groups);
        }

        /** These options with Keras' padding string ({@code "valid"}, {@code "same"}, {@code "causal"}). */
        public Conv1dOptions withPadding(String keras) {
            return withPadding(Padding.of(keras));
        }

        /** These options with dilation {@code d}. */
        public Conv1dOptions withDilation(int d) {
            return new Conv1dOptions(stride, padding, d, groups);
        }

        /** These options with {@code g} groups. */
        public Conv1dOptions withGroups(int g) {
            return new Conv1dOptions(stride, padding, dilation, g);
        }
    }

    // ---- public convolutions -------------------------------------------------------------------

    /** {@link #conv2d(Tensor, Tensor, Conv2dOptions)} with stride 1 and no padding. */
    public static Tensor conv2d(Tensor x, Tensor w) {
        return conv2d(x, w, Conv2dOptions.DEFAULT);
    }

    /**
     * 2-D convolution (cross-correlation, as every framework computes it) of {@code x [N, H, W, C]}
     * with {@code w [KH, KW, C / groups, F]} into {@code [N, OH, OW, F]}: Keras {@code Conv2D} without
     * bias, {@code tf.nn.conv2d}; PyTorch's {@code F.conv2d} in channels-last layout. The output size
     * is {@code floor((H + padTop + padBottom - dilation * (KH - 1) - 1) / stride) + 1}, which is
     * {@code ceil(H / stride)} for "same" padding.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Conv2dOptions options) {
        return conv2dKernel(x, w, spec("conv2d", x, w, options));
    }

    /** Checks a 2-D convolution's operands and resolves its options into a backend spec. */
    private static Conv2dSpec spec(String op, Tensor x, Tensor w, Conv2dOptions options) {
        requireConvOperands(op, x, w, 4, "[batch, height, width, channels]", "[KH, KW, C/groups, F]");
        checkGroups(op, x.dim(3), w, options.groups());
        int keffH = options.dilationH() * (w.dim(0) - 1) + 1;
        int keffW = options.dilationW() * (w.dim(1) - 1) + 1;
        int[] ph = options.padding().resolve(op, true, x.dim(1), keffH, options.strideH());
        int[] pw = options.padding().resolve(op, false, x.dim(2), keffW, options.strideW());
        Conv2dSpec spec = new Conv2dSpec(
                options.strideH(),
                options.strideW(),
                ph[0],
                ph[1],
                pw[0],
                pw[1],
                options.dilationH(),
                options.dilationW(),
                options.groups());
        checkOutputSize(op, x, w, spec);
        return spec;
    }

    /**
     * {@link #conv2d(Tensor, Tensor, Conv2dOptions)} plus a bias {@code [F]} ({@code null}: none), as Keras
     * {@code Conv2D}. The bias is added into the convolution's output and has its gradient in the same graph node,
     * so no second tensor of the output's size is made.
     */
    public static Tensor conv2d(Tensor x, Tensor w, @Nullable Tensor bias, Conv2dOptions options) {
        return biasedConv2d("conv2d", x, w, bias, false, spec("conv2d", x, w, options));
    }

    /**
     * {@code relu(conv2d(x, w, bias))} as one op: Keras {@code Conv2D(..., activation="relu")}, PyTorch's {@code
     * F.relu(F.conv2d(x, w, b))}. The bias and the relu are applied in place on the convolution's output, and the
     * backward pass takes the relu's mask from that output; values and gradients are those of the three ops composed.
     */
    public static Tensor conv2dRelu(Tensor x, Tensor w, @Nullable Tensor bias, Conv2dOptions options) {
        return biasedConv2d("conv2d_relu", x, w, bias, true, spec("conv2d", x, w, options));
    }

    /**
     * 2-D convolution with the geometry given as a backend spec (explicit padding per side): the
     * primitive the other forms resolve to. Gradients: {@link #conv2dBackwardInput} for {@code x},
     * {@link #conv2dBackwardWeight} for {@code w}.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Conv2dSpec spec) {
        String op = "conv2d";
        requireConvOperands(op, x, w, 4, "[batch, height, width, channels]", "[KH, KW, C/groups, F]");
        checkGroups(op, x.dim(3), w, spec.groups());
        checkOutputSize(op, x, w, spec);
        return conv2dKernel(x, w, spec);
    }

    /** {@link #conv1d(Tensor, Tensor, Conv1dOptions)} with stride 1 and no padding. */
    public static Tensor conv1d(Tensor x, Tensor w) {
        return conv1d(x, w, Conv1dOptions.DEFAULT);
    }

    /**
     * 1-D convolution of {@code x [N, L, C]} with {@code w [K, C / groups, F]} into {@code [N, OL, F]}:
     * Keras {@code Conv1D} without bias (including {@code padding="causal"}); PyTorch's
     * {@code F.conv1d} in channels-last layout. Computed as a 2-D convolution of height 1.
     */
    public static Tensor conv1d(Tensor x, Tensor w, Conv1dOptions options) {
        String op = "conv1d";
        requireConvOperands(op, x, w, 3, "[batch, length, channels]", "[K, C/groups, F]");
        checkGroups(op, x.dim(2), w, options.groups());
        int keff = options.dilation() * (w.dim(0) - 1) + 1;
        int[] p = options.padding().resolve(op, false, x.dim(1), keff, options.stride());
        if (x.dim(1) + p[0] + p[1] < keff) {
            throw new IllegalArgumentException(op + ": the kernel spans " + keff + " steps (kernel shape " + w.shape()
                    + ", dilation " + options.dilation() + ") but the padded input has only " + (x.dim(1) + p[0] + p[1])
                    + " (input shape " + x.shape() + ", padding " + p[0] + " + " + p[1] + ")");
        }
        Conv2dSpec spec =
                new Conv2dSpec(1, options.stride(), 0, 0, p[0], p[1], 1, options.dilation(), options.groups());
        return conv2dKernel(x.unsqueeze(1), w.unsqueeze(0), spec).squeeze(1);
    }

    /**
     * {@link #conv1d(Tensor, Tensor, Conv1dOptions)} plus a bias {@code [F]} ({@code null}: none), as Keras
     * {@code Conv1D}.
     */
    public static Tensor conv1d(Tensor x, Tensor w, @Nullable Tensor bias, Conv1dOptions options) {
        Tensor y = conv1d(x, w, options);
        return bias == null ? y : addBias("conv1d", y, bias);
    }

    /**
     * {@link #conv2dTranspose(Tensor, Tensor, Conv2dOptions, int, int)} without output padding (Keras' {@code None}).
     */
    public static Tensor conv2dTranspose(Tensor x, Tensor w, Conv2dOptions options) {
        return conv2dTranspose(x, w, options, -1, -1);
    }

    /**
     * Transposed convolution ("deconvolution") of {@code x [N, H, W, C_in]} with Keras'
     * {@code Conv2DTranspose} kernel {@code w [KH, KW, F_out / groups, C_in]} into
     * {@code [N, OH, OW, F_out]}: the gradient of {@link #conv2d} with respect to its input. Keras
     * {@code Conv2DTranspose}, {@code tf.nn.conv2d_transpose}; PyTorch {@code F.conv_transpose2d}
     * (whose weight {@code [C_in, F_out / groups, KH, KW]} is this one permuted, without flipping).
     *
     * <p>Output size, with {@code k = dilation * (K - 1) + 1}: valid padding gives
     * {@code H * stride + max(k - stride, 0)}, same padding {@code H * stride}; with an output padding
     * {@code op}, {@code (H - 1) * stride + k - 2 * (k / 2 for same, else 0) + op} (Keras), and for
     * explicit padding {@code (H - 1) * stride - padTop - padBottom + k + op} (PyTorch). The output
     * padding must be smaller than the stride.
     *
     * @param outputPaddingH extra rows at the bottom, or -1 for none given
     * @param outputPaddingW extra columns at the right, or -1 for none given
     */
    public static Tensor conv2dTranspose(
            Tensor x, Tensor w, Conv2dOptions options, int outputPaddingH, int outputPaddingW) {
        String op = "conv2dTranspose";
        requireConvOperands(op, x, w, 4, "[batch, height, width, channels]", "[KH, KW, F_out/groups, C_in]");
        int groups = options.groups();
        if (w.dim(3) != x.dim(3)) {
            throw new IllegalArgumentException(op + ": input has " + x.dim(3) + " channels but the kernel expects "
                    + w.dim(3) + " (kernel shape " + w.shape() + ", laid out [KH, KW, F_out/groups, C_in] as Keras "
                    + "Conv2DTranspose)");
        }
        if (x.dim(3) % groups != 0) {
            throw new IllegalArgumentException(op + ": input channels " + x.dim(3) + " are not divisible by groups "
                    + groups + " (input shape " + x.shape() + ")");
        }
        int[] hs = transposedSize(
                op,
                "height",
                x.dim(1),
                w.dim(0),
                options.strideH(),
                options.dilationH(),
                options.padding(),
                true,
                outputPaddingH);
        int[] ws = transposedSize(
                op,
                "width",
                x.dim(2),
                w.dim(1),
                options.strideW(),
                options.dilationW(),
                options.padding(),
                false,
                outputPaddingW);
        Conv2dSpec spec = new Conv2dSpec(
                options.strideH(),
                options.strideW(),
                hs[1],
                hs[2],
                ws[1],
                ws[2],
                options.dilationH(),
                options.dilationW(),
                groups);
        int[] outShape = {x.dim(0), hs[0], ws[0], w.dim(2) * groups};
        return conv2dBackwardInput(x, w, outShape, spec);
    }

    /**
     * {@link #conv2dTranspose(Tensor, Tensor, Conv2dOptions, int, int)} plus a bias {@code [F_out]} ({@code null}:
     * none).
     */
    public static Tensor conv2dTranspose(
            Tensor x, Tensor w, Tensor bias, Conv2dOptions options, int outputPaddingH, int outputPaddingW) {
        Tensor y = conv2dTranspose(x, w, options, outputPaddingH, outputPaddingW);
        return bias == null ? y : addBias("conv2dTranspose", y, bias);
    }

    // ---- the two gradients, as ops -------------------------------------------------------------

    /**
     * The gradient of {@link #conv2d(Tensor, Tensor, Conv2dSpec)} with respect to its input, for an
     * input of shape {@code inputShape} ({@code [N, H, W, C]}): {@code tf.nn.conv2d_backprop_input},
     * {@code torch.nn.grad.conv2d_input}. It is linear in both operands; its own gradients are a
     * convolution (for {@code gradOut}) and {@link #conv2dBackwardWeight} (for {@code w}).
     */
    public static Tensor conv2dBackwardInput(Tensor gradOut, Tensor w, int[] inputShape, Conv2dSpec spec) {
        String op = "conv2dBackwardInput";
        requireConvOperands(op, gradOut, w, 4, "[batch, out height, out width, F]", "[KH, KW, C/groups, F]");
        if (inputShape.length != 4) {
            throw new IllegalArgumentException(
                    op + ": the input shape must have rank 4 [N, H, W, C], got " + Shape.format(inputShape));
        }
        checkGradientShapes(op, inputShape, w.dims(), gradOut.dims(), spec);
        if (gradOut.dtype() != w.dtype()) {
            DType dt = DType.promote(gradOut.dtype(), w.dtype());
            return conv2dBackwardInput(gradOut.to(dt), w.to(dt), inputShape, spec);
        }
        Tensor gradIn = OpSupport.uninitialized(gradOut, gradOut.dtype(), inputShape);
        gradOut.backend().conv2dBackwardInput(gradOut, w, spec, gradIn);
        return Autograd.record(
                gradIn,
                "conv2dBackwardInput",
                OpSupport.savedForProduct(gradOut, w),
                g -> new Tensor[] {
                    gradOut.requiresGrad() ? conv2dKernel(g, w, spec) : null,
                    w.requiresGrad() ? conv2dBackwardWeight(g, gradOut, w.dims(), spec) : null
                },
                gradOut,
                w);
    }

    /**
     * The gradient of {@link #conv2d(Tensor, Tensor, Conv2dSpec)} with respect to its weights, of
     * shape {@code weightShape} ({@code [KH, KW, C/groups, F]}), summed over the batch:
     * {@code tf.nn.conv2d_backprop_filter}, {@code torch.nn.grad.conv2d_weight}. Its own gradients
     * are {@link #conv2dBackwardInput} (for {@code x}) and a convolution (for {@code gradOut}).
     */
    public static Tensor conv2dBackwardWeight(Tensor x, Tensor gradOut, int[] weightShape, Conv2dSpec spec) {
        String op = "conv2dBackwardWeight";
        requireConvOperands(op, x, gradOut, 4, "[batch, height, width, channels]", "[batch, out height, out width, F]");
        if (weightShape.length != 4) {
            throw new IllegalArgumentException(
                    op + ": the weight shape must have rank 4 [KH, KW, C/groups, F], got " + Shape.format(weightShape));
        }
        checkGradientShapes(op, x.dims(), weightShape, gradOut.dims(), spec);
        if (x.dtype() != gradOut.dtype()) {
            DType dt = DType.promote(x.dtype(), gradOut.dtype());
            return conv2dBackwardWeight(x.to(dt), gradOut.to(dt), weightShape, spec);
        }
        Tensor gradW = OpSupport.empty(x, x.dtype(), weightShape);
        x.backend().conv2dBackwardWeight(x, gradOut, spec, gradW);
        int[] inShape = x.dims();
        return Autograd.record(
                gradW,
                "conv2dBackwardWeight",
                OpSupport.savedForProduct(x, gradOut),
                g -> new Tensor[] {
                    x.requiresGrad() ? conv2dBackwardInput(gradOut, g, inShape, spec) : null,
                    gradOut.requiresGrad() ? conv2dKernel(x, g, spec) : null
                },
                x,
                gradOut);
    }

    // ---- internals -----------------------------------------------------------------------------

    /** Runs the conv2d kernel on checked operands and records its backward rule. */
    private static Tensor conv2dKernel(Tensor x, Tensor w, Conv2dSpec spec) {
        return biasedConv2d("conv2d", x, w, null, false, spec);
    }

    /**
     * The convolution with its bias added and, when {@code relu}, the relu applied, both in place on the
     * convolution's fresh output: one node whose backward masks the gradient by the output ({@code relu(z) > 0}
     * exactly where {@code z > 0}, and a NaN passes both), sums it for the bias and hands it to the convolution's
     * gradients.
     */
    private static Tensor biasedConv2d(
            String op, Tensor x, Tensor w, @Nullable Tensor bias, boolean relu, Conv2dSpec spec) {
        if (bias != null) {
            OpSupport.sameDevice(op, x, bias);
            if (bias.rank() != 1 || bias.dim(0) != w.dim(3)) {
                throw new IllegalArgumentException(op + ": expected a bias of shape (" + w.dim(3) + ",) for the kernel "
                        + w.shape() + ", got " + bias.shape());
            }
            OpSupport.requireFloat(op, bias);
        }
        DType dt = DType.promote(x.dtype(), w.dtype());
        if (bias != null) {
            dt = DType.promote(dt, bias.dtype());
        }
        if (x.dtype() != dt || w.dtype() != dt || (bias != null && bias.dtype() != dt)) {
            return biasedConv2d(op, x.to(dt), w.to(dt), bias == null ? null : bias.to(dt), relu, spec);
        }
        Tensor out = OpSupport.uninitialized(
                x, dt, x.dim(0), spec.outHeight(x.dim(1), w.dim(0)), spec.outWidth(x.dim(2), w.dim(1)), w.dim(3));
        x.backend().conv2d(x, w, spec, out);
        int[] inShape = x.dims();
        int[] wShape = w.dims();
        return BiasRelu.record(
                op,
                out,
                x,
                w,
                bias,
                relu,
                gz -> conv2dBackwardInput(gz, w, inShape, spec),
                gz -> conv2dBackwardWeight(x, gz, wShape, spec));
    }

    private static void requireConvOperands(String op, Tensor a, Tensor b, int rank, String aLayout, String bLayout) {
        OpSupport.sameDevice(op, a, b);
        OpSupport.requireRank(op, a, rank, aLayout);
        if (b.rank() != rank) {
            throw new IllegalArgumentException(
                    op + ": expected a rank-" + rank + " kernel " + bLayout + ", got shape " + b.shape());
        }
        OpSupport.requireFloat(op, a);
        OpSupport.requireFloat(op, b);
    }

    /** Checks the channel counts of a (1-D or 2-D) convolution: the kernel's last two axes are C/groups and F. */
    private static void checkGroups(String op, int channels, Tensor w, int groups) {
        int kc = w.dim(-2);
        int f = w.dim(-1);
        if (channels % groups != 0) {
            throw new IllegalArgumentException(
                    op + ": input channels " + channels + " are not divisible by groups " + groups);
        }
        if (f % groups != 0) {
            throw new IllegalArgumentException(op + ": output channels " + f + " (kernel shape " + w.shape()
                    + ") are not divisible by groups " + groups);
        }
        if (kc * groups != channels) {
            String expected =
                    groups == 1 ? String.valueOf(kc) : kc * groups + " (" + kc + " per group, " + groups + " groups)";
            throw new IllegalArgumentException(op + ": input has " + channels + " channels but the kernel expects "
                    + expected + " (kernel shape " + w.shape() + ")");
        }
    }

    private static void checkOutputSize(String op, Tensor x, Tensor w, Conv2dSpec spec) {
        int oh = spec.outHeight(x.dim(1), w.dim(0));
        int ow = spec.outWidth(x.dim(2), w.dim(1));
        if (x.dim(1) + spec.padTop() + spec.padBottom() < spec.dilationH() * (w.dim(0) - 1) + 1
                || x.dim(2) + spec.padLeft() + spec.padRight() < spec.dilationW() * (w.dim(1) - 1) + 1
                || oh < 1
                || ow < 1) {
            throw new IllegalArgumentException(op + ": the kernel " + w.shape() + " (dilation " + spec.dilationH() + "x"
                    + spec.dilationW() + ") does not fit in the input " + x.shape() + " padded by (" + spec.padTop()
                    + ", " + spec.padBottom() + ", " + spec.padLeft() + ", " + spec.padRight()
                    + "); use smaller kernels, more padding or padding \"same\"");
        }
    }

    /** Checks that input, weight and output-gradient shapes belong to one convolution with {@code spec}. */
    private static void checkGradientShapes(String op, int[] in, int[] wt, int[] out, Conv2dSpec spec) {
        int groups = spec.groups();
        boolean ok = in[0] == out[0]
                && in[3] == wt[2] * groups
                && wt[3] == out[3]
                && wt[3] % groups == 0
                && in[1] + spec.padTop() + spec.padBottom() >= spec.dilationH() * (wt[0] - 1) + 1
                && in[2] + spec.padLeft() + spec.padRight() >= spec.dilationW() * (wt[1] - 1) + 1
                && spec.outHeight(in[1], wt[0]) == out[1]
                && spec.outWidth(in[2], wt[1]) == out[2];
        if (!ok) {
            throw new IllegalArgumentException(op + ": input shape " + Shape.format(in) + ", kernel shape "
                    + Shape.format(wt) + " and output-gradient shape " + Shape.format(out)
                    + " do not belong to one convolution with " + spec + "; expected output shape ("
                    + in[0] + ", " + spec.outHeight(in[1], wt[0]) + ", " + spec.outWidth(in[2], wt[1]) + ", "
                    + wt[3] + ") and input channels " + wt[2] * groups);
        }
    }

    /**
     * Output size and padding of a transposed convolution along one axis: {@code {size, before, after}},
     * the padding being that of the forward convolution it transposes.
     */
    private static int[] transposedSize(
            String op,
            String axis,
            int in,
            int kernel,
            int stride,
            int dilation,
            Padding padding,
            boolean heightAxis,
            int outputPadding) {
        int keff = dilation * (kernel - 1) + 1;
        if (outputPadding >= stride || outputPadding < -1) {
            throw new IllegalArgumentException(op + ": output padding " + outputPadding + " along the " + axis
                    + " must be at least 0 and smaller than the stride " + stride);
        }
        int size;
        int before;
        int after;
        switch (padding.kind()) {
            case VALID -> {
                size = outputPadding < 0
                        ? in * stride + Math.max(keff - stride, 0)
                        : (in - 1) * stride + keff + outputPadding;
                before = 0;
                after = 0;
            }
            case SAME -> {
                size = outputPadding < 0 ? in * stride : (in - 1) * stride + keff - 2 * (keff / 2) + outputPadding;
                int total = Math.max((in - 1) * stride + keff - size, 0);
                before = total / 2;
                after = total - before;
            }
            case EXPLICIT -> {
                int[] p = padding.resolve(op, heightAxis, 0, keff, stride);
                before = p[0];
                after = p[1];
                size = (in - 1) * stride - before - after + keff + Math.max(outputPadding, 0);
            }
            default -> throw new IllegalArgumentException(op + ": causal padding exists only for 1-D convolutions");
        }
        // The forward convolution this transposes must map the output size back to the input size
        // (for "same", as TensorFlow computes it: ceil(size / stride)).
        boolean sameOk = padding.kind() != Padding.Kind.SAME || (size + stride - 1) / stride == in;
        if (size < 1 || !sameOk || size + before + after < keff || (size + before + after - keff) / stride + 1 != in) {
            throw new IllegalArgumentException(op + ": input " + axis + " " + in + " with kernel " + kernel
                    + ", stride " + stride + ", dilation " + dilation + ", padding " + padding + " and output padding "
                    + outputPadding + " gives no valid output size (got " + size + ")");
        }
        return new int[] {size, before, after};
    }

    private static Tensor addBias(String op, Tensor y, Tensor bias) {
        OpSupport.sameDevice(op, y, bias);
        if (bias.rank() != 1 || bias.dim(0) != y.dim(-1)) {
            throw new IllegalArgumentException(
                    op + ": expected a bias of shape (" + y.dim(-1) + ",), got " + bias.shape());
        }
        return y.add(bias);
    }
}
