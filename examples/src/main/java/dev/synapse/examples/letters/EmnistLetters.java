package dev.synapse.examples.letters;

import dev.synapse.Synapse;
import dev.synapse.cli.Flags;
import dev.synapse.data.preprocessing.Categorical;
import dev.synapse.datasets.Split;
import dev.synapse.examples.letters.LettersData.Images;
import dev.synapse.examples.letters.LettersModels.ConvModel;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.Weight;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.callbacks.EarlyStopping;
import dev.synapse.train.keras.Fit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Seed 000, "Caricamento dataset delle lettere" to "Performance sul test set": EMNIST letters
 * classified by the dummy MLP (Flatten, Dense 64 relu, Dense 26 softmax) and by the multi-branch
 * convolutional model, both trained with Adam on one-hot labels, batch 256, up to 100 epochs with a
 * 20% validation split and early stopping on {@code val_loss} (patience 3); then both models'
 * accuracy on the test set.
 *
 * <pre>{@code
 * ./synapse example emnist-letters [--dataset emnist|fashion] [--epochs 100] [--samples N]
 *     [--batch-size 256] [--out DIR]
 * }</pre>
 *
 * <p>Writes to {@code out/emnist-letters/}: {@code letters_samples.png} (nine training pictures),
 * {@code letters_histogram.png} (pictures per class), {@code model_dummy.png} and {@code model_conv.png}
 * ({@code plot_model}), and the conv model before and after training, {@code model_conv_random.synapse}
 * and {@code model_conv_trained.synapse} ({@code transfer-learning} and {@code autoencoder} start from
 * the latter with {@code --conv-model}).
 *
 * <p>The tutorial prints {@code sum(argmax(preds) == argmax(labels))} as the accuracy, with
 * {@code argmax} over the flattened arrays (one comparison of two numbers, and a misspelt variable);
 * this program prints what that line means: the fraction of test pictures whose most probable class
 * is the right one.
 */
public final class EmnistLetters {
    private EmnistLetters() {}

    /**
     * What the program does.
     *
     * @param dataset {@code emnist} (the tutorial's letters) or {@code fashion} (Fashion-MNIST, the offline stand-in)
     * @param trainSamples the first this many training pictures (0: all, as the tutorial)
     * @param testSamples the first this many test pictures (0: all)
     * @param epochs the most epochs (100)
     * @param patience early stopping's patience on {@code val_loss} (3)
     * @param batchSize 256
     * @param seed {@code set_random_seed(1102)}
     * @param out the folder for pictures and model files
     * @param verbose {@code fit}'s verbosity (2: one line an epoch, as the tutorial; 0: quiet)
     */
    public record Settings(
            String dataset,
            int trainSamples,
            int testSamples,
            int epochs,
            int patience,
            int batchSize,
            long seed,
            Path out,
            int verbose) {
        /** The tutorial's settings on the given letters. */
        public static Settings tutorial(String dataset) {
            return new Settings(dataset, 0, 0, 100, 3, 256, 1102, Path.of("out", "emnist-letters"), 2);
        }

        /** These settings with other sample counts and epochs. */
        public Settings withBudget(int train, int test, int maxEpochs) {
            return new Settings(dataset, train, test, maxEpochs, patience, batchSize, seed, out, verbose);
        }

        /** These settings with another output folder and verbosity. */
        public Settings withOutput(Path folder, int verbosity) {
            return new Settings(
                    dataset, trainSamples, testSamples, epochs, patience, batchSize, seed, folder, verbosity);
        }
    }

    /**
     * The key figures.
     *
     * @param dummyAccuracy the dummy MLP's test accuracy
     * @param convAccuracy the conv model's test accuracy
     * @param dummyHistory the dummy MLP's training history
     * @param convHistory the conv model's training history
     * @param conv the trained conv model, with its input and latent layer (for transfer learning and the autoencoder)
     * @param classes the number of classes
     * @param files the pictures and model files written
     * @param seconds the wall time of the whole run
     */
    public record Result(
            double dummyAccuracy,
            double convAccuracy,
            History dummyHistory,
            History convHistory,
            ConvModel conv,
            int classes,
            List<Path> files,
            double seconds) {}

    public static Result run(Settings s) {
        long start = System.nanoTime();
        LettersFiles.makeFolder(s.out());
        List<Path> files = new ArrayList<>();
        Images train = LettersData.letters(s.dataset(), Split.TRAIN).first(s.trainSamples());
        Images test = LettersData.letters(s.dataset(), Split.TEST).first(s.testSamples());
        int classes = train.numClasses();
        Tensor trainOneHot = Categorical.toCategorical(train.y(), classes);
        Tensor testOneHot = Categorical.toCategorical(test.y(), classes);
        System.out.println("Letters: " + train.name() + " and " + test.name());
        System.out.println("feature table shape = " + Arrays.toString(train.x().dims()));
        System.out.println("target vector shape = " + Arrays.toString(trainOneHot.dims()));
        System.out.println("feature table shape = " + Arrays.toString(test.x().dims()));
        System.out.println("target vector shape = " + Arrays.toString(testOneHot.dims()));
        System.out.println("training samples per class = " + Arrays.toString(train.classCounts()));
        files.add(LettersFiles.samples(train, s.out().resolve("letters_samples.png"), s.seed()));
        files.add(LettersFiles.histogram(train, s.out().resolve("letters_histogram.png")));

        // The dummy MLP.
        Synapse.setSeed(s.seed());
        Sequential dummy = LettersModels.dummy(new int[] {28, 28}, classes, 64);
        if (!dummy.isBuilt()) {
            dummy.buildFor(28, 28);
        }
        files.add(LettersFiles.plotModel(dummy, s.out().resolve("model_dummy.png")));
        for (Layer layer : dummy.layers()) {
            System.out.println("\n " + layer.name());
            for (Weight w : layer.weights()) {
                System.out.println(w.value());
            }
        }
        dummy.compile("adam", "categorical_crossentropy", "accuracy");
        History dummyHistory = dummy.fit(
                train.x(),
                trainOneHot,
                Fit.batchSize(s.batchSize())
                        .epochs(s.epochs())
                        .validationSplit(0.2)
                        .verbose(s.verbose())
                        .callbacks(new EarlyStopping("val_loss", s.patience())));

        // The convolutional model.
        Synapse.setSeed(s.seed());
        ConvModel conv = LettersModels.conv(classes);
        conv.model().compile("adam", "categorical_crossentropy");
        files.add(LettersFiles.plotModel(conv.model(), s.out().resolve("model_conv.png")));
        files.add(LettersFiles.save(conv.model(), s.out().resolve("model_conv_random.synapse")));
        History convHistory = conv.model()
                .fit(
                        train.x(),
                        trainOneHot,
                        Fit.batchSize(s.batchSize())
                                .epochs(s.epochs())
                                .validationSplit(0.2)
                                .verbose(s.verbose())
                                .callbacks(new EarlyStopping("val_loss", s.patience())));
        files.add(LettersFiles.save(conv.model(), s.out().resolve("model_conv_trained.synapse")));

        // Performance on the test set.
        double dummyAccuracy = LettersData.accuracy(dummy.predict(test.x()), test.y());
        System.out.printf(Locale.ROOT, "Dummy model accuracy = %.4f%n", dummyAccuracy);
        double convAccuracy = LettersData.accuracy(conv.model().predict(test.x()), test.y());
        System.out.printf(Locale.ROOT, "Conv model accuracy = %.4f%n", convAccuracy);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "(%.0f s) files: %s%n", seconds, files);
        return new Result(
                dummyAccuracy, convAccuracy, dummyHistory, convHistory, conv, classes, List.copyOf(files), seconds);
    }

    /** Reads the letters flags shared by the programs that start from the letters' conv model. */
    static Settings lettersSettings(Flags f, Path out) {
        Settings t = Settings.tutorial("emnist");
        return new Settings(
                f.choice(
                        "dataset",
                        "emnist",
                        "the letters; offline: fashion, npm-digits or npm-0-4 (see LettersData)",
                        LettersData.LETTER_SOURCES),
                f.integer("samples", 0, 0, "training letters to use, 0 for all"),
                f.integer("test-samples", 0, 0, "test letters to use, 0 for all"),
                f.integer("epochs", t.epochs(), 0, "most epochs of each fit on the letters"),
                t.patience(),
                f.integer(
                        "batch-size",
                        t.batchSize(),
                        1,
                        "letters per batch; on a few thousand letters a smaller one"
                                + " (16) gives BatchNormalization enough steps to settle its statistics"),
                t.seed(),
                out,
                t.verbose());
    }

    public static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse example emnist-letters",
                "Seed 000: a dummy MLP and the multi-branch conv model on EMNIST letters.",
                args);
        Settings s = lettersSettings(
                f, f.path("out", Path.of("out", "emnist-letters"), "folder for the pictures and models"));
        f.done();
        run(s);
    }
}
