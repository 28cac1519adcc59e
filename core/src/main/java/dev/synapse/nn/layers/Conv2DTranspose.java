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
 * is {@code [KH, KW, filters / groups, channels]}, as Keras lays it out. With "same" padding and
 * stride s the output is s times the input; {@code outputPadding} adds rows/columns at the end.
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
    protected int[] computeOutputShape(int[] s) {
        return new int[] {
            s[0],
            SlidingWindows.transposedLength(s[1], kernelSize[0], strides[0], dilation[0], padding, op(0)),
            SlidingWindows.transposedLength(s[2], kernelSize[1], strides[1], dilation[1], padding, op(1)),
            filters
        };
    }

    private int op(int i) {
        return outputPadding == null ? -1 : outputPadding[i];
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Conv2dOptions o = new Conv2dOptions(
                strides[0], strides[1], Convolutions.Padding.of(padding), dilation[0], dilation[1], groups);
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
        return fromConfig(builder(Configs.getInt(c, "filters"), Configs.getIntArray(c, "kernel_size")), c)
                .build();
    }
}
