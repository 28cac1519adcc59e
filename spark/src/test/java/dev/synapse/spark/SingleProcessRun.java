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
import java.util.Arrays;
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
        return train(start, features, labels, inputShape, globalBatch, seed, steps, 1);
    }

    /**
     * As {@link #train(Path, float[][], float[], int[], int, long, int)}, with each step's gradient computed as the
     * replicas of a Spark run compute it: the mean loss's gradient of each of {@code shards} equal, contiguous slices
     * of the global batch, summed in slice order and divided by {@code shards} in float32. With {@code shards} 1 it
     * is the plain whole-batch step; the two differ only in the order of float32 sums.
     */
    static Result train(
            Path start,
            float[][] features,
            float[] labels,
            int[] inputShape,
            int globalBatch,
            long seed,
            int steps,
            int shards)
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
            int shard = globalBatch / shards;
            int[] shape = new int[inputShape.length + 1];
            shape[0] = shard;
            System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
            try (var _ = Synapse.stepScope()) {
                float[] sum = null;
                for (int r = 0; r < shards; r++) {
                    float[] xs = Arrays.copyOfRange(x, r * shard * width, (r + 1) * shard * width);
                    float[] ys = Arrays.copyOfRange(y, r * shard, (r + 1) * shard);
                    try (GradientTape tape = GradientTape.open()) {
                        Tensor value = loss.call(Tensor.wrap(ys, shard), model.apply(Tensor.wrap(xs, shape), true));
                        float[] flat = ReplicaTask.flatten(tape.gradient(value, variables), variables, value.item());
                        if (sum == null) {
                            sum = flat;
                        } else {
                            for (int i = 0; i < flat.length; i++) {
                                sum[i] += flat[i];
                            }
                        }
                    }
                }
                float[] mean = Objects.requireNonNull(sum);
                if (shards > 1) {
                    for (int i = 0; i < mean.length; i++) {
                        mean[i] /= shards;
                    }
                }
                optimizer.applyGradients(ReplicaTask.unflatten(mean, variables), variables);
                losses.add((double) mean[mean.length - 1]);
            }
        }
        return new Result(model.stateDict(), losses);
    }

    /**
     * Holds the weights of a 2-replica Spark run to one process that computes each step as the replicas do (the same
     * bits: the executors, the all-reduce and the update add no rounding of their own), and prints how far both are
     * from one process on the whole batch: only the order of float32 sums differs there, which Adam turns into steps of
     * up to 2 lr on weights whose gradient is a cancelling sum near zero, so that figure follows the kernels' rounding,
     * not Spark; it must not exceed what the two one-process orders differ by. Returns the whole-batch run.
     */
    static Result assertSameAsTwoShards(
            Map<String, Tensor> weights,
            Path start,
            float[][] features,
            float[] labels,
            int[] inputShape,
            int globalBatch,
            long seed,
            int steps,
            String what)
            throws Exception {
        Result sharded = train(start, features, labels, inputShape, globalBatch, seed, steps, 2);
        Result whole = train(start, features, labels, inputShape, globalBatch, seed, steps, 1);
        double same = maxAbsDifference(weights, sharded.weights());
        double diff = maxAbsDifference(weights, whole.weights());
        double floor = maxAbsDifference(sharded.weights(), whole.weights());
        System.out.printf(
                java.util.Locale.ROOT,
                "%s: max |dw| %.3g against one process summing the same two shards, %.3g against one process on the"
                        + " whole batch (whose two orders differ by %.3g)%n",
                what,
                same,
                diff,
                floor);
        org.junit.jupiter.api.Assertions.assertEquals(
                0.0, same, what + ": 2 workers vs 1 process summing the same shards, max |dw|");
        org.junit.jupiter.api.Assertions.assertTrue(
                diff <= floor + 1e-6, what + ": 2 workers vs 1 process on the whole batch: max |dw| " + diff);
        return whole;
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
