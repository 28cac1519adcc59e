package dev.synapse.examples.seed004;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sparse autoencoder on 1,500 MNIST digits (500 for testing), 2 epochs of batch 32 (about 100 steps of
 * SGD at 0.001), then 1-NN on 100 training pictures as codes and as pixels. The tutorial's codes beat
 * pixels (0.743 against 0.700) after 150 epochs on all of MNIST, about 8,850 steps; at this budget the
 * L1 penalty has only begun to shape the codes, which score about 0.64 against 0.74 for pixels (and
 * 0.69 against 0.72 after 400 steps on 8,000 digits), so the test asks the codes to keep most of the
 * pixels' class information (within 0.15) and to be far above chance (0.1), which collapsed or broken
 * codes are not.
 */
class SparseAutoencoderTest {

    @Test
    void codesServeOneNearestNeighbourNearlyAsWellAsPixels(@TempDir Path out) {
        SparseAutoencoder.Result r = SparseAutoencoder.run(Ci.settings(SparseAutoencoder.tutorial(), out, 1500, 500, 32, 2));
        List<Double> val = r.history().get("val/loss");
        assertTrue(val.get(1) < val.get(0), "val/loss " + val);
        assertTrue(r.knnPixels() > 0.5 && r.knnPixels() < 0.95, "1-NN on 100 pictures' pixels " + r.knnPixels());
        assertTrue(r.knnCodes() > 0.5, "1-NN on codes " + r.knnCodes());
        assertTrue(r.knnCodes() >= r.knnPixels() - 0.15, "codes " + r.knnCodes() + " vs pixels " + r.knnPixels());
    }
}
