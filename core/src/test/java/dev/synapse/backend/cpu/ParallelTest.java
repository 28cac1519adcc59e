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
    void reductionsMakeAsManyPartsAsTheLoopHasPiecesButNoneTooSmall() {
        int pieces = Parallel.threads() == 1 ? 1 : Parallel.threads() * 4;
        assertEquals(pieces, Parallel.parts(1_000_000, 64));
        assertEquals(Math.min(pieces, 3), Parallel.parts(200, 64)); // three parts of at least 64 units
        assertEquals(1, Parallel.parts(10, 64));
        assertEquals(1, Parallel.parts(0, 64));
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

    /** Threads that call in at once all finish, each index once: one of them uses the workers, the others run inline. */
    @Test
    void concurrentCallersEachRunTheirWholeLoop() throws InterruptedException {
        int callers = 4;
        int n = 20_000;
        AtomicIntegerArray hits = new AtomicIntegerArray(callers * n);
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int base = c * n;
            threads[c] = new Thread(() -> {
                for (int rep = 0; rep < 50; rep++) {
                    Parallel.forRange(n, 16, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(base + i);
                        }
                    });
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        for (int i = 0; i < callers * n; i++) {
            assertEquals(50, hits.get(i), "index " + i);
        }
    }

    /** An error in a worker's share (not only a runtime exception) reaches the caller, and the pool keeps working. */
    @Test
    void errorsInWorkersReachTheCallerAndThePoolGoesOn() {
        if (Parallel.threads() < 2) {
            return;
        }
        assertThrows(
                AssertionError.class,
                () -> Parallel.forRange(100, 1, (from, to) -> {
                    if (from > 0) {
                        throw new AssertionError("worker share failed");
                    }
                }));
        AtomicIntegerArray hits = new AtomicIntegerArray(100);
        Parallel.forRange(100, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 100; i++) {
            assertEquals(1, hits.get(i));
        }
    }
}
