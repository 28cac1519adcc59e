package dev.synapse.examples.letters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import dev.synapse.testing.NeedsData;
import dev.synapse.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ./synapse example autoencoder} offline, on the conv model of {@link DigitsPretraining}: the
 * first 1,024 of its source pictures stand in for the letters, 60 digits of the npm package's other
 * half for the digits; 4 alternations instead of 20, with the tutorial's batch sizes and optimizer.
 */
@NeedsData
@Slow
class AutoencoderTest {
    @Test
    void theReconstructionLossFallsAndNoisyCodesDecodeToPictures() throws Exception {
        EmnistLetters.Settings letters = DigitsPretraining.SETTINGS.withBudget(1024, 0, 1);
        Autoencoder.Settings s = new Autoencoder.Settings(
                letters,
                "npm",
                60,
                4,
                1024,
                32,
                0.005,
                0.01,
                5,
                1102,
                Path.of("target", "seed000-test", "autoencoder"),
                0);
        Autoencoder.Result r = Autoencoder.run(s, DigitsPretraining.result().conv());
        assertEquals(96 * 32 + 32 + 32 * 64 + 64 + 64 * 784 + 784, r.trainable(), "bottleneck and decoder only");
        List<Double> letterLoss = r.lettersLoss();
        List<Double> digitVal = r.digitsValLoss();
        assertTrue(letterLoss.get(letterLoss.size() - 1) < 0.8 * letterLoss.get(0), "letters' loss " + letterLoss);
        assertTrue(digitVal.get(digitVal.size() - 1) < digitVal.get(0), "digits' validation loss " + digitVal);
        for (Autoencoder.Synthetic syn : List.of(r.letters(), r.digits())) {
            assertEquals(
                    List.of(5, 28, 28),
                    List.of(
                            syn.synthetic().dim(0),
                            syn.synthetic().dim(1),
                            syn.synthetic().dim(2)));
            Tensor d = syn.decoded();
            assertTrue(d.min().item() >= 0 && d.max().item() <= 1, "sigmoid output");
            assertTrue(syn.synthetic().max().item() <= 1.0);
            // Closer to its originals than a blank picture is.
            double blank = syn.originals().square().mean().item();
            assertTrue(syn.meanSquaredError() < blank, syn.meanSquaredError() + " vs blank " + blank);
        }
        assertEquals(
                List.of(s.out().resolve("synthetic_letters.png"), s.out().resolve("synthetic_digits.png")), r.files());
        for (Path p : r.files()) {
            assertTrue(Files.size(p) > 0, p.toString());
        }
    }
}
