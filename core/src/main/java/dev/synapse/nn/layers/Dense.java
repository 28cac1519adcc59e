package dev.synapse.nn.layers;

import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Weight;
import dev.synapse.nn.initializers.Initializer;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.nn.regularizers.Regularizer;
import dev.synapse.ops.LinearAlgebra;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * A fully connected layer, {@code activation(x @ kernel + bias)} over the last axis
 * ({@code keras.layers.Dense}; PyTorch's {@code nn.Linear}, whose weight is this kernel transposed).
 * The kernel is {@code [inputDim, units]}, Glorot-uniform by default; the bias starts at zero.
 *
 * <pre>{@code
 * new Dense(64, Activation.RELU)
 * Dense.builder(10)
 *         .activation("softmax")
 *         .kernelInitializer("he_normal")
 *         .kernelRegularizer(Regularizers.l2(1e-4))
 *         .build()
 * }</pre>
 */
public class Dense extends Layer {
    private final int units;
    private final ActivationFunction activation;
    private final boolean useBias;
    private final Initializer kernelInitializer;
    private final Initializer biasInitializer;
    private final Regularizer kernelRegularizer;
    private final Regularizer biasRegularizer;
    private Weight kernel;
    private Weight bias;

    /** {@code units} outputs, no activation, with a bias. */
    public Dense(int units) {
        this(builder(units));
    }

    /** {@code units} outputs followed by {@code activation}. */
    public Dense(int units, ActivationFunction activation) {
        this(builder(units).activation(activation));
    }

    /** {@code units} outputs followed by the activation with a Keras name ({@code "relu"}). */
    public Dense(int units, String activation) {
        this(builder(units).activation(activation));
    }

    private Dense(Builder b) {
        super(b.name, b.inputShape, null);
        if (b.units <= 0) {
            throw new IllegalArgumentException("Dense: units must be positive, got " + b.units);
        }
        this.units = b.units;
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.kernelInitializer = b.kernelInitializer;
        this.biasInitializer = b.biasInitializer;
        this.kernelRegularizer = b.kernelRegularizer;
        this.biasRegularizer = b.biasRegularizer;
    }

    /** A builder for the less common arguments. */
    public static Builder builder(int units) {
        return new Builder(units);
    }

    /** The number of outputs. */
    public int units() {
        return units;
    }

    /** The activation applied after the affine map. */
    public ActivationFunction activation() {
        return activation;
    }

    /** The {@code [inputDim, units]} kernel (after building). */
    public Weight kernel() {
        return kernel;
    }

    /** The {@code [units]} bias, or {@code null} without one. */
    public Weight bias() {
        return bias;
    }

    @Override
    protected void build(int[] inputShape) {
        if (inputShape.length < 2) {
            throw error("expected input with at least 2 dimensions (batch, features), got shape "
                    + dev.synapse.nn.Shapes.format(inputShape));
        }
        int in = inputShape[inputShape.length - 1];
        if (in < 0) {
            throw error("the last dimension of the input must be known, got shape "
                    + dev.synapse.nn.Shapes.format(inputShape));
        }
        kernel = addWeight("kernel", new int[] {in, units}, kernelInitializer, kernelRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", new int[] {units}, biasInitializer, biasRegularizer, true);
        }
        setInputSpec(InputSpec.minNdim(2).axis(-1, in));
    }

    @Override
    protected int[] computeOutputShape(int[] inputShape) {
        int[] out = inputShape.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor k = valueLike(kernel, x);
        Tensor b = bias == null ? null : valueLike(bias, x);
        if (activation == ActivationFunction.RELU) {
            return LinearAlgebra.denseRelu(x, k, b);
        }
        return activation.apply(LinearAlgebra.dense(x, k, b));
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("units", units);
        m.put("activation", activation.name());
        m.put("use_bias", useBias);
        m.put("kernel_initializer", Configs.initializer(kernelInitializer));
        m.put("bias_initializer", Configs.initializer(biasInitializer));
        m.put("kernel_regularizer", Configs.regularizer(kernelRegularizer));
        m.put("bias_regularizer", Configs.regularizer(biasRegularizer));
        return m;
    }

    /** Rebuilds a Dense layer from its config. */
    public static Dense fromConfig(Map<String, Object> c) {
        Builder b = builder(Configs.getInt(c, "units"))
                .activation(Configs.getString(c, "activation", "linear"))
                .useBias(Configs.getBoolean(c, "use_bias", true));
        if (c.get("kernel_initializer") != null) {
            b.kernelInitializer(Configs.toInitializer(c.get("kernel_initializer")));
        }
        if (c.get("bias_initializer") != null) {
            b.biasInitializer(Configs.toInitializer(c.get("bias_initializer")));
        }
        b.kernelRegularizer(Configs.toRegularizer(c.get("kernel_regularizer")));
        b.biasRegularizer(Configs.toRegularizer(c.get("bias_regularizer")));
        return b.build();
    }

    /** Options of {@link Dense}, with Keras's defaults. */
    public static final class Builder {
        private final int units;
        private ActivationFunction activation = ActivationFunction.LINEAR;
        private boolean useBias = true;
        private Initializer kernelInitializer = Initializers.glorotUniform();
        private Initializer biasInitializer = Initializers.zeros();
        private Regularizer kernelRegularizer;
        private Regularizer biasRegularizer;
        private String name;
        private int[] inputShape;

        private Builder(int units) {
            this.units = units;
        }

        /** The activation (default linear). */
        public Builder activation(ActivationFunction a) {
            this.activation = a == null ? ActivationFunction.LINEAR : a;
            return this;
        }

        /** The activation by Keras name. */
        public Builder activation(String a) {
            return activation(ActivationFunction.of(a));
        }

        /** Whether to add a bias (default true). */
        public Builder useBias(boolean v) {
            this.useBias = v;
            return this;
        }

        /** The kernel initializer (default Glorot uniform). */
        public Builder kernelInitializer(Initializer i) {
            this.kernelInitializer = i;
            return this;
        }

        /** The kernel initializer by Keras name. */
        public Builder kernelInitializer(String i) {
            return kernelInitializer(Initializers.get(i));
        }

        /** The bias initializer (default zeros). */
        public Builder biasInitializer(Initializer i) {
            this.biasInitializer = i;
            return this;
        }

        /** The bias initializer by Keras name. */
        public Builder biasInitializer(String i) {
            return biasInitializer(Initializers.get(i));
        }

        /** A penalty on the kernel. */
        public Builder kernelRegularizer(Regularizer r) {
            this.kernelRegularizer = r;
            return this;
        }

        /** A penalty on the bias. */
        public Builder biasRegularizer(Regularizer r) {
            this.biasRegularizer = r;
            return this;
        }

        /** An explicit layer name. */
        public Builder name(String n) {
            this.name = n;
            return this;
        }

        /** Keras 2's {@code input_dim}: the number of input features, so a Sequential builds at once. */
        public Builder inputDim(int dim) {
            this.inputShape = new int[] {dim};
            return this;
        }

        /** Keras 2's {@code input_shape}: the per-sample input shape. */
        public Builder inputShape(int... shape) {
            this.inputShape = shape.clone();
            return this;
        }

        /** The layer. */
        public Dense build() {
            return new Dense(this);
        }
    }
}
