package dev.synapse.examples.lightning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsData;
import dev.synapse.train.tensorboard.EventFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fully connected autoencoder on 2,000 MNIST digits (500 for validation), 5 epochs of batch 32. */
@NeedsData
class FullyConnectedAutoencoderTest {

    @Test
    void reconstructionLossFallsAndCodesCompress(@TempDir Path out) throws Exception {
        FullyConnectedAutoencoder.Result r =
                FullyConnectedAutoencoder.run(Ci.settings(FullyConnectedAutoencoder.tutorial(), out, 2000, 500, 32, 5));
        List<Double> val = r.history().get("val/loss");
        // An untrained decoder leaves about the pictures' own mean square (1 after normalization).
        assertTrue(val.get(4) < 0.75 && val.get(4) < val.get(0), "val/loss " + val);
        assertArrayEquals(new int[] {500, 128}, r.codes().shape());
        assertEquals(500 * 784, r.imageBytes());
        assertEquals(500 * 128 * 4, r.codeBytes());
        assertEquals(
                "34.69", String.format(java.util.Locale.ROOT, "%.2f", r.compressionPercent()), "the tutorial's ratio");
        List<Path> events = Ci.eventFiles(out.resolve("tb_logs").resolve("autoencoder"));
        assertFalse(events.isEmpty());
        // add_image after each validation epoch: the input and generated grids, 10 columns of 28-pixel pictures.
        Map<String, Integer> images = new TreeMap<>();
        for (EventFileReader.Event e : EventFileReader.read(events.get(0))) {
            for (EventFileReader.Value v : e.values()) {
                if (v.image() != null) {
                    images.merge(v.tag(), 1, Integer::sum);
                    assertTrue(
                            v.image().width() >= 10 * 28 && v.image().height() >= 28,
                            v.tag() + " " + v.image().width());
                }
            }
        }
        assertEquals(Map.of("generated_images", 5, "input_images", 5), images, "one grid of each per epoch");
        assertTrue(
                Files.isRegularFile(out.resolve("input_images.png")) && Files.isRegularFile(out.resolve("tsne.png")));
    }
}
