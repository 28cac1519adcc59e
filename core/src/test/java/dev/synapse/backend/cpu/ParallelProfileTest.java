package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synapse.Synapse;
import dev.synapse.autograd.ProfileEvent.Kind;
import dev.synapse.autograd.ProfileRow;
import dev.synapse.autograd.Profiler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParallelProfileTest {

    @Test
    void dispatchAndJoinAreTimedApartFromTheWorkersShares() {
        assumeTrue(Parallel.threads() > 1, "needs a pool of at least two threads");
        AtomicLong covered = new AtomicLong();
        // Each piece waits until every thread has entered one, so each worker helps however late it starts.
        Set<Thread> entered = ConcurrentHashMap.newKeySet();
        CountDownLatch allEntered = new CountDownLatch(Parallel.threads());
        Profiler prof = Synapse.profile();
        try (prof) {
            Parallel.forRange(1000, 1, (from, to) -> {
                if (entered.add(Thread.currentThread())) {
                    allEntered.countDown();
                }
                try {
                    allEntered.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                covered.addAndGet(to - from);
            });
        }
        assertEquals(Parallel.threads(), entered.size(), "every thread ran a piece");
        assertEquals(1000, covered.get());
        for (String name : new String[] {"parallel submit", "parallel join"}) {
            ProfileRow row = prof.keyAverages().stream()
                    .filter(r -> r.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            assertEquals(Kind.DISPATCH, row.kind());
            assertEquals(1, row.calls(), name);
        }
        assertEquals(Parallel.threads() - 1, prof.pool().tasks(), "each worker reports its help once");
        assertTrue(prof.pool().busyNanos() > 0);
        assertTrue(prof.summary().contains("Thread pool: " + (Parallel.threads() - 1) + " tasks"), prof.summary());
    }
}
