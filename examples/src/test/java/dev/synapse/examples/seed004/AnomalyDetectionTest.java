package dev.synapse.examples.seed004;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anomaly detection with the convolutional autoencoder trained 2 epochs (batch 32) on 1,500 npm digits;
 * distances on 1,500 pictures of each training set, 1000 random checks drawn from 500 test pictures of
 * each (the tutorial: 98.3% of MNIST and 96.8% of Fashion-MNIST correct after 150 epochs on all of MNIST).
 */
class AnomalyDetectionTest {

    @Test
    void fashionPicturesAreReconstructedWorseAndDetected(@TempDir Path out) {
        AnomalyDetection.Result r = AnomalyDetection.run(Ci.settings(AnomalyDetection.tutorial(), out, 1500, 500, 32, 2));
        assertEquals(1500, r.normsMnist().length);
        assertEquals(1500, r.normsFashion().length);
        assertTrue(r.meanFashion() > 1.5 * r.meanMnist(), "mean distances " + r.meanFashion() + " vs " + r.meanMnist());
        assertTrue(r.mnistCorrect() > 80, "MNIST correct " + r.mnistCorrect() + "%");
        assertTrue(r.fashionCorrect() > 80, "Fashion-MNIST correct " + r.fashionCorrect() + "%");
    }
}
