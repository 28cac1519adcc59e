package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synapse.Synapse;
import dev.synapse.autograd.ProfileEvent.Kind;
import dev.synapse.autograd.ProfileRow;
import dev.synapse.autograd.Profiler;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParallelProfileTest {

    @Test
    void dispatchAndJoinAreTimedApartFromTheWorkersShares() {
        assumeTrue(Parallel.threads() > 1, "needs a pool of at least two threads");
        AtomicLong covered = new AtomicLong();
        Profiler prof = Synapse.profile();
        try (prof) {
            Parallel.forRange(1000, 1, (from, to) -> covered.addAndGet(to - from));
        }
        assertEquals(1000, covered.get());
        for (String name : new String[] {"parallel submit", "parallel join"}) {
            ProfileRow row = prof.keyAverages().stream()
                    .filter(r -> r.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            assertEquals(Kind.DISPATCH, row.kind());
            assertEquals(1, row.calls(), name);
        }
        assertEquals(Parallel.threads() - 1, prof.pool().tasks(), "the calling thread runs one share itself");
        assertTrue(prof.pool().busyNanos() > 0);
        assertTrue(prof.summary().contains("Thread pool: " + (Parallel.threads() - 1) + " tasks"), prof.summary());
    }
}
