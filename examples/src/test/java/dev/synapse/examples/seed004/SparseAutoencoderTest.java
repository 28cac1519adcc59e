package dev.synapse.examples.seed004;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sparse autoencoder on 1,500 npm digits (1,000 for testing), 2 epochs of batch 32, then 1-NN on 100
 * training pictures as codes and as pixels (the tutorial: 0.743 against 0.700 after 150 epochs on all of MNIST).
 */
class SparseAutoencoderTest {

    @Test
    void codesServeOneNearestNeighbourAtLeastAsWellAsPixels(@TempDir Path out) {
        SparseAutoencoder.Result r = SparseAutoencoder.run(Ci.settings(SparseAutoencoder.tutorial(), out, 1500, 1000, 32, 2));
        List<Double> val = r.history().get("val/loss");
        assertTrue(val.get(1) < val.get(0), "val/loss " + val);
        // 100 examples of 10 classes: far above chance (0.1) either way; the codes within a few points of pixels or better.
        assertTrue(r.knnPixels() > 0.5, "1-NN on pixels " + r.knnPixels());
        assertTrue(r.knnCodes() > 0.5, "1-NN on codes " + r.knnCodes());
        assertTrue(r.knnCodes() >= r.knnPixels() - 0.05, "codes " + r.knnCodes() + " vs pixels " + r.knnPixels());
    }
}
