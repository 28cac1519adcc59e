package dev.synapse.examples.digits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.datasets.Digits;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.DType;
import dev.synapse.testing.Slow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 001's 64-100-10 tanh network under {@code mixed_bfloat16} and {@code mixed_float16} (trained through the
 * loss-scale optimizer fit adds): the same seed and epochs reach the float32 test accuracy within 0.01, with half
 * activations and float32 weights.
 */
@Slow
class DigitsMixedPrecisionTest {
    @AfterEach
    void restore() {
        Synapse.setGlobalPolicy("float32");
    }

    private static double testAccuracy(DigitsMlp.Data d, DigitsMlp.Settings s) {
        Synapse.setSeed(s.seed());
        Sequential m = DigitsMlp.tanhNet(Initializers::glorotUniform);
        m.compile(new SGD(0.1), "categorical_crossentropy", "accuracy");
        DigitsMlp.fitWithSplit(m, d, s, 0);
        assertEquals(DType.FLOAT32, m.weights().get(0).value().dtype());
        return m.evaluate(d.xTest(), d.yTestOneHot()).get("accuracy");
    }

    @Test
    void mixedBfloat16MatchesFloat32Accuracy() {
        DigitsMlp.Settings s =
                DigitsMlp.Settings.tutorial().withOut(Path.of("unused")).quick(List.of());
        DigitsMlp.Data d = DigitsMlp.prepare(Digits.load(), s.seed());
        double float32 = testAccuracy(d, s);
        Synapse.setGlobalPolicy("mixed_bfloat16");
        Sequential probe = DigitsMlp.tanhNet(Initializers::glorotUniform);
        assertEquals(DType.BFLOAT16, probe.layers().get(0).apply(d.xTest()).dtype(), "hidden layer computes in bf16");
        double bf16 = testAccuracy(d, s);
        System.out.printf("digits MLP test accuracy: float32 %.4f, mixed_bfloat16 %.4f%n", float32, bf16);
        assertTrue(float32 >= 0.95, "float32 accuracy " + float32);
        assertEquals(float32, bf16, 0.01, "mixed_bfloat16 " + bf16 + " vs float32 " + float32);
    }

    @Test
    void mixedFloat16TrainsThroughTheLossScaleOptimizerFitAdds() {
        DigitsMlp.Settings s =
                DigitsMlp.Settings.tutorial().withOut(Path.of("unused")).quick(List.of());
        DigitsMlp.Data d = DigitsMlp.prepare(Digits.load(), s.seed());
        double float32 = testAccuracy(d, s);
        Synapse.setGlobalPolicy("mixed_float16");
        double f16 = testAccuracy(d, s);
        System.out.printf("digits MLP test accuracy: float32 %.4f, mixed_float16 %.4f%n", float32, f16);
        assertEquals(float32, f16, 0.01, "mixed_float16 " + f16 + " vs float32 " + float32);
    }
}
