package dev.synapse.train.loggers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CSVLoggerTest {
    @TempDir
    Path dir;

    @Test
    void aGrowingHeaderReplacesTheFileWholeAndOtherStepsAppend() throws IOException {
        CSVLogger logger = new CSVLogger(dir, "run");
        logger.logMetrics(Map.of("loss", 0.5), 0);
        String first = Files.readString(logger.file());
        assertEquals("step,loss\n0,0.50000000\n", first);
        // A reader of the file as it was (a crash seen from outside) keeps it whole: the rewrite for the new
        // column goes to a new file renamed over the old one, never truncating the old one in place.
        try (InputStream old = Files.newInputStream(logger.file())) {
            logger.logMetrics(Map.of("loss", 0.25, "val_loss", 0.75), 1);
            assertEquals(first, new String(old.readAllBytes(), StandardCharsets.UTF_8));
        }
        logger.logMetrics(Map.of("val_loss", 0.125), 2);
        assertEquals(
                List.of("step,loss,val_loss", "0,0.50000000,", "1,0.25000000,0.75000000", "2,,0.12500000"),
                Files.readAllLines(logger.file()));
        try (var files = Files.list(logger.file().getParent())) {
            assertEquals(List.of(logger.file()), files.toList(), "no temporary file is left");
        }
    }
}
