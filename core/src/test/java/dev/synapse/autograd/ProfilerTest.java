package dev.synapse.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.autograd.ProfileEvent.Kind;
import dev.synapse.autograd.ProfileEvent.Phase;
import dev.synapse.backend.Backends;
import dev.synapse.internal.Profiling;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilerTest {
    private static final int N = 5;

    /** x [2, 3] through N matmuls by [3, 3] weights, all requiring gradients, summed; then backward. */
    private static void chainOfMatmuls() {
        Tensor y = Tensor.randn(2, 3).requiresGrad(true);
        for (int i = 0; i < N; i++) {
            y = y.matmul(Tensor.randn(3, 3).requiresGrad(true));
        }
        y.sum().backward();
    }

    private static long calls(List<ProfileRow> rows, String name, Kind kind, Phase phase) {
        return rows.stream()
                .filter(r -> r.name().equals(name) && r.kind() == kind && r.phase() == phase)
                .mapToLong(ProfileRow::calls)
                .sum();
    }

    @Test
    void countsEachOpItsBackwardAndItsKernelsExactly() {
        List<ProfileRow> rows;
        try (var prof = Synapse.profile()) {
            chainOfMatmuls();
            rows = prof.keyAverages();
        }
        assertEquals(N, calls(rows, "matmul", Kind.OP, Phase.FORWARD));
        assertEquals(N, calls(rows, "kernel matmul", Kind.KERNEL, Phase.FORWARD));
        assertEquals(N, calls(rows, "matmul backward", Kind.BACKWARD, Phase.BACKWARD));
        // Each backward function computes both operands' gradients with one matmul each.
        assertEquals(2 * N, calls(rows, "matmul", Kind.OP, Phase.BACKWARD));
        assertEquals(2 * N, calls(rows, "kernel matmul", Kind.KERNEL, Phase.BACKWARD));
        assertEquals(1, calls(rows, "sum backward", Kind.BACKWARD, Phase.BACKWARD));
        assertEquals(0, calls(rows, "matmul backward", Kind.BACKWARD, Phase.FORWARD));
    }

    @Test
    void selfTimeNeverExceedsTotalAndChildrenFitInTheirParent() {
        List<ProfileEvent> events;
        List<ProfileRow> rows;
        try (var prof = Synapse.profile()) {
            try (var _ = Profiler.range("step")) {
                chainOfMatmuls();
            }
            events = prof.events();
            rows = prof.keyAverages();
        }
        for (ProfileRow r : rows) {
            assertTrue(r.selfNanos() >= 0 && r.selfNanos() <= r.totalNanos(), r.toString());
        }
        ProfileEvent step = events.stream()
                .filter(e -> e.kind() == Kind.RANGE && e.name().equals("step"))
                .findFirst()
                .orElseThrow();
        assertEquals(0, step.depth());
        long childTime = 0;
        for (ProfileEvent e : events) {
            assertTrue(e.selfNanos() >= 0 && e.selfNanos() <= e.durationNanos(), e.toString());
            if (!e.equals(step)) {
                assertTrue(e.depth() >= 1, "everything ran inside the range: " + e);
                assertTrue(
                        e.startNanos() >= step.startNanos()
                                && e.startNanos() + e.durationNanos() <= step.startNanos() + step.durationNanos(),
                        "inside the range: " + e);
            }
            if (e.depth() == 1 && (e.kind() == Kind.OP || e.kind() == Kind.BACKWARD)) {
                childTime += e.durationNanos();
            }
        }
        assertTrue(childTime <= step.durationNanos(), childTime + " > " + step.durationNanos());
        // Kernels that no op claimed (the backward seed's fill) are children too.
        assertTrue(step.selfNanos() <= step.durationNanos() - childTime, step.toString());
        // A backward function's own matmuls run inside it.
        ProfileEvent backward = events.stream()
                .filter(e -> e.name().equals("matmul backward"))
                .findFirst()
                .orElseThrow();
        long inside = events.stream()
                .filter(e -> e.kind() == Kind.OP
                        && e.name().equals("matmul")
                        && e.phase() == Phase.BACKWARD
                        && e.startNanos() >= backward.startNanos()
                        && e.startNanos() + e.durationNanos() <= backward.startNanos() + backward.durationNanos())
                .count();
        assertEquals(2, inside);
    }

    @Test
    void recordsNothingWhenClosed() {
        Profiler prof = Synapse.profile();
        chainOfMatmuls();
        prof.close();
        assertFalse(Profiling.on());
        Tensor t = Tensor.randn(2, 2);
        assertSame(Backends.get(t.device()), t.backend(), "kernels are not timed when no profiler records");
        List<ProfileRow> before = prof.keyAverages();
        long events = prof.events().size();
        chainOfMatmuls();
        assertEquals(before, prof.keyAverages());
        assertEquals(events, prof.events().size());
        // A new profile starts from nothing.
        try (var again = Synapse.profile()) {
            assertEquals(List.of(), again.keyAverages());
        }
    }

    @Test
    void onlyOneProfilerRecordsAtATime() {
        try (var _ = Synapse.profile()) {
            var e = assertThrows(IllegalStateException.class, Synapse::profile);
            assertTrue(e.getMessage().contains("already recording"), e.getMessage());
        }
        Synapse.profile().close();
    }

    @Test
    void stepsAreCounted() {
        try (var prof = Synapse.profile()) {
            for (int i = 0; i < 3; i++) {
                chainOfMatmuls();
                prof.step();
            }
            assertEquals(3, prof.steps());
            assertEquals(3, prof.stepNanos().length);
            assertEquals(3, prof.stepAllocatedBytes().length);
            for (long b : prof.stepAllocatedBytes()) {
                assertTrue(b > 0, "a step makes tensors, so it allocates");
            }
            assertEquals(3 * N, calls(prof.keyAverages(), "matmul", Kind.OP, Phase.FORWARD));
            assertTrue(prof.summary().contains("3 steps: median"), prof.summary());
        }
    }

    @Test
    void tableListsRowsInTheAskedOrderUpToTheLimit() {
        String byCalls;
        String limited;
        Profiler prof = Synapse.profile();
        try (prof) {
            chainOfMatmuls();
        }
        byCalls = prof.table(Profiler.SortBy.CALLS, 100);
        limited = prof.table(Profiler.SortBy.SELF, 2);
        assertThrows(IllegalArgumentException.class, () -> prof.table(Profiler.SortBy.SELF, 0));
        List<String> lines = byCalls.lines().toList();
        assertTrue(
                lines.get(1).matches("Name\\s+Phase\\s+Calls\\s+Self ms\\s+Self %\\s+Total ms\\s+Total %\\s+us/call"),
                lines.get(1));
        assertTrue(lines.get(0).matches("-+") && lines.get(2).matches("-+"), byCalls);
        String matmulForward = lines.stream()
                .filter(l -> l.startsWith("matmul ") && l.contains(" fwd "))
                .findFirst()
                .orElseThrow();
        assertEquals(
                List.of("matmul", "fwd", String.valueOf(N)),
                List.of(matmulForward.split("\\s+")).subList(0, 3));
        // Rows by calls: each row's count is at most the one above it.
        long previous = Long.MAX_VALUE;
        for (String l : lines.subList(3, lines.size())) {
            if (l.matches("-+")) {
                break;
            }
            String[] cells = l.split("\\s+");
            long calls = Long.parseLong(cells[cells.length - 6]);
            assertTrue(calls <= previous, byCalls);
            previous = calls;
        }
        long dataRows = limited.lines().skip(3).takeWhile(l -> !l.matches("-+")).count();
        assertEquals(2, dataRows, limited);
        assertTrue(limited.contains("Wall time: "), limited);
    }
}
