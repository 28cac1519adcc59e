package dev.synapse.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.data.TensorDataset;
import org.junit.jupiter.api.Test;

class GeneratorsTest {

    @Test
    void randomLabelsAreBalancedAndIndependent() {
        TensorDataset d = Generators.randomLabels(10_000, 3, 1);
        assertArrayEquals(new int[] {10_000, 3}, d.features().dims());
        assertArrayEquals(new int[] {10_000, 1}, d.labels().dims());
        float[] x = d.features().toFloatArray();
        float[] y = d.labels().toFloatArray();
        double ones = 0;
        for (float v : y) {
            assertTrue(v == 0 || v == 1);
            ones += v;
        }
        assertEquals(0.5, ones / y.length, 0.03);
        for (float v : x) {
            assertTrue(v >= 0 && v < 1);
        }
        assertArrayEquals(x, Generators.randomLabels(10_000, 3, 1).features().toFloatArray());
    }

    @Test
    void xorLabelsFollowTheSigns() {
        TensorDataset d = Generators.xor(1000, 3, 2);
        float[] x = d.features().toFloatArray();
        float[] y = d.labels().toFloatArray();
        for (int i = 0; i < 1000; i++) {
            boolean odd = (x[3 * i] > 0) ^ (x[3 * i + 1] > 0) ^ (x[3 * i + 2] > 0);
            assertEquals(odd ? 1f : 0f, y[i]);
            for (int f = 0; f < 3; f++) {
                assertTrue(x[3 * i + f] >= -0.5 && x[3 * i + f] < 0.5);
            }
        }
    }
}
