package dev.synapse.examples.digits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.Slow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 001's program on the shipped digits with the tutorial's epochs; for time, without the
 * learning-rate sweep and with the initializer comparison under SGD only.
 */
@Slow
class DigitsMlpTest {

    @Test
    void everyOptimizerReachesNinetyFivePercentAndZeroInitCannotLearn(@TempDir Path out) throws IOException {
        DigitsMlp.Result r =
                DigitsMlp.run(DigitsMlp.Settings.tutorial().withOut(out).quick(List.of("SGD")));

        List<Double> loss = r.sgd().get("loss");
        assertTrue(loss.get(loss.size() - 1) < loss.get(0) / 4, "SGD loss falls: " + loss);

        Map<String, Double> acc = r.testAccuracy();
        double sgd = acc.get("SGD");
        assertTrue(sgd >= 0.95, "SGD test accuracy " + sgd);
        // "At least as good": within one test image (1/360) of plain SGD.
        for (String o : List.of("SGD + momentum", "SGD + Nesterov momentum", "Adam")) {
            assertTrue(acc.get(o) >= sgd - 1.0 / 360, o + " " + acc.get(o) + " vs SGD " + sgd);
        }
        assertTrue(r.adamReluTestAccuracy() >= 0.95, "Adam, ReLU network: test accuracy " + r.adamReluTestAccuracy());

        Map<String, List<Double>> sgdInit = r.initLoss().get("SGD");
        // All-zero weights keep every hidden unit identical and at 0: the loss stays at ln 10.
        List<Double> zeros = sgdInit.get("zero init");
        assertEquals(Math.log(10), zeros.get(zeros.size() - 1), 0.02, "zeros: " + zeros);
        List<Double> glorot = sgdInit.get("glorot uniform init");
        assertTrue(glorot.get(glorot.size() - 1) < 0.3, "glorot: " + glorot);

        // Glorot uniform on 64x100: limit sqrt(6 / 164), standard deviation limit / sqrt(3) = 0.1104.
        assertEquals(Math.sqrt(6.0 / 164) / Math.sqrt(3), r.initStd().get("glorot uniform init"), 0.005);
        // Truncated at two standard deviations, a normal keeps 0.88 of its spread.
        double small = r.initStd().get("small init scale") / 1e-3;
        double large = r.initStd().get("large init scale");
        assertTrue(small > 0.84 && small < 1.01, "small init std / 1e-3 = " + small);
        assertTrue(large > 0.84 && large < 1.01, "large init std = " + large);
        assertEquals(0.0, r.initStd().get("zero init"));

        for (String png : java.util.List.of(
                "digit_42.png",
                "scaling_142.png",
                "learning_curves.png",
                "optimizers.png",
                "nesterov_learning_curves.png",
                "adam_learning_curves.png",
                "test_predictions.png",
                "truncated_normal_loss.png",
                "init_weights.png",
                "init_sgd.png")) {
            java.nio.file.Path f = out.resolve(png);
            org.junit.jupiter.api.Assertions.assertTrue(
                    java.nio.file.Files.isRegularFile(f) && f.toFile().length() > 1000, "picture " + f);
        }
        try (Stream<Path> files = Files.walk(r.tensorBoardDir())) {
            List<String> events = files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents"))
                    .map(p -> r.tensorBoardDir().relativize(p).getParent().toString())
                    .sorted()
                    .toList();
            assertEquals(List.of("train", "validation"), events, "one event file for training, one for validation");
        }
    }
}
