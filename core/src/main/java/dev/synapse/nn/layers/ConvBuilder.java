package dev.synapse.nn.layers;

import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.initializers.Initializer;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.nn.regularizers.Regularizer;
import dev.synapse.ops.Convolutions.Padding;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Options of {@link Conv1D}, {@link Conv2D} and {@link Conv2DTranspose}, with Keras's defaults:
 * stride 1, "valid" padding, no dilation, one group, no activation, a bias, Glorot-uniform kernel.
 *
 * <pre>{@code
 * Conv2D.builder(64, 5).strides(2).padding("same").activation(Activation.RELU).build()
 * }</pre>
 *
 * @param <L> the layer built
 */
public final class ConvBuilder<L> {
    final int filters;
    final int[] kernelSize;
    int[] strides = {1};
    /** The padding for a layer over the given number of spatial axes, resolved when the layer is made. */
    IntFunction<Padding> padding = rank -> Padding.VALID;

    int[] dilation = {1};
    int groups = 1;
    String dataFormat = "channels_last";
    int[] outputPadding;
    ActivationFunction activation = ActivationFunction.LINEAR;
    boolean useBias = true;
    Initializer kernelInitializer = Initializers.glorotUniform();
    Initializer biasInitializer = Initializers.zeros();
    Regularizer kernelRegularizer;
    Regularizer biasRegularizer;
    String name;
    int[] inputShape;
    private final Function<ConvBuilder<L>, L> factory;

    ConvBuilder(int filters, int[] kernelSize, Function<ConvBuilder<L>, L> factory) {
        if (filters <= 0) {
            throw new IllegalArgumentException("convolution: filters must be positive, got " + filters);
        }
        this.filters = filters;
        this.kernelSize = kernelSize.clone();
        this.factory = factory;
    }

    /** Strides, one for all axes or one per axis. */
    public ConvBuilder<L> strides(int... s) {
        this.strides = s.clone();
        return this;
    }

    /** {@code "valid"} (default), {@code "same"}, or for Conv1D {@code "causal"} (Keras's {@code padding}). */
    public ConvBuilder<L> padding(String p) {
        String checked = SlidingWindows.padding(p, true);
        this.padding = rank -> Padding.of(checked);
        return this;
    }

    /**
     * Explicit zero padding, as PyTorch's {@code padding=}: one size for every side ({@code padding=1}), or one per
     * spatial axis for both its sides ({@code padding=(1, 2)}: 1 above and below, 2 left and right). Keras has no
     * such argument (it needs a {@code ZeroPadding2D} layer first).
     */
    public ConvBuilder<L> padding(int... sizes) {
        int[] s = sizes.clone();
        this.padding = rank -> SlidingWindows.explicit("convolution", rank, s);
        return this;
    }

    /**
     * Explicit, possibly asymmetric zero padding: {@code {before, after}} per spatial axis, as Keras's
     * {@code ZeroPadding2D(((top, bottom), (left, right)))} or PyTorch's {@code F.pad} before the convolution.
     */
    public ConvBuilder<L> padding(int[][] perAxis) {
        int[][] s = new int[perAxis.length][];
        for (int i = 0; i < s.length; i++) {
            s[i] = perAxis[i].clone();
        }
        this.padding = rank -> SlidingWindows.explicit("convolution", rank, s);
        return this;
    }

    /** The padding as the ops name it (a 1-D layer reads only its left and right sizes). */
    public ConvBuilder<L> padding(Padding p) {
        this.padding = rank -> p;
        return this;
    }

    /** Dilation rates, one for all axes or one per axis. */
    public ConvBuilder<L> dilation(int... d) {
        this.dilation = d.clone();
        return this;
    }

    /**
     * Keras's {@code data_format}: {@code "channels_last"} (default, {@code [batch, ..., channels]}) or
     * {@code "channels_first"} ({@code [batch, channels, ...]}, PyTorch's layout; computed by permuting to
     * channels-last and back).
     */
    public ConvBuilder<L> dataFormat(String format) {
        DataFormat.of("convolution", format);
        this.dataFormat = format;
        return this;
    }

    /** Grouped convolution: input channels split into {@code g} groups. */
    public ConvBuilder<L> groups(int g) {
        this.groups = g;
        return this;
    }

    /**
     * Conv2DTranspose only: extra rows/columns at the bottom/right (Keras's {@code output_padding}, PyTorch's
     * {@code output_padding}); each smaller than its stride.
     */
    public ConvBuilder<L> outputPadding(int... p) {
        this.outputPadding = p.clone();
        return this;
    }

    /** The activation. */
    public ConvBuilder<L> activation(ActivationFunction a) {
        this.activation = a == null ? ActivationFunction.LINEAR : a;
        return this;
    }

    /** The activation by Keras name. */
    public ConvBuilder<L> activation(String a) {
        return activation(ActivationFunction.of(a));
    }

    /** Whether to add a bias. */
    public ConvBuilder<L> useBias(boolean b) {
        this.useBias = b;
        return this;
    }

    /** The kernel initializer. */
    public ConvBuilder<L> kernelInitializer(Initializer i) {
        this.kernelInitializer = i;
        return this;
    }

    /** The kernel initializer by Keras name. */
    public ConvBuilder<L> kernelInitializer(String i) {
        return kernelInitializer(Initializers.get(i));
    }

    /** The bias initializer. */
    public ConvBuilder<L> biasInitializer(Initializer i) {
        this.biasInitializer = i;
        return this;
    }

    /** A penalty on the kernel. */
    public ConvBuilder<L> kernelRegularizer(Regularizer r) {
        this.kernelRegularizer = r;
        return this;
    }

    /** A penalty on the bias. */
    public ConvBuilder<L> biasRegularizer(Regularizer r) {
        this.biasRegularizer = r;
        return this;
    }

    /** An explicit layer name. */
    public ConvBuilder<L> name(String n) {
        this.name = n;
        return this;
    }

    /** Keras 2's {@code input_shape}: the per-sample input shape. */
    public ConvBuilder<L> inputShape(int... s) {
        this.inputShape = s.clone();
        return this;
    }

    /** The layer. */
    public L build() {
        return factory.apply(this);
    }
}
