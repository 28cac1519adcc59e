package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GlobalBatchesTest {
    @Test
    void anEpochsOrderIsASeededPermutation() {
        int[] a = GlobalBatches.order(1000, 3, 0);
        assertArrayEquals(a, GlobalBatches.order(1000, 3, 0));
        assertFalse(Arrays.equals(a, GlobalBatches.order(1000, 3, 1)), "epochs reshuffle");
        assertFalse(Arrays.equals(a, GlobalBatches.order(1000, 4, 0)), "seeds differ");
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        int[] pos = GlobalBatches.positions(a);
        for (int p = 0; p < a.length; p++) {
            assertEquals(p, pos[a[p]]);
        }
    }

    @Test
    void replicasTakeContiguousEqualShardsOfEachStep() {
        // Global batch 8 over 2 replicas: positions 0-3 and 8-11 to replica 0, 4-7 and 12-15 to replica 1.
        int[] expected = {0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1};
        for (int p = 0; p < expected.length; p++) {
            assertEquals(expected[p], GlobalBatches.replicaOf(p, 8, 2), "position " + p);
        }
        assertEquals(3, GlobalBatches.replicaOf(11, 12, 4));
    }
}
