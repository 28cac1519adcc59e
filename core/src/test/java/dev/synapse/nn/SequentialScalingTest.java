package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.layers.ReLU;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Putting a Sequential together, from layers or from a file, takes time linear in its number of
 * layers: each added layer extends the graph by one node instead of walking it again.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a cubic build would run for hours
class SequentialScalingTest {
    private static final int LAYERS = 20_000;

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        Names.clearSession();
    }

    private static List<Layer> relus(int n) {
        List<Layer> ls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ls.add(new ReLU());
        }
        return ls;
    }

    private static Sequential stack(int n) {
        Sequential s = new Sequential(Input.of(4));
        for (Layer l : relus(n)) {
            s.add(l);
        }
        return s;
    }

    /** The fastest of three runs, in seconds: the least disturbed by other work on the machine. */
    private static double seconds(Runnable work) {
        double best = Double.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            Names.clearSession();
            long t0 = System.nanoTime();
            work.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    @Test
    void twentyThousandWeightlessLayersAddSaveAndLoadInSeconds() throws IOException {
        long t0 = System.nanoTime();
        Sequential model = stack(LAYERS);
        double addSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(LAYERS, model.layers().size());
        assertEquals(LAYERS, model.graphNodes().size());

        Path file = dir.resolve("deep.keras");
        model.save(file);
        Names.clearSession();
        long t1 = System.nanoTime();
        Model loaded = Model.load(file);
        double loadSeconds = (System.nanoTime() - t1) / 1e9;

        assertEquals(LAYERS, loaded.layers().size());
        Tensor x = Tensor.of(new float[] {-1, 2, -3, 4}).reshape(1, 4);
        assertEquals(List.of(0.0, 2.0, 0.0, 4.0), toList(loaded.apply(x)));
        // A cubic walk took 16 s for 4,000 such layers; linear building takes well under a second here.
        assertTrue(addSeconds < 3, "adding " + LAYERS + " layers took " + addSeconds + " s");
        assertTrue(loadSeconds < 5, "loading " + LAYERS + " layers took " + loadSeconds + " s");
    }

    @Test
    void buildTimeGrowsLinearlyWithTheNumberOfLayers() {
        stack(10_000); // warms the JIT up
        double small = seconds(() -> stack(1_250));
        double large = seconds(() -> stack(10_000));
        // Three doublings: linear time grows 8x, quadratic 64x, cubic 512x.
        assertTrue(
                large / small < 24,
                "8x the layers took " + large / small + "x the time (" + small + " s, " + large + " s)");

        Map<String, Object> smallConfig = configOf(1_250);
        Map<String, Object> largeConfig = configOf(10_000);
        Sequential.fromConfig(largeConfig);
        Names.clearSession();
        double smallLoad = seconds(() -> Sequential.fromConfig(smallConfig));
        double largeLoad = seconds(() -> Sequential.fromConfig(largeConfig));
        assertTrue(
                largeLoad / smallLoad < 24,
                "8x the layers took " + largeLoad / smallLoad + "x the time to rebuild (" + smallLoad + " s, "
                        + largeLoad + " s)");
    }

    private static Map<String, Object> configOf(int n) {
        Map<String, Object> c = stack(n).getConfig();
        Names.clearSession();
        return c;
    }

    private static List<Double> toList(Tensor t) {
        List<Double> out = new ArrayList<>();
        for (double v : t.toDoubleArray()) {
            out.add(v);
        }
        return out;
    }
}
