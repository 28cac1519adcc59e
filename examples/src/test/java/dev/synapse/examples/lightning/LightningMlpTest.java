package dev.synapse.examples.lightning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsData;
import dev.synapse.testing.Slow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lightning MLP on the first 8,000 MNIST training digits (the first 2,000 test digits validate), 10 epochs instead
 * of
 * 150: about 320 SGD steps at 0.001, a little more than the tutorial's first epoch (235 steps), after
 * which the tutorial reports 0.72 accuracy.
 */
@NeedsData
@Slow
class LightningMlpTest {

    @Test
    void learnsAndValidatesOnAllPredictions(@TempDir Path out) throws Exception {
        LightningMlp.Result r = LightningMlp.run(Ci.settings(LightningMlp.tutorial(), out, 8000, 2000, 256, 10));
        List<Double> loss = r.history().get("train/loss");
        List<Double> acc = r.history().get("val/accuracy");
        assertEquals(10, loss.size());
        assertTrue(loss.get(9) < loss.get(0) - 0.3, "train/loss falls: " + loss);
        assertTrue(r.valAccuracy() > 0.6, "val/accuracy " + acc);
        assertTrue(acc.get(9) > acc.get(0), "val/accuracy rises: " + acc);
        // trainer.validate on the same model gives the last epoch's figure: one accuracy over all predictions.
        assertEquals(acc.get(9), r.valAccuracy(), 1e-12);
        assertEquals(Math.round(r.valAccuracy() * 2000) / 2000.0, r.valAccuracy(), 1e-12, "a count out of 2000");
        assertFalse(Ci.eventFiles(out.resolve("tb_logs").resolve("my_model")).isEmpty(), "TensorBoard event file");
    }
}
