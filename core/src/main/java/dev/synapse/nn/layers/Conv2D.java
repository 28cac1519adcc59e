package dev.synapse.nn.layers;

import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.Configs;
import dev.synapse.ops.Convolutions;
import dev.synapse.ops.Convolutions.Conv2dOptions;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * 2-D convolution over channels-last images {@code [batch, height, width, channels]}
 * ({@code keras.layers.Conv2D}; PyTorch's {@code nn.Conv2d}, channels-first there). The kernel is
 * {@code [KH, KW, channels / groups, filters]}.
 *
 * <pre>{@code
 * new Conv2D(32, 3)                                   // 3x3, valid padding
 * Conv2D.builder(64, 5).strides(2).padding("same").build()
 * Conv2D.builder(64, 3).padding(1, 2).build()            // PyTorch nn.Conv2d(c, 64, 3, padding=(1, 2))
 * Conv2D.builder(64, 2).padding(new int[][] {{0, 1}, {0, 1}}).build() // F.pad(x, (0, 1, 0, 1)) first
 * }</pre>
 */
public class Conv2D extends BaseConv {
    /** {@code filters} outputs with a square {@code kernel x kernel} window. */
    public Conv2D(int filters, int kernel) {
        this(builder(filters, kernel));
    }

    /** With an activation. */
    public Conv2D(int filters, int kernel, ActivationFunction activation) {
        this(builder(filters, kernel).activation(activation));
    }

    Conv2D(ConvBuilder<Conv2D> b) {
        super(2, b, false);
    }

    /** A builder; {@code kernel} is one size or (height, width). */
    public static ConvBuilder<Conv2D> builder(int filters, int... kernel) {
        return new ConvBuilder<>(filters, kernel, Conv2D::new);
    }

    @Override
    protected int[] kernelShape(int channels) {
        return new int[] {kernelSize[0], kernelSize[1], channels / groups, filters};
    }

    @Override
    protected int[] channelsLastOutputShape(int[] s) {
        return new int[] {
            s[0],
            SlidingWindows.outLength(s[1], kernelSize[0], strides[0], dilation[0], padding, 2, 0),
            SlidingWindows.outLength(s[2], kernelSize[1], strides[1], dilation[1], padding, 2, 1),
            filters
        };
    }

    Conv2dOptions options() {
        return new Conv2dOptions(strides[0], strides[1], padding, dilation[0], dilation[1], groups);
    }

    @Override
    protected Tensor callChannelsLast(Tensor x) {
        Tensor k = valueLike(kernel, x);
        Tensor b = bias == null ? null : valueLike(bias, x);
        if (activation == ActivationFunction.RELU) {
            return Convolutions.conv2dRelu(x, k, b, options());
        }
        return activation.apply(Convolutions.conv2d(x, k, b, options()));
    }

    /** Rebuilds the layer from its config. */
    public static Conv2D fromConfig(Map<String, Object> c) {
        return fromConfig(builder(Configs.getInt(c, "filters"), Configs.getIntArray(c, "kernel_size")), 2, c)
                .build();
    }
}
