package dev.synapse.spark;

import dev.synapse.Synapse;
import dev.synapse.autograd.GradientTape;
import dev.synapse.io.ModelArchive;
import dev.synapse.io.internal.ModelFiles;
import dev.synapse.losses.Loss;
import dev.synapse.nn.Input;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Model;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.MaxPooling2D;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reference the Spark runs are held to: one process, the whole global batch per step, in the order of
 * {@link GlobalBatches}, written with the plain tape-and-optimizer loop of seed 002's exercise.
 */
final class SingleProcessRun {
    /** Weights after the run and the loss of every step. */
    record Result(Map<String, Tensor> weights, List<Double> losses) {}

    private SingleProcessRun() {}

    /**
     * Seed 002's CNN (3x3 "same" ReLU convolutions with 2x2 max pooling per block, Flatten, Dense(128, relu),
     * Dense(10, softmax)) for {@code side x side} single-channel pictures, without its Dropout: the equivalence
     * runs compare deterministic models (docs/spark.md says why).
     */
    static Model cnn(int side, int... filters) {
        SymbolicTensor input = Input.named("input", side, side, 1);
        SymbolicTensor x = input;
        for (int b = 0; b < filters.length; b++) {
            x = Conv2D.builder(filters[b], 3, 3)
                    .activation("relu")
                    .padding("same")
                    .name("block" + (b + 1) + "_conv1")
                    .build()
                    .apply(x);
            x = new MaxPooling2D(2).named("block" + (b + 1) + "_pool").apply(x);
        }
        x = new Flatten().named("flatten").apply(x);
        x = Dense.builder(128).activation("relu").name("fc1").build().apply(x);
        SymbolicTensor prob = Dense.builder(10)
                .activation("softmax")
                .name("predictions")
                .build()
                .apply(x);
        return new Model(input, prob);
    }

    /** Trains from the checkpoint file {@code start} for {@code steps} steps of {@code globalBatch} samples. */
    static Result train(
            Path start, float[][] features, float[] labels, int[] inputShape, int globalBatch, long seed, int steps)
            throws Exception {
        ModelFiles.Loaded loaded = ModelFiles.load(ModelArchive.read(Files.readAllBytes(start), start.toString()), "");
        Layer model = loaded.model();
        Optimizer optimizer = Objects.requireNonNull(loaded.compile().optimizer());
        Loss loss = Objects.requireNonNull(loaded.compile().loss());
        List<Tensor> variables = model.trainableVariables();
        int n = labels.length;
        int perEpoch = n / globalBatch;
        int width = features[0].length;
        List<Double> losses = new ArrayList<>();
        int[] order = null;
        for (int s = 0; s < steps; s++) {
            int epoch = s / perEpoch;
            if (s % perEpoch == 0) {
                order = GlobalBatches.order(n, seed, epoch);
            }
            float[] x = new float[globalBatch * width];
            float[] y = new float[globalBatch];
            for (int i = 0; i < globalBatch; i++) {
                int sample = Objects.requireNonNull(order)[(s % perEpoch) * globalBatch + i];
                System.arraycopy(features[sample], 0, x, i * width, width);
                y[i] = labels[sample];
            }
            int[] shape = new int[inputShape.length + 1];
            shape[0] = globalBatch;
            System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
            try (var _ = Synapse.stepScope();
                    GradientTape tape = GradientTape.open()) {
                Tensor value = loss.call(Tensor.wrap(y, globalBatch), model.apply(Tensor.wrap(x, shape), true));
                optimizer.applyGradients(tape.gradient(value, variables), variables);
                losses.add(value.item());
            }
        }
        return new Result(model.stateDict(), losses);
    }

    /** The weights held by a checkpoint file. */
    static Map<String, Tensor> weightsOf(Path checkpoint) throws Exception {
        return ModelFiles.load(ModelArchive.read(Files.readAllBytes(checkpoint), checkpoint.toString()), "")
                .model()
                .stateDict();
    }

    /** Fails unless the same-named weights hold the same bits. */
    static void assertSameWeights(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    expected.get(k).toFloatArray(), actual.get(k).toFloatArray(), "weight " + k);
        }
    }

    /** The largest absolute difference between same-named weights. */
    static double maxAbsDifference(Map<String, Tensor> a, Map<String, Tensor> b) {
        if (!a.keySet().equals(b.keySet())) {
            throw new AssertionError("weights differ in names: " + a.keySet() + " vs " + b.keySet());
        }
        double max = 0;
        for (String k : a.keySet()) {
            float[] x = a.get(k).toFloatArray();
            float[] y = b.get(k).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }
}
