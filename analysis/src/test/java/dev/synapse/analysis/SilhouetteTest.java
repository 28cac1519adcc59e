package dev.synapse.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SilhouetteTest {
    @Test
    void handComputed() {
        // Points 0, 1 (class 0) and 4, 6 (class 1) on a line.
        // s(0): a = 1, b = (4 + 6) / 2 = 5 -> 0.8;  s(1): a = 1, b = (3 + 5) / 2 = 4 -> 0.75
        // s(4): a = 2, b = (4 + 3) / 2 = 3.5 -> 1 - 2/3.5;  s(6): a = 2, b = (6 + 5) / 2 = 5.5 -> 1 - 2/5.5
        double[][] x = {{0}, {1}, {4}, {6}};
        int[] y = {0, 0, 1, 1};
        double want = (0.8 + 0.75 + (1 - 2 / 3.5) + (1 - 2 / 5.5)) / 4;
        assertEquals(want, Silhouette.score(x, y), 1e-12);
    }
}
