package dev.synapse.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.autograd.ProfileEvent.Kind;
import dev.synapse.autograd.ProfileEvent.Phase;
import dev.synapse.autograd.ProfileRow;
import dev.synapse.autograd.Profiler;
import dev.synapse.internal.Profiling;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepProfilerTest {

    private static long calls(List<ProfileRow> rows, String name, Kind kind, Phase phase) {
        return rows.stream()
                .filter(r -> r.name().equals(name) && r.kind() == kind && r.phase() == phase)
                .mapToLong(ProfileRow::calls)
                .sum();
    }

    @Test
    void profilesTheAskedStepsAfterTheSkippedOnes() {
        Synapse.setSeed(5);
        var p = new StepProfiler(2, 3, null, Profiler.SortBy.SELF, 10);
        assertNull(p.profile());
        Trainer.builder()
                .verbose(0)
                .printSummary(false)
                .maxEpochs(1)
                .callbacks(p)
                .build()
                .fit(new TrainerTest.LinearModule(), TrainerTest.data(7, 4), null);
        Profiler prof = p.profile();
        assertNotNull(prof);
        assertEquals(3, prof.steps());
        assertTrue(!Profiling.on(), "the profile ended after its steps");
        List<ProfileRow> rows = prof.keyAverages();
        // The module's loss squares once per step; nothing else in a step squares.
        String table = prof.table(Profiler.SortBy.CALLS, 100);
        assertEquals(3, calls(rows, "square", Kind.OP, Phase.FORWARD), table);
        assertEquals(3, calls(rows, "square backward", Kind.BACKWARD, Phase.BACKWARD), table);
        // and subtracts the target once.
        assertEquals(3, calls(rows, "sub backward", Kind.BACKWARD, Phase.BACKWARD), table);
    }

    @Test
    void theTrainerOptionPrintsTheTableToItsOutput() {
        Synapse.setSeed(5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Trainer.builder()
                .verbose(0)
                .printSummary(false)
                .output(new PrintStream(bytes, true, StandardCharsets.UTF_8), false)
                .maxEpochs(2)
                .profiler(1, 2)
                .build()
                .fit(new TrainerTest.LinearModule(), TrainerTest.data(2, 4), null);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Profile of 2 training steps after 1:\n"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("Name\\s+Phase\\s+Calls\\s.*")), text);
        assertTrue(text.contains("; 2 steps: median "), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("Profile of")).count(), "printed once: " + text);
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().profiler(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().profiler(0, 0));
    }
}
