package dev.synapse.examples.letters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.cli.Flags;
import dev.synapse.tensor.Tensor;
import dev.synapse.testing.NeedsData;
import dev.synapse.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ./synapse example emnist-letters} on Fashion-MNIST, since CI cannot download EMNIST: the same
 * program and models on the first 2,000 training pictures (1,600 after the validation split) and 1,000
 * test pictures, one epoch in batches of 16 (100 steps), instead of all letters in batches of 256 for
 * up to 100 epochs.
 */
class EmnistLettersTest {
    @Test
    void batchSizeFlagSetsTheLettersBatchAndDefaultsToTheTutorials() {
        Flags f = Flags.parse("./synapse example emnist-letters", "", new String[] {"--batch-size", "16"});
        EmnistLetters.Settings s = EmnistLetters.lettersSettings(f, Path.of("out"));
        f.done();
        assertEquals(16, s.batchSize());
        Flags none = Flags.parse("./synapse example emnist-letters", "", new String[0]);
        assertEquals(
                EmnistLetters.Settings.tutorial("emnist").batchSize(),
                EmnistLetters.lettersSettings(none, Path.of("out")).batchSize());
    }

    @Test
    @NeedsData
    @Slow
    void bothModelsLearnFashionFarAboveChance() throws Exception {
        EmnistLetters.Settings s = new EmnistLetters.Settings(
                "fashion", 2000, 1000, 1, 3, 16, 1102, Path.of("target", "seed000-test", "emnist-letters"), 0);
        EmnistLetters.Result r = EmnistLetters.run(s);
        assertEquals(10, r.classes());
        assertEquals(381_162, r.conv().model().countParams(), "the conv model's Keras parameter count for 10 classes");
        // Chance is 0.10; a linear model reaches about 0.75 on this budget.
        assertTrue(r.dummyAccuracy() > 0.5, "dummy test accuracy " + r.dummyAccuracy());
        assertTrue(r.convAccuracy() > 0.5, "conv test accuracy " + r.convAccuracy());
        assertTrue(r.convHistory().last("loss") < r.convHistory().get("loss").get(0)
                || r.convHistory().epochs().size() == 1);
        assertTrue(
                r.convHistory().last("loss") < Math.log(10),
                "conv training loss " + r.convHistory().get("loss"));

        Path out = s.out();
        for (String name : List.of(
                "letters_samples.png",
                "letters_histogram.png",
                "model_dummy.png",
                "model_conv.png",
                "model_conv_random.synapse",
                "model_conv_trained.synapse")) {
            assertTrue(r.files().contains(out.resolve(name)) && Files.size(out.resolve(name)) > 0, name);
        }
        // The trained model file is what transfer-learning and autoencoder load with --conv-model; the
        // random one holds the weights from before training.
        Tensor x = Tensor.rand(4, 28, 28);
        Tensor expected = r.conv().model().predict(x);
        LettersModels.ConvModel trained =
                LettersModels.ConvModel.of(LettersFiles.load(out.resolve("model_conv_trained.synapse")));
        assertEquals(96, trained.latent().shape()[1]);
        assertArrayEquals(expected.toFloatArray(), trained.model().predict(x).toFloatArray(), 1e-6f);
        Tensor random =
                LettersFiles.load(out.resolve("model_conv_random.synapse")).predict(x);
        assertTrue(random.sub(expected).abs().max().item() > 1e-3, "the random model differs from the trained one");
    }
}
