package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void everyIndexRunsOnceIncludingNestedLoops() {
        int n = 1000;
        AtomicIntegerArray hits = new AtomicIntegerArray(n * 10);
        Parallel.forRange(n, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = i;
                Parallel.forRange(10, 1, (f2, t2) -> {
                    for (int j = f2; j < t2; j++) {
                        hits.incrementAndGet(row * 10 + j);
                    }
                });
            }
        });
        for (int i = 0; i < n * 10; i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
    }

    @Test
    void failuresReachTheCaller() {
        assertThrows(
                IllegalStateException.class,
                () -> Parallel.forRange(100, 1, (from, to) -> {
                    if (to == 100) {
                        throw new IllegalStateException("boom");
                    }
                }));
    }
}
