package dev.synapse.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.cli.Programs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The duel's pairing and its figures, with stand-in sides: nothing here is timed. */
class GemmDuelTest {
    @Test
    void shapesAreSquareOrMxKxN() {
        assertEquals(new GemmDuel.Shape(1024, 1024, 1024), GemmDuel.Shape.parse("1024"));
        assertEquals(new GemmDuel.Shape(256, 784, 512), GemmDuel.Shape.parse(" 256x784x512 "));
        assertEquals("256x784 @ 784x512", GemmDuel.Shape.parse("256x784x512").toString());
        assertEquals(2.0 * 256 * 784 * 512, GemmDuel.Shape.parse("256x784x512").flops());
        for (String bad : new String[] {"", "0", "12x3", "axbxc", "-4x2x2", "1x2x3x4"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> GemmDuel.Shape.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("duel: "), e.getMessage());
        }
    }

    @Test
    void aBadShapeIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Bench.PROGRAMS.run(
                new String[] {"duel", "--shapes", "1024,12x3"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Programs.USAGE_ERROR, status);
        assertTrue(
                err.toString(StandardCharsets.UTF_8).startsWith("./synapse bench duel: a shape is N (square) or MxKxN"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void roundsAlternateWhichSideGoesFirstAndPairTheirRates() {
        List<String> calls = new ArrayList<>();
        Runnable ours = () -> calls.add("S");
        Runnable theirs = () -> calls.add("L");
        GemmDuel.Result r = GemmDuel.duel(GemmDuel.Shape.parse("8"), ours, theirs, 4, 0, 0, 0);
        // Warm-up (each side in turn) and one product each to size the rounds come first; then one product per side
        // and round (round-seconds 0), Synapse first in even rounds.
        List<String> rounds = calls.subList(calls.size() - 8, calls.size());
        assertEquals(List.of("S", "L", "L", "S", "S", "L", "L", "S"), rounds);
        assertEquals(4, r.synapse().length);
        assertEquals(4, r.libtorch().length);
        for (int i = 0; i < 4; i++) {
            assertTrue(r.synapse()[i] > 0 && r.libtorch()[i] > 0);
            assertEquals(r.libtorch()[i] / r.synapse()[i], r.timeRatio()[i], 1e-12);
        }
    }

    @Test
    void withoutThePeerSynapseRunsAlone() {
        List<String> calls = new ArrayList<>();
        GemmDuel.Result r = GemmDuel.duel(GemmDuel.Shape.parse("8"), () -> calls.add("S"), null, 3, 0, 0, 0);
        assertTrue(calls.stream().allMatch("S"::equals));
        assertEquals(3, r.synapse().length);
        assertArrayEquals(new double[0], r.libtorch());
        assertArrayEquals(new double[0], r.timeRatio());
    }
}
