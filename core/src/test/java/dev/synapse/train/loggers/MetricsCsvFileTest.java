package dev.synapse.train.loggers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvFileTest {
    @TempDir
    Path dir;

    private static Map<String, Double> metrics(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return m;
    }

    @Test
    void startingWithoutAppendEmptiesAnOldFileAtOnce() throws IOException {
        Path file = dir.resolve("sub/log.csv");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "epoch,loss\n0,1.0\n");
        new MetricsCsvFile(file, "epoch").start(false);
        assertEquals("", Files.readString(file));
    }

    @Test
    void appendKeepsTheOldRowsAndANewNameGrowsTheHeaderOverThem() throws IOException {
        Path file = dir.resolve("log.csv");
        MetricsCsvFile first = new MetricsCsvFile(file, "epoch");
        first.start(false);
        first.write(0, metrics("loss", 0.5));
        first.write(1, metrics("loss", 0.25));

        MetricsCsvFile resumed = new MetricsCsvFile(file, "epoch");
        resumed.start(true);
        resumed.write(2, metrics("loss", 0.125));
        assertEquals(List.of("epoch,loss", "0,0.50000000", "1,0.25000000", "2,0.12500000"), Files.readAllLines(file));
        resumed.write(3, metrics("loss", 0.0625, "val_loss", 1.0));
        assertEquals(
                List.of(
                        "epoch,loss,val_loss",
                        "0,0.50000000,",
                        "1,0.25000000,",
                        "2,0.12500000,",
                        "3,0.062500000,1.0000000"),
                Files.readAllLines(file));
    }

    @Test
    void namesWithCommasAndQuotesAreQuotedAndReadBack() throws IOException {
        Path file = dir.resolve("log.csv");
        MetricsCsvFile csv = new MetricsCsvFile(file, "step");
        csv.start(false);
        csv.write(0, metrics("f1,macro", 0.5, "say \"hi\"", 1.0));
        assertEquals(
                List.of("step,\"f1,macro\",\"say \"\"hi\"\"\"", "0,0.50000000,1.0000000"), Files.readAllLines(file));

        MetricsCsvFile resumed = new MetricsCsvFile(file, "step");
        resumed.start(true);
        resumed.write(1, metrics("f1,macro", 0.75));
        assertEquals(
                List.of("step,\"f1,macro\",\"say \"\"hi\"\"\"", "0,0.50000000,1.0000000", "1,0.75000000,"),
                Files.readAllLines(file));
        assertEquals(List.of("a", "b,c", "d\"e", ""), MetricsCsvFile.cells("a,\"b,c\",\"d\"\"e\","));
    }
}
