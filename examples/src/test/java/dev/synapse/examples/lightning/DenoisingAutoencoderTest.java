package dev.synapse.examples.lightning;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The denoising autoencoder on 1,500 MNIST digits (500 for validation), 2 epochs of batch 32. */
@NeedsData
class DenoisingAutoencoderTest {

    @Test
    void learnsToRemoveTheNoise(@TempDir Path out) {
        DenoisingAutoencoder.Result r =
                DenoisingAutoencoder.run(Ci.settings(DenoisingAutoencoder.tutorial(), out, 1500, 500, 32, 2), false);
        List<Double> val = r.history().get("val/loss");
        // Measured against the clean picture, from noisy inputs (noise of standard deviation 0.5).
        assertTrue(val.get(1) < 0.7 && val.get(1) < val.get(0), "val/loss " + val);
    }
}
