package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Weight;
import dev.synapse.nn.initializers.Initializer;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.nn.regularizers.Regularizer;
import dev.synapse.ops.NN;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Looks up a learned vector for each integer index ({@code keras.layers.Embedding};
 * {@code nn.Embedding}): input {@code [batch, ...]} of indices in {@code [0, inputDim)}, output
 * {@code [batch, ..., outputDim]}. The table {@code embeddings} is {@code [inputDim, outputDim]},
 * uniform in [-0.05, 0.05) by default as Keras. Float inputs must hold whole numbers.
 */
public class Embedding extends Layer {
    private final int inputDim;
    private final int outputDim;
    private final Initializer initializer;
    private final Regularizer regularizer;
    private Weight embeddings;

    /** A table of {@code inputDim} rows of {@code outputDim} values. */
    public Embedding(int inputDim, int outputDim) {
        this(inputDim, outputDim, Initializers.randomUniform(), null);
    }

    /** With an initializer and a regularizer (null for none). */
    public Embedding(int inputDim, int outputDim, Initializer initializer, Regularizer regularizer) {
        if (inputDim <= 0 || outputDim <= 0) {
            throw new IllegalArgumentException(
                    "Embedding: inputDim and outputDim must be positive, got " + inputDim + " and " + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.initializer = initializer;
        this.regularizer = regularizer;
    }

    /** The table. */
    public Weight embeddings() {
        return embeddings;
    }

    @Override
    protected void build(int[] inputShape) {
        embeddings = addWeight("embeddings", new int[] {inputDim, outputDim}, initializer, regularizer, true);
    }

    @Override
    protected int[] computeOutputShape(int[] s) {
        int[] out = java.util.Arrays.copyOf(s, s.length + 1);
        out[s.length] = outputDim;
        return out;
    }

    @Override
    protected DType computeOutputDtype(DType inputDtype) {
        return dtype();
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return NN.embedding(x.dtype().isInteger() ? x : wholeIndices(x), embeddings.value());
    }

    /**
     * Float indices as int64; a fractional one is a data error, not something to truncate quietly. Inside a training
     * step on a device the test stays there until the next host read ({@link dev.synapse.ops.AsyncAsserts}).
     */
    private Tensor wholeIndices(Tensor x) {
        if (dev.synapse.ops.AsyncAsserts.deferring(x.device())) {
            Tensor index = x.to(DType.INT64);
            Tensor asDouble = x.to(DType.FLOAT64);
            Shape shape = x.shape();
            dev.synapse.ops.AsyncAsserts.record(asDouble.ne(index.to(DType.FLOAT64)), x, (flat, value) -> {
                throw notWhole(value, flat, shape);
            });
            return index;
        }
        requireWhole(x);
        return x.to(DType.INT64);
    }

    private void requireWhole(Tensor x) {
        double[] v = x.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw notWhole(v[i], i, x.shape());
            }
        }
    }

    private IllegalArgumentException notWhole(double value, long flat, Shape shape) {
        return new IllegalArgumentException(name() + ": index " + value + " at flat position " + flat + " of input "
                + shape + " is not a whole number; Embedding takes row indices in [0, " + inputDim + ")");
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("input_dim", inputDim);
        m.put("output_dim", outputDim);
        m.put("embeddings_initializer", Configs.initializer(initializer));
        m.put("embeddings_regularizer", Configs.regularizer(regularizer));
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static Embedding fromConfig(Map<String, Object> c) {
        Object init = c.get("embeddings_initializer");
        return new Embedding(
                Configs.getInt(c, "input_dim"),
                Configs.getInt(c, "output_dim"),
                init == null ? Initializers.randomUniform() : Configs.toInitializer(init),
                Configs.toRegularizer(c.get("embeddings_regularizer")));
    }
}
