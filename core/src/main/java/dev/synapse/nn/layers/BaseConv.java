package dev.synapse.nn.layers;

import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Shapes;
import dev.synapse.nn.Weight;
import dev.synapse.nn.initializers.Initializer;
import dev.synapse.nn.regularizers.Regularizer;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * What the convolution layers share: filters, kernel size, strides, padding, dilation, groups,
 * activation, bias and their initializers and regularizers, and the kernel and bias weights
 * (Keras's {@code BaseConv}). Inputs are channels-last. Padding is Keras's {@code "valid"}/{@code "same"} or
 * explicit zero padding per side as PyTorch's {@code padding=}; the config writes explicit padding as
 * {@code [[before, after], ...]} per spatial axis. {@code dataFormat("channels_first")} (Keras's
 * {@code data_format}) takes and gives PyTorch's {@code [batch, channels, ...]} layout; the kernel keeps Keras's
 * layout either way.
 */
public abstract class BaseConv extends Layer {
    protected final int rank;
    protected final int filters;
    protected final int[] kernelSize;
    protected final int[] strides;
    protected final Padding padding;
    protected final int[] dilation;
    protected final int groups;
    final DataFormat dataFormat;
    protected final ActivationFunction activation;
    protected final boolean useBias;
    protected final Initializer kernelInitializer;
    protected final Initializer biasInitializer;
    protected final Regularizer kernelRegularizer;
    protected final Regularizer biasRegularizer;
    protected Weight kernel;
    protected Weight bias;

    /** Reads the options for a convolution over {@code rank} spatial axes. */
    protected BaseConv(int rank, ConvBuilder<?> b, boolean allowCausal) {
        super(b.name, b.inputShape, InputSpec.ndim(rank + 2));
        this.rank = rank;
        this.filters = b.filters;
        this.kernelSize = SlidingWindows.expand("kernel size", b.kernelSize, rank);
        this.strides = SlidingWindows.expand("strides", b.strides, rank);
        this.padding = SlidingWindows.padding("convolution", b.padding.apply(rank), rank, allowCausal);
        this.dilation = SlidingWindows.expand("dilation", b.dilation, rank);
        if (b.groups < 1 || b.filters % b.groups != 0) {
            throw new IllegalArgumentException(
                    "convolution: groups must be at least 1 and divide filters " + b.filters + ", got " + b.groups);
        }
        this.groups = b.groups;
        this.dataFormat = DataFormat.of("convolution", b.dataFormat);
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.kernelInitializer = b.kernelInitializer;
        this.biasInitializer = b.biasInitializer;
        this.kernelRegularizer = b.kernelRegularizer;
        this.biasRegularizer = b.biasRegularizer;
    }

    /** The kernel weight (after building). */
    public Weight kernel() {
        return kernel;
    }

    /** The bias weight, or {@code null}. */
    public Weight bias() {
        return bias;
    }

    /** The kernel's shape for {@code channels} input channels. */
    protected abstract int[] kernelShape(int channels);

    /** The output shape for a channels-last input shape. */
    protected abstract int[] channelsLastOutputShape(int[] inputShape);

    /** The convolution of a channels-last input. */
    protected abstract Tensor callChannelsLast(Tensor x);

    @Override
    protected final int[] computeOutputShape(int[] s) {
        return dataFormat.shapeFromLast(channelsLastOutputShape(dataFormat.shapeToLast(s)));
    }

    @Override
    protected final Tensor call(Tensor x, boolean training) {
        return dataFormat.fromLast(callChannelsLast(dataFormat.toLast(x)));
    }

    @Override
    protected void build(int[] givenShape) {
        int[] inputShape = dataFormat.shapeToLast(givenShape);
        int channels = inputShape[inputShape.length - 1];
        if (channels < 0) {
            throw error("the channel dimension of the input must be known, got " + Shapes.format(givenShape));
        }
        if (channels % groups != 0) {
            throw error("input channels " + channels + " are not divisible by groups " + groups);
        }
        kernel = addWeight("kernel", kernelShape(channels), kernelInitializer, kernelRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", new int[] {filters}, biasInitializer, biasRegularizer, true);
        }
        setInputSpec(InputSpec.ndim(rank + 2).axis(dataFormat.channelAxis(), channels));
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("filters", filters);
        m.put("kernel_size", SlidingWindows.list(kernelSize));
        m.put("strides", SlidingWindows.list(strides));
        m.put("padding", SlidingWindows.paddingConfig(padding, rank));
        m.put("dilation_rate", SlidingWindows.list(dilation));
        m.put("groups", groups);
        m.put("data_format", dataFormat.keras());
        m.put("activation", activation.name());
        m.put("use_bias", useBias);
        m.put("kernel_initializer", Configs.initializer(kernelInitializer));
        m.put("bias_initializer", Configs.initializer(biasInitializer));
        m.put("kernel_regularizer", Configs.regularizer(kernelRegularizer));
        m.put("bias_regularizer", Configs.regularizer(biasRegularizer));
        return m;
    }

    /** Fills a builder from a config written by {@link #config()}. */
    static <L> ConvBuilder<L> fromConfig(ConvBuilder<L> b, int rank, Map<String, Object> c) {
        b.strides(Configs.getIntArray(c, "strides"))
                .padding(SlidingWindows.paddingFromConfig("convolution", c.get("padding"), rank, true))
                .dilation(Configs.getIntArray(c, "dilation_rate"))
                .groups(Configs.getInt(c, "groups", 1))
                .dataFormat(Configs.getString(c, "data_format", "channels_last"))
                .activation(Configs.getString(c, "activation", "linear"))
                .useBias(Configs.getBoolean(c, "use_bias", true))
                .kernelRegularizer(Configs.toRegularizer(c.get("kernel_regularizer")))
                .biasRegularizer(Configs.toRegularizer(c.get("bias_regularizer")));
        if (c.get("kernel_initializer") != null) {
            b.kernelInitializer(Configs.toInitializer(c.get("kernel_initializer")));
        }
        if (c.get("bias_initializer") != null) {
            b.biasInitializer(Configs.toInitializer(c.get("bias_initializer")));
        }
        if (c.get("output_padding") != null) {
            b.outputPadding(Configs.getIntArray(c, "output_padding"));
        }
        return b;
    }
}
