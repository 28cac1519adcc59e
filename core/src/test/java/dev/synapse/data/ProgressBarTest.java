package dev.synapse.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    /** A clock that moves one second each time it is read. */
    private static final class Ticks {
        long now;

        long next() {
            now += 1_000_000_000L;
            return now;
        }
    }

    @Test
    void drawsCountRateAndEtaWhenForced() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Ticks t = new Ticks();
        int sum = 0;
        var bar = ProgressBar.range(4)
                .description("train")
                .output(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .force(true)
                .clock(t::next)
                .minIntervalMillis(0);
        for (int i : bar) {
            sum += i;
        }
        assertEquals(6, sum);
        assertEquals(4, bar.count());
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("train:   0%|"), text);
        assertTrue(text.contains("| 4/4 ["), text);
        assertTrue(text.contains("100%|####################|"), text);
        assertTrue(text.contains("it/s]"), text);
        assertTrue(text.endsWith("]" + System.lineSeparator()), text);
    }

    @Test
    void rendersEtaFromTheRate() {
        Ticks t = new Ticks();
        var bar = ProgressBar.manual(10).clock(t::next).force(false);
        bar.update(2);
        // Started at t=1s; rendering at t=5s: 2 items in 4 s, 8 left at 0.5 it/s is 16 s.
        String line = bar.render(5_000_000_000L);
        assertEquals(" 20%|####                | 2/10 [00:04<00:16, 2.00s/it]", line);
    }

    @Test
    void totalComesFromCollectionsAndLoaders() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var bar = ProgressBar.wrap(List.of("a", "b"))
                .output(new PrintStream(bytes))
                .force(true)
                .minIntervalMillis(0);
        bar.forEach(s -> {});
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("2/2"), bytes.toString(StandardCharsets.UTF_8));
        DataLoader loader = DataLoader.builder(Dataset.fromTensorSlices(dev.synapse.tensor.Tensor.zeros(10, 1)))
                .batchSize(3)
                .build();
        ByteArrayOutputStream b2 = new ByteArrayOutputStream();
        ProgressBar.wrap(loader)
                .output(new PrintStream(b2))
                .force(true)
                .minIntervalMillis(0)
                .forEach(b -> {});
        assertTrue(b2.toString(StandardCharsets.UTF_8).contains("4/4"), b2.toString(StandardCharsets.UTF_8));
    }

    @Test
    void quietWhenNotForcedAndNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var bar = ProgressBar.range(3).output(new PrintStream(bytes));
        if (System.console() == null || !System.console().isTerminal()) {
            bar.forEach(i -> {});
            assertEquals(0, bytes.size());
        }
        ByteArrayOutputStream off = new ByteArrayOutputStream();
        ProgressBar.range(3).output(new PrintStream(off)).force(false).forEach(i -> {});
        assertEquals(0, off.size());
    }

    @Test
    void clockText() {
        assertEquals("00:05", ProgressBar.clockText(5.9));
        assertEquals("02:03", ProgressBar.clockText(123));
        assertEquals("1:00:01", ProgressBar.clockText(3601));
    }

    /** One epoch of 38 steps through a Keras-style bar, as the trainer drives it. */
    private static String epoch(int verbose, boolean interactive) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var bar = ProgressBar.epochs(new PrintStream(bytes, true, StandardCharsets.UTF_8), verbose, interactive);
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("accuracy", 0.91234);
        logs.put("loss", 0.25);
        bar.startEpoch(0, 15, 38);
        for (int s = 1; s <= 38; s++) {
            bar.update(s, logs);
        }
        logs.put("val_loss", 0.00012);
        bar.endEpoch(logs);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void kerasStyleEpochLine() {
        String s = epoch(1, false);
        String[] lines = s.split("\n");
        assertEquals("Epoch 1/15", lines[0]);
        assertTrue(
                lines[1].matches("38/38 \u2501{20} \\d+s \\d+[mu]?s/step - accuracy: 0\\.9123 - loss: 0\\.2500"
                        + " - val_loss: 1\\.2000e-04"),
                lines[1]);
        assertEquals(2, lines.length, "no in-place redraws when output is not a terminal");
    }

    @Test
    void verboseTwoIsOneLinePerEpochAndZeroIsSilent() {
        String s = epoch(2, false);
        assertTrue(
                s.matches("38/38 - \\d+s - \\d+[mu]?s/step - accuracy: 0\\.9123 - loss: 0\\.2500"
                        + " - val_loss: 1\\.2000e-04\n"),
                s);
        assertEquals("", epoch(0, true));
    }

    @Test
    void interactiveRedrawsInPlace() {
        String s = epoch(1, true);
        assertTrue(s.contains("\r"), s);
        assertTrue(s.endsWith("val_loss: 1.2000e-04\n"), s);
    }

    @Test
    void epochDisplayRefusesABadVerbosityAndTqdmBarsRefuseEpochCalls() {
        assertThrows(IllegalArgumentException.class, () -> ProgressBar.epochs(System.out, 3, false));
        assertThrows(IllegalStateException.class, () -> ProgressBar.manual(3).startEpoch(0, 1, 3));
    }

    @Test
    void metricsKeepFourDecimalsAndTinyValuesGoScientific() {
        assertEquals("0.2500", ProgressBar.metric(0.25));
        assertEquals("0.0000", ProgressBar.metric(0));
        assertEquals("1.2000e-04", ProgressBar.metric(0.00012));
    }
}
