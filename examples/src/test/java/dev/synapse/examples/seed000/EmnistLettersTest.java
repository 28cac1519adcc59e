package dev.synapse.examples.seed000;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code ./synapse example emnist-letters} on Fashion-MNIST, since CI cannot download EMNIST: the same
 * program and models on the first 2,000 training pictures (1,600 after the validation split) and 1,000
 * test pictures, one epoch in batches of 16 (100 steps), instead of all letters in batches of 256 for
 * up to 100 epochs.
 */
class EmnistLettersTest {
    @Test
    void bothModelsLearnFashionFarAboveChance() {
        EmnistLetters.Settings s = new EmnistLetters.Settings("fashion", 2000, 1000, 1, 3, 16, 1102,
                Path.of("target", "seed000-test", "emnist-letters"), 0);
        EmnistLetters.Result r = EmnistLetters.run(s);
        assertEquals(10, r.classes());
        assertEquals(381_162, r.conv().model().countParams(), "the conv model's Keras parameter count for 10 classes");
        // Chance is 0.10; a linear model reaches about 0.75 on this budget.
        assertTrue(r.dummyAccuracy() > 0.5, "dummy test accuracy " + r.dummyAccuracy());
        assertTrue(r.convAccuracy() > 0.5, "conv test accuracy " + r.convAccuracy());
        assertTrue(r.convHistory().last("loss") < r.convHistory().get("loss").get(0) || r.convHistory().epochs().size() == 1);
        assertTrue(r.convHistory().last("loss") < Math.log(10), "conv training loss " + r.convHistory().get("loss"));
    }
}
