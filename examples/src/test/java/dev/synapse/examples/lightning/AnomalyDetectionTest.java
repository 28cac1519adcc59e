package dev.synapse.examples.lightning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import dev.synapse.testing.NeedsData;
import dev.synapse.testing.Slow;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anomaly detection with the convolutional autoencoder trained 3 epochs (batch 32) on 2,000 MNIST digits;
 * distances on those 2,000 and on as many Fashion-MNIST training pictures, then 1000 random checks drawn
 * from 500 test pictures of each (the tutorial: 98.3% of MNIST and 96.8% of Fashion-MNIST correct after
 * 150 epochs on all of MNIST).
 */
@NeedsData
@Slow
class AnomalyDetectionTest {

    @Test
    void fashionPicturesAreReconstructedWorseAndDetected(@TempDir Path out) {
        Settings s = Ci.settings(AnomalyDetection.tutorial(), out, 2000, 500, 32, 3);
        AnomalyDetection.Result r = AnomalyDetection.run(s);
        assertEquals(2000, r.normsMnist().length);
        assertEquals(2000, r.normsFashion().length, "as many Fashion-MNIST pictures as MNIST ones");
        // The autoencoder really reconstructs MNIST: its distances are well under the pictures' own norms
        // (what an autoencoder that outputs zeros would score).
        Tensor x = MnistData.mnist(s)
                .train()
                .images()
                .reshape(2000, 784)
                .sub(MnistData.MEAN)
                .div(MnistData.STD);
        double ownNorm = x.square().sum(1).sqrt().mean().item();
        assertTrue(
                r.meanMnist() < 0.6 * ownNorm, "MNIST distance " + r.meanMnist() + " vs the pictures' norm " + ownNorm);
        assertTrue(r.meanFashion() > r.meanMnist(), "mean distances " + r.meanFashion() + " vs " + r.meanMnist());
        assertTrue(r.mnistCorrect() > 80, "MNIST correct " + r.mnistCorrect() + "%");
        assertTrue(r.fashionCorrect() > 80, "Fashion-MNIST correct " + r.fashionCorrect() + "%");
    }
}
