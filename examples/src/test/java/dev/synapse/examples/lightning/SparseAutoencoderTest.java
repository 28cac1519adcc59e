package dev.synapse.examples.lightning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsData;
import dev.synapse.testing.Slow;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sparse autoencoder on 1,500 MNIST digits (500 for testing), 2 epochs of batch 32 (about 100 steps of
 * SGD at 0.001), then 1-NN on 100 training pictures as codes and as pixels. The tutorial's codes beat
 * pixels (0.743 against 0.700, one draw of 100) after 150 epochs on all of MNIST, about 8,850 steps; at
 * this budget the L1 penalty has only begun to shape the codes. Over the program's 20 further draws of
 * 100 pictures the codes scored 0.585 +- 0.031 and the pixels 0.652 +- 0.025 (one draw alone: 0.532 and
 * 0.602). So the test asks, of the mean over the 20 draws, that the codes keep most of the pixels'
 * class information (within 0.15) and stay far above chance (0.1), which collapsed or broken codes do
 * not. These margins were chosen after seeing the figures above; a full run is where codes should beat
 * pixels.
 */
@NeedsData
@Slow
class SparseAutoencoderTest {

    @Test
    void codesServeOneNearestNeighbourNearlyAsWellAsPixels(@TempDir Path out) {
        SparseAutoencoder.Result r =
                SparseAutoencoder.run(Ci.settings(SparseAutoencoder.tutorial(), out, 1500, 500, 32, 2));
        List<Double> val = r.history().get("val/loss");
        assertTrue(val.get(1) < val.get(0), "val/loss " + val);
        assertEquals(20, r.drawsCodes().length);
        double codes = Arrays.stream(r.drawsCodes()).average().orElseThrow();
        double pixels = Arrays.stream(r.drawsPixels()).average().orElseThrow();
        assertTrue(pixels > 0.5 && pixels < 0.95, "1-NN on 100 pictures' pixels, mean of 20 draws " + pixels);
        assertTrue(codes > 0.5, "1-NN on codes, mean of 20 draws " + codes);
        assertTrue(codes >= pixels - 0.15, "codes " + codes + " vs pixels " + pixels);
    }
}
