package dev.synapse.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsData;
import dev.synapse.testing.NeedsSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-fashion program on a budget: 2 replicas in this JVM, 2,048 pictures, 8 steps of 256. */
@NeedsData
@NeedsSpark
class SparkFashionTest {
    @Test
    void trainsCheckpointsAndLogs(@TempDir Path dir) throws Exception {
        SparkFashion.Result r =
                SparkFashion.run(new SparkFashion.Settings("local[2]", 2, 1, 256, 4, 2_048, 500, dir, 1));
        assertEquals(8, r.stepLosses().size());
        // Ten classes: a model that learned nothing sits at ln 10 = 2.30; eight Adam steps bring it below 2.
        assertTrue(r.stepLosses().getLast() < 2.0, "last loss " + r.stepLosses().getLast());
        assertTrue(r.testAccuracy() > 0.4, "test accuracy " + r.testAccuracy());
        for (int step : new int[] {0, 4, 8}) {
            Path ckpt = dir.resolve("checkpoints").resolve(String.format("ckpt-%08d.synapse", step));
            assertTrue(Files.size(ckpt) > 0, ckpt.toString());
        }
        for (String run : new String[] {"train", "steps"}) {
            try (var files = Files.list(dir.resolve("logs").resolve(run))) {
                assertTrue(files.findAny().isPresent(), "no TensorBoard file in logs/" + run);
            }
        }
    }
}
