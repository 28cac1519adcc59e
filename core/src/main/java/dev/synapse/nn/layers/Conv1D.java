package dev.synapse.nn.layers;

import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.Configs;
import dev.synapse.ops.Convolutions;
import dev.synapse.ops.Convolutions.Conv1dOptions;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * 1-D convolution over sequences {@code [batch, steps, channels]} ({@code keras.layers.Conv1D};
 * PyTorch's {@code nn.Conv1d}, channels-first there). The kernel is
 * {@code [K, channels / groups, filters]}; padding may be {@code "causal"}, or explicit sizes as PyTorch's
 * {@code padding=} ({@code padding(2)}, or {@code padding(new int[][] {{left, right}})}).
 */
public class Conv1D extends BaseConv {
    /** {@code filters} outputs with a window of {@code kernel} steps. */
    public Conv1D(int filters, int kernel) {
        this(builder(filters, kernel));
    }

    /** With an activation. */
    public Conv1D(int filters, int kernel, ActivationFunction activation) {
        this(builder(filters, kernel).activation(activation));
    }

    Conv1D(ConvBuilder<Conv1D> b) {
        super(1, b, true);
    }

    /** A builder. */
    public static ConvBuilder<Conv1D> builder(int filters, int kernel) {
        return new ConvBuilder<>(filters, new int[] {kernel}, Conv1D::new);
    }

    @Override
    protected int[] kernelShape(int channels) {
        return new int[] {kernelSize[0], channels / groups, filters};
    }

    @Override
    protected int[] channelsLastOutputShape(int[] s) {
        return new int[] {
            s[0], SlidingWindows.outLength(s[1], kernelSize[0], strides[0], dilation[0], padding, 1, 0), filters
        };
    }

    @Override
    protected Tensor callChannelsLast(Tensor x) {
        Conv1dOptions o = new Conv1dOptions(strides[0], padding, dilation[0], groups);
        Tensor y = Convolutions.conv1d(x, valueLike(kernel, x), bias == null ? null : valueLike(bias, x), o);
        return activation.apply(y);
    }

    /** Rebuilds the layer from its config. */
    public static Conv1D fromConfig(Map<String, Object> c) {
        return fromConfig(builder(Configs.getInt(c, "filters"), Configs.getIntArray(c, "kernel_size")[0]), 1, c)
                .build();
    }
}
