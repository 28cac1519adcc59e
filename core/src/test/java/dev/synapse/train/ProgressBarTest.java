package dev.synapse.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static String run(int verbose, boolean interactive) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), verbose, interactive);
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
        String s = run(1, false);
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
        String s = run(2, false);
        assertTrue(
                s.matches(
                        "38/38 - \\d+s - \\d+[mu]?s/step - accuracy: 0\\.9123 - loss: 0\\.2500 - val_loss: 1\\.2000e-04\n"),
                s);
        assertEquals("", run(0, true));
    }

    @Test
    void interactiveRedrawsInPlace() {
        String s = run(1, true);
        assertTrue(s.contains("\r"), s);
        assertTrue(s.endsWith("val_loss: 1.2000e-04\n"), s);
    }
}
