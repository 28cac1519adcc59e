package dev.synapse.examples.kerasintro;

import dev.synapse.Synapse;
import dev.synapse.analysis.PCA;
import dev.synapse.cli.Flags;
import dev.synapse.data.TensorDataset;
import dev.synapse.datasets.Generators;
import dev.synapse.losses.Losses;
import dev.synapse.metrics.Metrics;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Dense;
import dev.synapse.optim.Adam;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.Optimizers;
import dev.synapse.optim.RMSprop;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.keras.Fit;
import dev.synapse.viz.LearningCurves;
import dev.synapse.viz.PlotModel;
import dev.synapse.viz.ScatterChart;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Seed 003, "Intro to Keras, Tensorflow and advanced NN", as a program ({@code ./synapse example keras-intro}):
 * a {@link Sequential} built layer by layer with its summaries, the model diagram, the catalogue of
 * losses, metrics and optimizers, then the same small network trained on random data (nothing to learn:
 * accuracy stays near 0.5) and on XOR data (learnable: accuracy climbs), with learning curves and a PCA
 * of the XOR data.
 *
 * <p>Flags: {@code --out DIR} (default {@code out/keras-intro}), {@code --epochs N} (the tutorial's 10),
 * {@code --samples N} (10,000), {@code --batch-size N} (32), {@code --seed S}; {@code --help} lists them.
 */
public final class KerasIntro {

    /** What a run does: the tutorial's settings by default; tests shrink them. */
    public record Settings(
            Path out,
            int samples,
            int epochs,
            int batchSize,
            long seed,
            int verbose,
            boolean catalogue,
            boolean sigmoid) {
        /** The tutorial's: 10,000 samples, 10 epochs of batch 32, 10% held out for validation. */
        public static Settings tutorial() {
            return new Settings(Path.of("out", "keras-intro"), 10_000, 10, 32, 2024, 1, true, true);
        }

        public Settings withEpochs(int n) {
            return new Settings(out, samples, n, batchSize, seed, verbose, catalogue, sigmoid);
        }

        public Settings withOut(Path dir) {
            return new Settings(dir, samples, epochs, batchSize, seed, verbose, catalogue, sigmoid);
        }

        /** Silent, without the catalogue and without the sigmoid variants (the tanh runs are the plotted ones). */
        public Settings quiet() {
            return new Settings(out, samples, epochs, batchSize, seed, 0, false, false);
        }

        /** The flags of {@code args} over the tutorial's settings. */
        static Settings parse(String[] args) {
            Flags f = Flags.parse(
                    "./synapse example keras-intro",
                    "Seed 003: Sequential, summary, compile, and a small network on random and on XOR data.",
                    args);
            Settings t = tutorial();
            Settings s = new Settings(
                    f.path("out", t.out, "folder for the pictures"),
                    f.integer("samples", t.samples, 1, "samples of the random and the XOR data"),
                    f.integer("epochs", t.epochs, 0, "training epochs"),
                    f.integer("batch-size", t.batchSize, 1, "samples per batch"),
                    f.longInteger("seed", t.seed, "random seed"),
                    t.verbose,
                    t.catalogue,
                    t.sigmoid);
            f.done();
            return s;
        }
    }

    /**
     * The run's key figures: the histories of the tanh network on random and on XOR data (the
     * tutorial's two plotted runs), of the sigmoid network on both (null when skipped), and the
     * parameter counts of the three summaries.
     */
    public record Result(
            History randomSigmoid, History random, History xor, History xorSigmoid, long[] summaryParams) {}

    private KerasIntro() {}

    public static void main(String[] args) {
        run(Settings.parse(args));
    }

    /** The 3-4-3-2 network of the tutorial's training cells, with {@code activation} in the hidden layers. */
    static Sequential smallNet(String activation) {
        return new Sequential(
                new Dense(4, activation).withInputShape(3), new Dense(3, activation), new Dense(2, "softmax"));
    }

    public static Result run(Settings s) {
        Synapse.setSeed(s.seed());
        long[] params = new long[3];

        // ---- A neural network in Keras is called a Model ---------------------------------------------
        Sequential model = new Sequential();
        model.add(new Dense(3, "relu").withInputShape(3));
        model.add(new Dense(2, "softmax"));
        if (s.verbose() > 0) {
            model.summary();
        }
        params[0] = model.countParams();
        System.out.println("Parameters per layer: "
                + model.layers().stream().map(l -> l.countParams()).toList()
                + " (3 inputs x 3 units + 3 biases = 12; 3 x 2 + 2 = 8)");

        model.add(new Dense(2, (String) null));
        if (s.verbose() > 0) {
            model.summary();
        }
        params[1] = model.countParams();

        model = new Sequential(
                new Dense(3, "relu").withInputShape(3), new Dense(2, "softmax"), new Dense(2, (String) null));
        if (s.verbose() > 0) {
            model.summary();
        }
        params[2] = model.countParams();
        System.out.println("plot_model -> "
                + PlotModel.of(model).showShapes(true).save(s.out().resolve("simplenet_model.png")));

        // ---- Compiling a model ------------------------------------------------------------------------
        model.compile("rmsprop", "sparse_categorical_crossentropy", "accuracy");
        System.out.println(
                "model.optimizer.get_config(): " + describe(model.compiled().optimizer()));
        if (s.catalogue()) {
            printCatalogue();
        }
        model.compile(new RMSprop(1.0), "sparse_categorical_crossentropy", "accuracy", "recall");
        System.out.println("compiled with " + describe(model.compiled().optimizer()) + ", metrics "
                + model.compiled().metrics().stream().map(m -> m.name()).toList());

        // ---- Random data: nothing to learn ------------------------------------------------------------
        TensorDataset random = Generators.randomLabels(s.samples(), 3, s.seed());
        System.out.println("The first 10 samples (three features, then the label):");
        printRows(random.features(), random.labels(), 10);

        History randomSigmoid = s.sigmoid() ? train(smallNet("sigmoid"), random, s, "random data, sigmoid") : null;
        History randomTanh = train(smallNet("tanh"), random, s, "random data, tanh");
        System.out.printf(
                Locale.ROOT,
                "Random labels: val_accuracy %.4f, the model didn't learn anything, which makes sense%n",
                randomTanh.last("val_accuracy"));
        System.out.println("learning curves -> "
                + LearningCurves.of(randomTanh)
                        .title("random data: model accuracy and loss")
                        .save(s.out().resolve("random_learning_curves.png")));

        // ---- XOR data: something to learn -------------------------------------------------------------
        TensorDataset xor = Generators.xor(s.samples(), 3, s.seed() + 1);
        float[] x = xor.features().toFloatArray();
        float[] y = xor.labels().toFloatArray();
        for (int i = 0; i < 3; i++) {
            System.out.printf(
                    Locale.ROOT, "% .2f xor % .2f xor % .2f equals %.1f%n", x[3 * i], x[3 * i + 1], x[3 * i + 2], y[i]);
        }
        Tensor xorLabels = xor.labels().reshape(xor.labels().dim(0));
        Tensor transformed = new PCA(2).fitTransform(xor.features());
        System.out.println("PCA scatter -> "
                + ScatterChart.byClass("XOR data, PCA to two components", transformed, xorLabels)
                        .classNames("0", "1")
                        .axisLabels("PC 1", "PC 2")
                        .save(s.out().resolve("xor_pca.png")));

        History xorTanh = train(smallNet("tanh"), xor, s, "XOR data, tanh");
        System.out.printf(
                Locale.ROOT,
                "XOR: val_accuracy %.4f (random labels: %.4f), better than random!%n",
                xorTanh.last("val_accuracy"),
                randomTanh.last("val_accuracy"));
        System.out.println("learning curves -> "
                + LearningCurves.of(xorTanh)
                        .title("XOR data: model accuracy and loss")
                        .save(s.out().resolve("xor_learning_curves.png")));

        History xorSigmoid = null;
        if (s.sigmoid()) {
            xorSigmoid = train(smallNet("sigmoid"), xor, s, "XOR data, sigmoid (the exercise)");
            System.out.printf(
                    Locale.ROOT,
                    "Exercise, sigmoid instead of tanh: XOR val_accuracy %.4f%n",
                    xorSigmoid.last("val_accuracy"));
        }
        return new Result(randomSigmoid, randomTanh, xorTanh, xorSigmoid, params);
    }

    private static History train(Sequential net, TensorDataset data, Settings s, String what) {
        System.out.println(
                "Training on " + what + ": " + s.epochs() + " epochs, batch " + s.batchSize() + ", 10% for validation");
        net.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return net.fit(
                data.features(),
                data.labels(),
                Fit.batchSize(s.batchSize())
                        .epochs(s.epochs())
                        .validationSplit(0.1)
                        .verbose(s.verbose()));
    }

    /** Keras's {@code optimizer.get_config()}: the name and the options where the optimizer has an options record. */
    static String describe(Optimizer o) {
        String options = switch (o) {
            case SGD sgd -> sgd.options().toString();
            case Adam adam -> adam.options().toString();
            default -> String.format(Locale.ROOT, "[learningRate=%s]", o.learningRate());
        };
        return o.name() + " " + options;
    }

    /** The tutorial's lists of losses, metrics and optimizers, each made from its Keras name. */
    static void printCatalogue() {
        System.out.println("Losses (https://keras.io/api/losses/):");
        for (String name : List.of(
                "categorical_crossentropy",
                "sparse_categorical_crossentropy",
                "kl_divergence",
                "mean_squared_error",
                "mean_absolute_error")) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-32s %s%n",
                    name,
                    Losses.get(name).getClass().getSimpleName());
        }
        System.out.println("Metrics (https://keras.io/api/metrics/):");
        for (String name : List.of(
                "accuracy",
                "categorical_accuracy",
                "sparse_categorical_accuracy",
                "precision",
                "recall",
                "auc",
                "mean_squared_error",
                "mean_absolute_error")) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-32s %s%n",
                    name,
                    Metrics.get(name).getClass().getSimpleName());
        }
        System.out.println("  (cross-entropies as metrics: the losses above, reported with the loss)");
        System.out.println("Optimizers (https://keras.io/api/optimizers/):");
        for (String name : List.of("sgd", "rmsprop", "adadelta", "adam")) {
            System.out.printf(Locale.ROOT, "  %-32s %s%n", name, describe(Optimizers.get(name)));
        }
    }

    private static void printRows(Tensor features, Tensor labels, int rows) {
        float[] x = features.toFloatArray();
        float[] y = labels.toFloatArray();
        int f = features.dim(1);
        for (int i = 0; i < rows; i++) {
            StringBuilder sb = new StringBuilder("[");
            for (int j = 0; j < f; j++) {
                sb.append(String.format(Locale.ROOT, "%.8f ", x[i * f + j]));
            }
            sb.append(String.format(Locale.ROOT, "%.8f]", y[i]));
            System.out.println(sb);
        }
    }
}
