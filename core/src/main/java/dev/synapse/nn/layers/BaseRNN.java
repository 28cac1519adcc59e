package dev.synapse.nn.layers;

import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Shapes;
import dev.synapse.nn.Weight;
import dev.synapse.nn.initializers.Initializer;
import dev.synapse.nn.regularizers.Regularizer;
import dev.synapse.ops.ShapeOps;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The loop shared by the recurrent layers ({@code keras.layers.RNN} with a cell): input
 * {@code [batch, steps, features]}, the input projection of all steps computed at once, then one
 * cell step per time step. Outputs: the last output {@code [batch, units]} or, with
 * {@code returnSequences}, all of them {@code [batch, steps, units]}; with {@code returnState} the
 * final states follow as extra outputs. Extra inputs, when given, are the initial states
 * (Keras's {@code initial_state}); otherwise states start at zero.
 */
public abstract class BaseRNN extends Layer {
    protected final int units;
    protected final ActivationFunction activation;
    protected final ActivationFunction recurrentActivation;
    protected final boolean useBias;
    protected final Initializer kernelInitializer;
    protected final Initializer recurrentInitializer;
    protected final Initializer biasInitializer;
    protected final Regularizer kernelRegularizer;
    protected final Regularizer recurrentRegularizer;
    protected final Regularizer biasRegularizer;
    protected final boolean returnSequences;
    protected final boolean returnState;
    protected final boolean goBackwards;
    protected Weight kernel;
    protected Weight recurrentKernel;
    protected Weight bias;

    /** Reads the common options. */
    protected BaseRNN(RNNBuilder<?> b) {
        super(b.name, b.inputShape, null);
        this.units = b.units;
        this.activation = b.activation;
        this.recurrentActivation = b.recurrentActivation;
        this.useBias = b.useBias;
        this.kernelInitializer = b.kernelInitializer;
        this.recurrentInitializer = b.recurrentInitializer;
        this.biasInitializer = b.biasInitializer;
        this.kernelRegularizer = b.kernelRegularizer;
        this.recurrentRegularizer = b.recurrentRegularizer;
        this.biasRegularizer = b.biasRegularizer;
        this.returnSequences = b.returnSequences;
        this.returnState = b.returnState;
        this.goBackwards = b.goBackwards;
    }

    /** The number of units (the size of the output and of each state). */
    public int units() {
        return units;
    }

    /** The input kernel. */
    public Weight kernel() {
        return kernel;
    }

    /** The recurrent kernel. */
    public Weight recurrentKernel() {
        return recurrentKernel;
    }

    /** The bias, or {@code null}. */
    public Weight bias() {
        return bias;
    }

    /** Whether every step's output is returned. */
    public boolean returnSequences() {
        return returnSequences;
    }

    /** Whether the final states are returned too. */
    public boolean returnState() {
        return returnState;
    }

    /** The number of states: 1, or 2 for LSTM (h and c). */
    protected abstract int stateCount();

    /** How many blocks of {@code units} the kernels hold: 1, 3 (GRU) or 4 (LSTM). */
    protected abstract int gates();

    /** The bias shape. */
    protected int[] biasShape() {
        return new int[] {gates() * units};
    }

    /** The starting bias; LSTM overrides it for the forget gate. */
    protected Tensor initialBias() {
        return null;
    }

    /** The input's part of the pre-activations for all steps: {@code [batch, steps, gates * units]}. */
    protected abstract Tensor inputProjection(Tensor x);

    /** One step: the new states (output first) from the projected input of this step and the old states. */
    protected abstract Tensor[] step(Tensor projected, Tensor[] states);

    @Override
    protected void build(List<int[]> shapes) {
        int[] s = shapes.get(0);
        if (s.length != 3) {
            throw error("expected input [batch, steps, features], got shape " + Shapes.format(s));
        }
        int features = s[2];
        if (features < 0) {
            throw error("the number of features (last dimension) must be known, got " + Shapes.format(s));
        }
        kernel = addWeight("kernel", new int[] {features, gates() * units}, kernelInitializer, kernelRegularizer, true);
        recurrentKernel = addWeight(
                "recurrent_kernel",
                new int[] {units, gates() * units},
                recurrentInitializer,
                recurrentRegularizer,
                true);
        if (useBias) {
            bias = addWeight("bias", biasShape(), biasInitializer, biasRegularizer, true);
            Tensor start = initialBias();
            if (start != null) {
                bias.assign(start);
            }
        }
        setInputSpecs(List.of(InputSpec.ndim(3).axis(-1, features)));
    }

    @Override
    protected List<int[]> computeOutputShapes(List<int[]> shapes) {
        int[] s = shapes.get(0);
        if (shapes.size() != 1 && shapes.size() != 1 + stateCount()) {
            throw error(
                    "expected the input and " + stateCount() + " initial state(s), got " + shapes.size() + " tensors");
        }
        for (int i = 1; i < shapes.size(); i++) {
            int[] st = shapes.get(i);
            if (st.length != 2 || (st[1] >= 0 && st[1] != units)) {
                throw error("initial state " + (i - 1) + " must have shape (batch, " + units + "), got "
                        + Shapes.format(st));
            }
        }
        List<int[]> out = new ArrayList<>();
        out.add(returnSequences ? new int[] {s[0], s[1], units} : new int[] {s[0], units});
        if (returnState) {
            for (int i = 0; i < stateCount(); i++) {
                out.add(new int[] {s[0], units});
            }
        }
        return out;
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        int batch = x.dim(0);
        int steps = x.dim(1);
        Tensor[] states = new Tensor[stateCount()];
        for (int i = 0; i < states.length; i++) {
            states[i] = inputs.size() > 1 ? inputs.get(1 + i) : Tensor.empty(x.dtype(), x.device(), batch, units);
        }
        Tensor projected = inputProjection(x);
        List<Tensor> outputs = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            int t = goBackwards ? steps - 1 - k : k;
            states = step(projected.select(1, t), states);
            if (returnSequences) {
                outputs.add(states[0]);
            }
        }
        List<Tensor> result = new ArrayList<>();
        if (returnSequences) {
            result.add(
                    steps == 0
                            ? Tensor.empty(x.dtype(), x.device(), batch, 0, units)
                            : ShapeOps.stack(1, outputs.toArray(new Tensor[0])));
        } else {
            result.add(states[0]);
        }
        if (returnState) {
            result.addAll(List.of(states));
        }
        return result;
    }

    /** Columns {@code [i * units, (i + 1) * units)} of the last axis: one gate's block. */
    protected final Tensor block(Tensor t, int i) {
        return t.slice(-1, i * units, (i + 1) * units);
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("units", units);
        m.put("activation", activation.name());
        m.put("recurrent_activation", recurrentActivation.name());
        m.put("use_bias", useBias);
        m.put("kernel_initializer", Configs.initializer(kernelInitializer));
        m.put("recurrent_initializer", Configs.initializer(recurrentInitializer));
        m.put("bias_initializer", Configs.initializer(biasInitializer));
        m.put("kernel_regularizer", Configs.regularizer(kernelRegularizer));
        m.put("recurrent_regularizer", Configs.regularizer(recurrentRegularizer));
        m.put("bias_regularizer", Configs.regularizer(biasRegularizer));
        m.put("return_sequences", returnSequences);
        m.put("return_state", returnState);
        m.put("go_backwards", goBackwards);
        return m;
    }

    /** Fills a builder from a config written by {@link #config()}. */
    static <L> RNNBuilder<L> fromConfig(RNNBuilder<L> b, Map<String, Object> c) {
        b.activation(Configs.getString(c, "activation", "tanh"))
                .recurrentActivation(ActivationFunction.of(Configs.getString(c, "recurrent_activation", "sigmoid")))
                .useBias(Configs.getBoolean(c, "use_bias", true))
                .kernelRegularizer(Configs.toRegularizer(c.get("kernel_regularizer")))
                .recurrentRegularizer(Configs.toRegularizer(c.get("recurrent_regularizer")))
                .biasRegularizer(Configs.toRegularizer(c.get("bias_regularizer")))
                .returnSequences(Configs.getBoolean(c, "return_sequences", false))
                .returnState(Configs.getBoolean(c, "return_state", false))
                .goBackwards(Configs.getBoolean(c, "go_backwards", false))
                .unitForgetBias(Configs.getBoolean(c, "unit_forget_bias", true))
                .resetAfter(Configs.getBoolean(c, "reset_after", true));
        if (c.get("kernel_initializer") != null) {
            b.kernelInitializer(Configs.toInitializer(c.get("kernel_initializer")));
        }
        if (c.get("recurrent_initializer") != null) {
            b.recurrentInitializer(Configs.toInitializer(c.get("recurrent_initializer")));
        }
        if (c.get("bias_initializer") != null) {
            b.biasInitializer(Configs.toInitializer(c.get("bias_initializer")));
        }
        return b;
    }
}
