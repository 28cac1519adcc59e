package dev.synapse.bench;

import dev.synapse.Synapse;
import dev.synapse.backend.cpu.Parallel;
import dev.synapse.cli.Flags;
import dev.synapse.losses.Loss;
import dev.synapse.losses.MeanSquaredError;
import dev.synapse.losses.SparseCategoricalCrossentropy;
import dev.synapse.nn.Input;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Model;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.AveragePooling2D;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.MaxPooling2D;
import dev.synapse.nn.layers.ReLU;
import dev.synapse.nn.layers.UpSampling2D;
import dev.synapse.optim.Adam;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code ./synapse bench train}: milliseconds per training step (forward, loss, backward, optimizer
 * update), float32, batch 256, for the three workloads whose peer figures the project tracks: an
 * MLP 784-512-10, seed 002's CNN and seed 004's convolutional autoencoder. Median and spread over
 * repeated steps after warm-up. {@code --quick} takes fewer steps; {@code --only PREFIX} selects workloads.
 */
public final class TrainStepBench {
    static final int BATCH = 256;

    private TrainStepBench() {}

    /** A model, its loss and optimizer, and a batch to train on; also the Synapse side of {@code bench race}. */
    record Workload(String name, Layer model, Loss loss, Optimizer optimizer, Tensor x, Tensor y) {}

    /** An MLP 784-512-10, relu, Adam, cross-entropy on logits. */
    static Workload mlp() {
        Layer model = new Sequential(new Dense(512, "relu").withInputShape(784), new Dense(10));
        return new Workload(
                "mlp 784-512-10",
                model,
                new SparseCategoricalCrossentropy(true),
                new Adam(1e-3),
                Tensor.rand(BATCH, 784),
                labels());
    }

    /**
     * Seed 002: Conv2D(24, 3x3, same) - MaxPool - Conv2D(36, 3x3, same) - MaxPool - Dense(128) - Dropout - Dense(10).
     */
    static Workload cnn() {
        return new Workload(
                "cnn (seed 002)",
                seed002Cnn(),
                new SparseCategoricalCrossentropy(),
                new Adam(1e-3),
                Tensor.rand(BATCH, 28, 28, 1),
                labels());
    }

    /** Seed 002's CNN, untrained. */
    static Model seed002Cnn() {
        SymbolicTensor in = Input.of(28, 28, 1);
        SymbolicTensor x =
                Conv2D.builder(24, 3).activation("relu").padding("same").build().apply(in);
        x = new MaxPooling2D(2).apply(x);
        x = Conv2D.builder(36, 3).activation("relu").padding("same").build().apply(x);
        x = new MaxPooling2D(2).apply(x);
        x = new Flatten().apply(x);
        x = new Dense(128, "relu").apply(x);
        x = new Dropout(0.5).apply(x);
        SymbolicTensor out = new Dense(10, "softmax").apply(x);
        return new Model(in, out);
    }

    /**
     * Seed 004: conv encoder (16, 8, 4 channels, average pooling) and decoder (nearest upsampling), MSE, SGD momentum.
     */
    static Workload convAutoencoder() {
        Layer model = new Sequential(
                Conv2D.builder(16, 3).padding("same").build().withInputShape(28, 28, 1),
                new AveragePooling2D(2),
                new ReLU(),
                Conv2D.builder(8, 3).padding("same").build(),
                new AveragePooling2D(2),
                new ReLU(),
                Conv2D.builder(4, 3).padding("same").build(),
                new ReLU(),
                Conv2D.builder(8, 3).padding("same").build(),
                new UpSampling2D(),
                new ReLU(),
                Conv2D.builder(16, 3).padding("same").build(),
                new UpSampling2D(),
                new ReLU(),
                Conv2D.builder(1, 3).padding("same").build());
        Tensor x = Tensor.rand(BATCH, 28, 28, 1);
        return new Workload(
                "conv autoencoder (seed 004)", model, new MeanSquaredError(), new SGD(0.01, 0.99, false), x, x);
    }

    private static Tensor labels() {
        return labels(BATCH);
    }

    /** {@code n} class labels cycling through the ten classes. */
    static Tensor labels(int n) {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
        }
        return Tensor.of(y);
    }

    /**
     * One training step as a custom loop writes it: inside a step scope, which gives the step's tensors back when it
     * ends (as {@code fit} does per step, and as DJL's side closes a sub-manager).
     */
    static void step(Workload w, List<Tensor> params) {
        try (var _ = Synapse.stepScope()) {
            Tensor pred = w.model().apply(w.x(), true);
            Tensor loss = w.loss().call(w.y(), pred);
            loss.backward();
            w.optimizer().step(params);
            Optimizer.zeroGrad(params);
        }
    }

    /** Runs the benchmark and prints its table. */
    public static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse bench train",
                "Milliseconds per training step of three workloads, float32, batch " + BATCH + ".",
                args);
        boolean quick = f.flag("quick", "10 timed steps instead of 30");
        String only =
                f.string("only", "", "only the workloads whose name starts with this (mlp, cnn, conv); empty: all");
        double warmSeconds = f.real(
                "warmup-seconds",
                10,
                "untimed steps first until this many seconds have passed (C2 compiles meanwhile)");
        f.done();
        int steps = quick ? 10 : 30;
        Synapse.setSeed(42);
        System.out.printf(
                "Training step, float32, batch %d, %d threads; median and spread of %d steps after warm-up%n",
                BATCH, Parallel.threads(), steps);
        System.out.printf("%-30s %9s %9s %9s%n", "workload (ms/step)", "median", "min", "max");
        List<Supplier<Workload>> all =
                List.of(TrainStepBench::mlp, TrainStepBench::cnn, TrainStepBench::convAutoencoder);
        for (Supplier<Workload> s : all) {
            Workload w = s.get();
            if (!w.name().startsWith(only)) {
                continue;
            }
            w.model().apply(w.x().slice(0, 0, 1));
            List<Tensor> params = w.model().trainableVariables();
            long warmEnd = System.nanoTime() + (long) (warmSeconds * 1e9);
            int warm = 0;
            while (warm < 3 || System.nanoTime() < warmEnd) {
                step(w, params);
                warm++;
            }
            double[] ms = new double[steps];
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                step(w, params);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            double median = steps % 2 == 1 ? ms[steps / 2] : (ms[steps / 2 - 1] + ms[steps / 2]) / 2;
            System.out.printf("%-30s %9.1f %9.1f %9.1f%n", w.name(), median, ms[0], ms[steps - 1]);
        }
        System.out.println("Against libtorch and PyTorch in the same run: ./synapse bench race");
    }
}
