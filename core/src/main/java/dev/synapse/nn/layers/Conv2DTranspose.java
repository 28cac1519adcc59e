package dev.synapse.nn.layers;

import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.Configs;
import dev.synapse.ops.Convolutions;
import dev.synapse.ops.Convolutions.Conv2dOptions;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Transposed 2-D convolution, the gradient of a convolution with respect to its input, used to
 * upsample ({@code keras.layers.Conv2DTranspose}; PyTorch's {@code nn.ConvTranspose2d}). The kernel
 * is {@code [KH, KW, filters / groups, channels]}, as Keras lays it out (PyTorch's weight
 * {@code [channels, filters / groups, KH, KW]} permuted, not flipped). With "same" padding and stride s the output
 * is s times the input; {@code outputPadding} adds rows/columns at the end.
 *
 * <p>Explicit padding is PyTorch's {@code ConvTranspose2d(padding=, output_padding=)}: the output is
 * {@code (in - 1) * stride - before - after + dilation * (k - 1) + outputPadding + 1}
 * ({@code Conv2DTranspose.builder(f, 5).strides(2).padding(2).outputPadding(1)} is
 * {@code ConvTranspose2d(c, f, 5, stride=2, padding=2, output_padding=1)}). "same" follows TensorFlow, which puts
 * an odd total padding's extra row at the bottom of the forward convolution, so it crops that row from the
 * bottom where PyTorch's symmetric {@code padding} crops the top: with kernel 5, stride 2, "same" and PyTorch's
 * {@code padding=2, output_padding=1} have the same size but are shifted by one pixel. Use explicit padding to
 * match PyTorch.
 */
public class Conv2DTranspose extends BaseConv {
    private final int[] outputPadding;

    /** {@code filters} outputs with a square {@code kernel x kernel} window. */
    public Conv2DTranspose(int filters, int kernel) {
        this(builder(filters, kernel));
    }

    /** With an activation. */
    public Conv2DTranspose(int filters, int kernel, ActivationFunction activation) {
        this(builder(filters, kernel).activation(activation));
    }

    Conv2DTranspose(ConvBuilder<Conv2DTranspose> b) {
        super(2, b, false);
        this.outputPadding = b.outputPadding == null ? null : SlidingWindows.expandAllowZero(b.outputPadding, 2);
        if (outputPadding != null) {
            for (int i = 0; i < 2; i++) {
                if (outputPadding[i] >= strides[i]) {
                    throw new IllegalArgumentException("Conv2DTranspose: output padding " + outputPadding[i]
                            + " must be smaller than the stride " + strides[i]);
                }
            }
        }
    }

    /** A builder; {@code kernel} is one size or (height, width). */
    public static ConvBuilder<Conv2DTranspose> builder(int filters, int... kernel) {
        return new ConvBuilder<>(filters, kernel, Conv2DTranspose::new);
    }

    @Override
    protected int[] kernelShape(int channels) {
        return new int[] {kernelSize[0], kernelSize[1], filters / groups, channels};
    }

    @Override
    protected int[] channelsLastOutputShape(int[] s) {
        return new int[] {s[0], transposedLength(s[1], 0), transposedLength(s[2], 1), filters};
    }

    private int transposedLength(int in, int axis) {
        if (padding.kind() != Convolutions.Padding.Kind.EXPLICIT) {
            String p = padding.kind() == Convolutions.Padding.Kind.SAME ? "same" : "valid";
            return SlidingWindows.transposedLength(in, kernelSize[axis], strides[axis], dilation[axis], p, op(axis));
        }
        if (in < 0) {
            return -1;
        }
        int[] p = SlidingWindows.sides(padding, 2, axis);
        int keff = dilation[axis] * (kernelSize[axis] - 1) + 1;
        return (in - 1) * strides[axis] - p[0] - p[1] + keff + Math.max(op(axis), 0);
    }

    private int op(int i) {
        return outputPadding == null ? -1 : outputPadding[i];
    }

    @Override
    protected Tensor callChannelsLast(Tensor x) {
        Conv2dOptions o = new Conv2dOptions(strides[0], strides[1], padding, dilation[0], dilation[1], groups);
        Tensor y = Convolutions.conv2dTranspose(
                x, valueLike(kernel, x), bias == null ? null : valueLike(bias, x), o, op(0), op(1));
        return activation.apply(y);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("output_padding", outputPadding == null ? null : SlidingWindows.list(outputPadding));
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static Conv2DTranspose fromConfig(Map<String, Object> c) {
        return fromConfig(builder(Configs.getInt(c, "filters"), Configs.getIntArray(c, "kernel_size")), 2, c)
                .build();
    }
}
