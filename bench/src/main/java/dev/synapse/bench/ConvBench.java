package dev.synapse.bench;

import dev.synapse.backend.Conv2dSpec;
import dev.synapse.backend.Pool2dSpec;
import dev.synapse.backend.cpu.Parallel;
import dev.synapse.cli.Flags;
import dev.synapse.ops.Convolutions;
import dev.synapse.ops.Pooling;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code ./synapse bench conv [--model cnn|autoencoder] [--batch-size N]}: the convolution and pooling layers
 * of one of the tutorials' convolutional models, float32, batch 256 by default.
 * <ul>
 *   <li>{@code cnn} (default): the MNIST CNN ({@code Conv2D(24, 3x3, same)} on 28x28x1,
 *       {@code MaxPooling2D(2)}, {@code Conv2D(36, 3x3, same)} on 14x14x24, {@code MaxPooling2D(2)});</li>
 *   <li>{@code autoencoder}: seed 004's convolutional autoencoder (3x3 "same" convolutions 1-16, 16-8,
 *       8-4 with {@code AvgPool2d(2)}, then 4-8, 8-16, 16-1 with nearest upsampling), whose narrow
 *       layers suit neither a GEMM nor the few-input-channel direct kernels.</li>
 * </ul>
 * For each layer it times the forward pass and both gradients (input and weights for a
 * convolution), each on its own after warm-up: median, min and max over repeated runs, and GFLOP/s
 * for the convolutions. The total is the convolution and pooling share of one training step.
 */
public final class ConvBench {
    /**
     * Stop repeating a measurement after this long (or {@link #MAX_RUNS} runs), keeping the whole run near a minute.
     */
    private static final long BUDGET_NANOS = 4_000_000_000L;

    private static final int MIN_RUNS = 5;
    private static final int MAX_RUNS = 30;

    private ConvBench() {}

    /** One timed quantity: its runs in milliseconds. */
    private record Result(String name, double[] millis, double gflop) {
        double median() {
            double[] s = millis.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        double min() {
            return Arrays.stream(millis).min().orElse(Double.NaN);
        }

        double max() {
            return Arrays.stream(millis).max().orElse(Double.NaN);
        }
    }

    /** Runs the benchmark; the flags are the model ({@code --model cnn|autoencoder}) and {@code --batch-size}. */
    public static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse bench conv",
                "Convolution and pooling layers of a tutorial's model, forward and backward.",
                args);
        boolean autoencoder = f.choice(
                        "model", "cnn", "seed 002's CNN or seed 004's conv autoencoder", "cnn", "autoencoder")
                .equals("autoencoder");
        int batch = f.integer("batch-size", 256, 1, "pictures per batch");
        f.done();
        System.out.printf(
                Locale.ROOT,
                "conv: %s layers, float32, batch %d, %d threads, %s%n",
                autoencoder ? "seed 004 conv autoencoder" : "seed CNN",
                batch,
                Parallel.threads(),
                jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
        Generator gen = new Generator(1);
        List<Result> results = new ArrayList<>();
        Conv2dSpec same3x3 = new Conv2dSpec(1, 1, 1, 1, 1, 1, 1, 1, 1);
        if (autoencoder) {
            results.addAll(conv("enc1 28x28x1->16", gen, batch, 28, 28, 1, 16, same3x3));
            results.addAll(avgPool("avgpool 28x28x16", gen, batch, 28, 28, 16));
            results.addAll(conv("enc2 14x14x16->8", gen, batch, 14, 14, 16, 8, same3x3));
            results.addAll(conv("enc3 7x7x8->4", gen, batch, 7, 7, 8, 4, same3x3));
            results.addAll(conv("dec1 7x7x4->8", gen, batch, 7, 7, 4, 8, same3x3));
            results.addAll(conv("dec2 14x14x8->16", gen, batch, 14, 14, 8, 16, same3x3));
            results.addAll(conv("dec3 28x28x16->1", gen, batch, 28, 28, 16, 1, same3x3));
        } else {
            results.addAll(conv("conv1 28x28x1->24", gen, batch, 28, 28, 1, 24, same3x3));
            results.addAll(pool("pool1 28x28x24", gen, batch, 28, 28, 24));
            results.addAll(conv("conv2 14x14x24->36", gen, batch, 14, 14, 24, 36, same3x3));
            results.addAll(pool("pool2 14x14x36", gen, batch, 14, 14, 36));
        }

        System.out.printf(Locale.ROOT, "%-34s %10s %10s %10s %10s%n", "", "median ms", "min ms", "max ms", "GFLOP/s");
        double total = 0;
        for (Result r : results) {
            String rate = r.gflop() > 0 ? String.format(Locale.ROOT, "%10.1f", r.gflop() / (r.median() / 1e3)) : "";
            System.out.printf(
                    Locale.ROOT, "%-34s %10.2f %10.2f %10.2f %s%n", r.name(), r.median(), r.min(), r.max(), rate);
            total += r.median();
        }
        System.out.printf(
                Locale.ROOT,
                "%-34s %10.2f   (sum of medians: the conv and pool part of one training step)%n",
                "total",
                total);
    }

    private static List<Result> conv(String name, Generator gen, int n, int h, int w, int c, int f, Conv2dSpec spec) {
        Tensor x = Tensor.normal(0, 1, gen, n, h, w, c);
        Tensor k = Tensor.normal(0, 0.1, gen, 3, 3, c, f);
        int oh = spec.outHeight(h, 3);
        int ow = spec.outWidth(w, 3);
        Tensor g = Tensor.normal(0, 1, gen, n, oh, ow, f);
        double gflop = 2.0 * n * oh * ow * f * 9 * c / 1e9;
        int[] in = x.dims();
        int[] ks = k.dims();
        return List.of(
                time(name + " forward", gflop, () -> Convolutions.conv2d(x, k, spec)),
                time(name + " grad input", gflop, () -> Convolutions.conv2dBackwardInput(g, k, in, spec)),
                time(name + " grad weight", gflop, () -> Convolutions.conv2dBackwardWeight(x, g, ks, spec)));
    }

    private static List<Result> pool(String name, Generator gen, int n, int h, int w, int c) {
        Tensor x = Tensor.normal(0, 1, gen, n, h, w, c);
        Pool2dSpec spec = new Pool2dSpec(2, 2, 2, 2, 0, 0, 0, 0, false);
        Tensor g = Tensor.normal(0, 1, gen, n, h / 2, w / 2, c);
        return List.of(
                time(name + " maxPool forward", 0, () -> Pooling.maxPool2d(x, spec)),
                time(name + " maxPool backward", 0, () -> Pooling.maxPool2dBackward(x, g, spec)));
    }

    private static List<Result> avgPool(String name, Generator gen, int n, int h, int w, int c) {
        Tensor x = Tensor.normal(0, 1, gen, n, h, w, c);
        Pool2dSpec spec = new Pool2dSpec(2, 2, 2, 2, 0, 0, 0, 0, false);
        Tensor g = Tensor.normal(0, 1, gen, n, h / 2, w / 2, c);
        int[] in = x.dims();
        return List.of(
                time(name + " avgPool forward", 0, () -> Pooling.avgPool2d(x, spec)),
                time(name + " avgPool backward", 0, () -> Pooling.avgPool2dBackward(g, spec, in)));
    }

    /** Warms up, then repeats {@code body} until the time budget or the run limit is reached. */
    @SuppressWarnings("ReturnValueIgnored") // warm-up runs are for the JIT; their results are not looked at
    private static Result time(String name, double gflop, Supplier<Tensor> body) {
        long warmEnd = System.nanoTime() + BUDGET_NANOS / 4;
        for (int i = 0; i < 3 || (i < 20 && System.nanoTime() < warmEnd); i++) {
            body.get();
        }
        List<Double> runs = new ArrayList<>();
        long end = System.nanoTime() + BUDGET_NANOS;
        while (runs.size() < MIN_RUNS || (runs.size() < MAX_RUNS && System.nanoTime() < end)) {
            long t0 = System.nanoTime();
            Tensor out = body.get();
            runs.add((System.nanoTime() - t0) / 1e6);
            if (out.size() == 0) {
                throw new IllegalStateException(name + ": empty result");
            }
        }
        System.out.printf(Locale.ROOT, "  measured %s (%d runs)%n", name, runs.size());
        return new Result(name, runs.stream().mapToDouble(Double::doubleValue).toArray(), gflop);
    }
}
