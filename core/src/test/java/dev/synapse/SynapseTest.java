package dev.synapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class SynapseTest {
    @Test
    void parallelForVisitsEveryIterationExactlyOnce() {
        int n = 10_007;
        AtomicIntegerArray visits = new AtomicIntegerArray(n);
        Synapse.parallelFor(n, 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                visits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, visits.get(i), "iteration " + i);
        }
        assertTrue(Synapse.numThreads() >= 1);
    }

    @Test
    void aRangeThatThrowsFailsTheLoop() {
        var e = assertThrows(
                IllegalStateException.class,
                () -> Synapse.parallelFor(1000, 1, (from, to) -> {
                    if (from <= 500 && 500 < to) {
                        throw new IllegalStateException("range holding 500");
                    }
                }));
        assertEquals("range holding 500", e.getMessage());
    }
}
