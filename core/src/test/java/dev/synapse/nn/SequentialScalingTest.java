package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.nn.layers.ReLU;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sequential of 20,000 layers is put together, saved and loaded whole. Each added layer extends the
 * graph by one node instead of walking it again; how the time grows is measured by
 * {@code ./synapse bench build}. The timeout only stops a run that hangs: the former cubic walk took
 * 16 s for 4,000 layers and would take hours here.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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

    @Test
    void twentyThousandWeightlessLayersAddSaveAndLoad() throws IOException {
        Sequential model = stack(LAYERS);
        assertEquals(LAYERS, model.layers().size());
        assertEquals(LAYERS, model.graphNodes().size());

        Path file = dir.resolve("deep.keras");
        model.save(file);
        Names.clearSession();
        Model loaded = Model.load(file);

        assertEquals(LAYERS, loaded.layers().size());
        Tensor x = Tensor.of(new float[] {-1, 2, -3, 4}).reshape(1, 4);
        assertEquals(List.of(0.0, 2.0, 0.0, 4.0), toList(loaded.apply(x)));
    }

    private static List<Double> toList(Tensor t) {
        List<Double> out = new ArrayList<>();
        for (double v : t.toDoubleArray()) {
            out.add(v);
        }
        return out;
    }
}
