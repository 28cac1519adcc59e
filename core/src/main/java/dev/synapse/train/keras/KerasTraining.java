package dev.synapse.train.keras;

import dev.synapse.data.Batch;
import dev.synapse.data.DataLoader;
import dev.synapse.data.TensorDataset;
import dev.synapse.nn.Compiled;
import dev.synapse.nn.Layer;
import dev.synapse.ops.ShapeOps;
import dev.synapse.tensor.MemoryScope;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.Trainer;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The Keras training methods ({@code fit}, {@code evaluate}, {@code predict}, {@code train_on_batch},
 * {@code test_on_batch}) for any model; {@code Model} delegates here. Every one of them runs the
 * compiled model as a {@link KerasModule} through a {@link Trainer}: there is no second loop.
 */
public final class KerasTraining {
    private KerasTraining() {}

    /** {@code model.fit(x, y, ...)}: batches the arrays (the validation split taken from the end first). */
    public static History fit(Layer model, Compiled compiled, Tensor x, Tensor y, FitOptions options) {
        checkPair("fit", x, y);
        Tensor trainX = x;
        Tensor trainY = y;
        Iterable<Batch> validation = null;
        if (options.validationX() != null) {
            checkPair("fit (validation data)", options.validationX(), options.validationY());
            validation = slices("fit", options.validationX(), options.validationY(), options.batchSize());
        } else if (options.validationSplit() > 0) {
            int n = x.dim(0);
            int splitAt = (int) Math.floor(n * (1.0 - options.validationSplit()));
            if (splitAt <= 0 || splitAt >= n) {
                throw new IllegalArgumentException("fit: validationSplit " + options.validationSplit() + " of " + n
                        + " samples leaves an empty training or validation set");
            }
            trainX = x.slice(0, 0, splitAt);
            trainY = y.slice(0, 0, splitAt);
            validation = slices("fit", x.slice(0, splitAt, n), y.slice(0, splitAt, n), options.batchSize());
        }
        DataLoader.Builder loader = DataLoader.builder(new TensorDataset(trainX, trainY))
                .batchSize(options.batchSize())
                .shuffle(options.shuffle());
        if (options.resumeFrom() != null) {
            // The interrupted run drew its shuffle seed when fit began; use that one, not a new draw.
            Long seed = checkpointLoaderSeed(options.resumeFrom());
            if (seed != null) {
                loader.seed(seed);
            }
        }
        return fit(model, compiled, loader.build(), validation, options);
    }

    /** {@code model.fit(loader, ...)}: trains on batches from a loader, validating on another (may be null). */
    public static History fit(
            Layer model, Compiled compiled, Iterable<Batch> train, Iterable<Batch> validation, FitOptions options) {
        KerasModule module = new KerasModule(model, compiled, options.classWeight(), "val_");
        Trainer.Builder builder = Trainer.builder()
                .maxEpochs(options.epochs())
                .callbacks(options.callbacks())
                .verbose(options.verbose())
                .printSummary(false)
                .checkValEveryNEpoch(options.validationFreq());
        Trainer trainer = builder.device(options.device() != null ? options.device() : model.device())
                .build();
        if (options.resumeFrom() != null) {
            try {
                return trainer.fit(module, train, validation, options.resumeFrom());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(
                        "fit: cannot resume from " + options.resumeFrom() + ": " + e.getMessage(), e);
            }
        }
        return trainer.fit(module, train, validation, options.initialEpoch());
    }

    /**
     * The training loader's seed saved in a checkpoint, or null when it saved none. A seed of the wrong
     * type is refused here: building the loader without it would draw a seed from the global generator,
     * changing the random state of a resume that is then refused.
     */
    private static Long checkpointLoaderSeed(java.nio.file.Path file) {
        try {
            Map<String, Object> training =
                    dev.synapse.io.ModelArchive.read(file).training();
            Map<String, Object> loader = training == null
                    ? null
                    : dev.synapse.io.internal.JsonFields.optionalMap(training, "train_loader", file + "!training.json");
            return loader == null
                    ? null
                    : dev.synapse.io.internal.JsonFields.integer(loader, "seed", file + "!training.json: train_loader");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("fit: cannot resume from " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code model.evaluate(x, y)}: the loss and metrics over all of it, e.g. {@code {loss=0.3, accuracy=0.9}}. */
    public static Map<String, Double> evaluate(Layer model, Compiled compiled, Tensor x, Tensor y, int batchSize) {
        checkPair("evaluate", x, y);
        return evaluate(model, compiled, slices("evaluate", x, y, batchSize));
    }

    /** {@code model.evaluate(loader)}. */
    public static Map<String, Double> evaluate(Layer model, Compiled compiled, Iterable<Batch> data) {
        KerasModule module = new KerasModule(model, compiled, null, "");
        return quietTrainer(model).test(module, data);
    }

    /** {@code model.predict(x)}: the outputs for all samples, computed in batches without recording a graph. */
    public static Tensor predict(Layer model, Tensor x, int batchSize) {
        if (x == null || x.rank() == 0 || x.dim(0) == 0) {
            throw new IllegalArgumentException("predict: x must hold at least one sample along its first axis, got "
                    + (x == null ? "null" : "shape " + x.shape()));
        }
        // The batches' outputs go when their concatenation is made; only the result outlives this scope.
        try (var scope = MemoryScope.open()) {
            List<Object> outs = quietTrainer(model)
                    .predict(new KerasModule(model, null, null, ""), slices("predict", x, null, batchSize));
            Tensor[] parts = outs.stream().map(o -> (Tensor) o).toArray(Tensor[]::new);
            return scope.keep(parts.length == 1 ? parts[0] : ShapeOps.concat(0, parts));
        }
    }

    /** {@code model.train_on_batch(x, y)}: one optimizer step; returns that batch's loss and metrics. */
    public static Map<String, Double> trainOnBatch(Layer model, Compiled compiled, Tensor x, Tensor y) {
        checkPair("trainOnBatch", x, y);
        if (x.dim(0) == 0) {
            throw new IllegalArgumentException("trainOnBatch: x has shape " + x.shape() + ", 0 samples, so there is "
                    + "nothing to train on; give it at least one sample");
        }
        KerasModule module = new KerasModule(model, compiled, null, "val_");
        History h = quietTrainer(model).fit(module, List.of(new Batch(x, y)), null);
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        h.history().forEach((k, v) -> out.put(k, v.get(v.size() - 1)));
        return out;
    }

    /** {@code model.test_on_batch(x, y)}: the loss and metrics of one batch, without training. */
    public static Map<String, Double> testOnBatch(Layer model, Compiled compiled, Tensor x, Tensor y) {
        checkPair("testOnBatch", x, y);
        return evaluate(model, compiled, List.of(new Batch(x, y)));
    }

    /** A one-epoch silent trainer on the model's device, so batches follow the model wherever it was moved. */
    private static Trainer quietTrainer(Layer model) {
        return Trainer.builder()
                .maxEpochs(1)
                .verbose(0)
                .printSummary(false)
                .device(model.device())
                .build();
    }

    private static void checkPair(String op, Tensor x, Tensor y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException(op + ": both x and y are needed");
        }
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException(op + ": x has shape " + x.shape() + " and y has shape " + y.shape()
                    + "; they need the same number of samples along the first axis");
        }
        if (x.dim(0) == 0) {
            throw new IllegalArgumentException(op + ": x has shape " + x.shape() + " and y has shape " + y.shape()
                    + ": there is nothing to " + purpose(op) + "; at least one sample is needed");
        }
    }

    private static String purpose(String op) {
        return switch (op) {
            case "fit", "trainOnBatch" -> "train on";
            case "fit (validation data)" -> "validate on";
            default -> "evaluate";
        };
    }

    /**
     * Consecutive batches as views of {@code x} and {@code y}, in order: for validation, evaluation and
     * prediction. {@code op} names the caller in the error for a batch size below 1.
     */
    static Iterable<Batch> slices(String op, Tensor x, Tensor y, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException(op + ": batchSize must be at least 1, got " + batchSize);
        }
        int n = x.dim(0);
        int batches = (n + batchSize - 1) / batchSize;
        return new SlicedBatches(x, y, batchSize, n, batches);
    }

    private record SlicedBatches(Tensor x, Tensor y, int batchSize, int n, int batches)
            implements Iterable<Batch>, Trainer.Sized {
        @Override
        public int size() {
            return batches;
        }

        @Override
        public Iterator<Batch> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < batches;
                }

                @Override
                public Batch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    int from = next++ * batchSize;
                    int to = Math.min(n, from + batchSize);
                    return new Batch(x.slice(0, from, to), y == null ? null : y.slice(0, from, to));
                }
            };
        }
    }
}
