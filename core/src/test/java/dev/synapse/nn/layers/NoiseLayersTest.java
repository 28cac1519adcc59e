package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.LayerHarness;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NoiseLayersTest {
    static List<LayerHarness.Case> harnessCases() {
        return List.of(
                LayerHarness.of(() -> new Dropout(0.3), 3, 4).training(),
                LayerHarness.of(() -> new Dropout(0.5, new int[] {-1, 1}, null), 4, 6)
                        .training(),
                LayerHarness.of(() -> new Dropout(0.5, new int[] {-1, 1}, 4L), 4, 6),
                LayerHarness.of(() -> new GaussianNoise(0.1), 3, 4).training(),
                LayerHarness.of(() -> new Dropout(0.0), 2, 3).training(),
                LayerHarness.of(() -> new GaussianNoise(0.1, 2L), 2, 3, 2));
    }

    @ParameterizedTest
    @MethodSource("harnessCases")
    void passesTheLayerHarness(LayerHarness.Case c) {
        c.check();
    }

    @Test
    void dropoutScalesKeptValuesAndIsTheIdentityInInference() {
        Tensor x = Tensor.ones(1000);
        Dropout d = new Dropout(0.25);
        assertSame(x, d.apply(x));
        Synapse.setSeed(1);
        double[] y = d.apply(x, true).toDoubleArray();
        long zeros = Arrays.stream(y).filter(v -> v == 0).count();
        assertTrue(Arrays.stream(y).allMatch(v -> v == 0 || Math.abs(v - 4.0 / 3) < 1e-6));
        assertTrue(zeros > 200 && zeros < 300, "zeros " + zeros);
        Synapse.setSeed(1);
        assertArrayEquals(y, d.apply(x, true).toDoubleArray());
        Dropout shared = new Dropout(0.5, new int[] {-1, 1}, 7L);
        double[] s = shared.apply(Tensor.ones(4, 6), true).toDoubleArray();
        for (int r = 0; r < 4; r++) {
            for (int c = 1; c < 6; c++) {
                assertEquals(s[r * 6], s[r * 6 + c]);
            }
        }
    }

    @Test
    void gaussianNoiseOnlyInTrainingAndSeeded() {
        Tensor x = Tensor.zeros(5000);
        GaussianNoise g = new GaussianNoise(0.5, 42L);
        assertSame(x, g.apply(x));
        double[] n = g.apply(x, true).toDoubleArray();
        double mean = Arrays.stream(n).average().orElseThrow();
        double sd = Math.sqrt(
                Arrays.stream(n).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
        assertEquals(0.5, sd, 0.03);
        double[] again = new GaussianNoise(0.5, 42L).apply(x, true).toDoubleArray();
        assertArrayEquals(n, again);
        assertFalse(Arrays.equals(n, g.apply(x, true).toDoubleArray()));
    }
}
