package dev.synapse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RaceStatsTest {
    @Test
    void summaryIsTheMedianOfPassMediansWithTheirSpread() {
        RaceStats.Summary odd = RaceStats.of(List.of(12.0, 10.0, 30.0));
        assertEquals(new RaceStats.Summary(12.0, 10.0, 30.0, 3), odd);
        RaceStats.Summary even = RaceStats.of(List.of(4.0, 1.0, 3.0, 2.0));
        assertEquals(new RaceStats.Summary(2.5, 1.0, 4.0, 4), even);
    }

    @Test
    void quantilesInterpolateBetweenNeighbours() {
        double[] v = {1, 2, 3, 4};
        assertEquals(2.5, RaceStats.quantile(v, 0.5));
        assertEquals(1.75, RaceStats.quantile(v, 0.25));
        assertEquals(3.25, RaceStats.quantile(v, 0.75));
        assertEquals(1, RaceStats.quantile(v, 0));
        assertEquals(4, RaceStats.quantile(v, 1));
        assertEquals(7, RaceStats.quantile(new double[] {7}, 0.5));
    }

    @Test
    void ratioIsSynapseTimeOverPeerTimeForStepsAndForRates() {
        RaceStats.Summary ours = RaceStats.of(List.of(30.0));
        RaceStats.Summary theirs = RaceStats.of(List.of(20.0));
        assertEquals(1.5, RaceStats.timeRatio("ms", ours, theirs), 1e-12); // slower: more ms
        assertEquals(2.0 / 3, RaceStats.timeRatio("gflops", ours, theirs), 1e-12); // faster: more GFLOP/s
        assertThrows(IllegalArgumentException.class, () -> RaceStats.timeRatio("s", ours, theirs));
    }

    @Test
    void refusesNoPassesAndFiguresThatAreNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> RaceStats.of(List.of()));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RaceStats.of(List.of(1.0, Double.NaN)));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RaceStats.of(List.of(0.0)));
    }

    @Test
    void readsResultLinesAndNothingElse() {
        Map<String, String> f = RaceStats.parseLine(
                        "race side=libtorch workload=mlp unit=ms median=5.25 min=5.0 max=7.5 n=20 version=2.7.1\n")
                .orElseThrow();
        assertEquals("libtorch", f.get("side"));
        assertEquals("5.25", f.get("median"));
        assertEquals(8, f.size());
        assertTrue(RaceStats.parseLine("WARNING: race side=x").isEmpty());
        assertTrue(RaceStats.parseLine("race side=x oops").isEmpty());
        assertTrue(RaceStats.parseLine("race").isEmpty());
    }
}
