package dev.synapse.examples.lightning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The convolutional autoencoder on 1,500 MNIST digits (500 for validation), 2 epochs of batch 32. */
@NeedsData
class ConvolutionalAutoencoderTest {

    @Test
    void reconstructionLossFalls(@TempDir Path out) {
        ConvolutionalAutoencoder.Result r =
                ConvolutionalAutoencoder.run(Ci.settings(ConvolutionalAutoencoder.tutorial(), out, 1500, 500, 32, 2));
        List<Double> train = r.history().get("train/loss");
        List<Double> val = r.history().get("val/loss");
        assertTrue(
                val.get(1) < 0.6 && val.get(1) < val.get(0) && train.get(1) < train.get(0),
                "train " + train + ", val " + val);
        assertEquals(
                1612 + 1609,
                r.model().parameters().stream().mapToLong(t -> t.size()).sum(),
                "1.6 K + 1.6 K parameters, as the tutorial's summary");
        assertArrayEquals(new int[] {500, 7, 7, 4}, r.codes().shape(), "7x7x4 codes");
        assertEquals(500, r.codes().labels().length);
    }
}
