package dev.synapse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.cli.Programs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line of every example: {@code --help} and bad flags, without training anything. */
class ExamplesTest {
    /** Status, standard output and standard error of one {@code ./synapse example ARGS}. */
    private record Call(int status, String out, String err) {
        static Call of(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Examples.PROGRAMS.run(
                    args,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Call(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    private static String command(String name) {
        return name.equals("quickstart") ? "./synapse quickstart" : "./synapse example " + name;
    }

    @Test
    void everyExampleListsItsFlagsAndDefaultsOnHelpAndRunsNothing() {
        for (String name : Examples.PROGRAMS.names()) {
            for (String help : new String[] {"--help", "-h"}) {
                Call c = Call.of(name, help);
                assertEquals(0, c.status(), name + " " + help + ": " + c.err());
                assertEquals("", c.err(), name);
                // The whole output is the usage: had the program started, it would print more after it.
                assertTrue(c.out().startsWith("usage: " + command(name) + " [flags]"), name + ":\n" + c.out());
                assertTrue(c.out().strip().endsWith("prints this list and exits"), name + ":\n" + c.out());
                assertTrue(c.out().contains("(default "), name + ":\n" + c.out());
            }
        }
    }

    @Test
    void quickstartHelpWritesNoFolderNamedHelp() {
        Call c = Call.of("quickstart", "--help");
        assertEquals(0, c.status());
        assertTrue(
                c.out().contains("--out PATH")
                        && c.out().contains("--epochs N")
                        && c.out().contains("--batch-size N"),
                c.out());
        assertFalse(Files.exists(Path.of("--help")), "quickstart --help trained into a folder named --help");
    }

    @Test
    void unknownFlagStopsEveryExampleWithStatus2AndItsUsage() {
        for (String name : Examples.PROGRAMS.names()) {
            Call c = Call.of(name, "--no-such-flag", "1");
            assertEquals(Programs.USAGE_ERROR, c.status(), name);
            assertTrue(c.err().startsWith(command(name) + ": unknown flag --no-such-flag"), name + ":\n" + c.err());
            assertTrue(c.err().contains("usage: " + command(name)), name + ":\n" + c.err());
            assertEquals("", c.out(), name);
        }
    }

    @Test
    void missingOrBadValueStopsWithStatus2() {
        Call missing = Call.of("mnist-cnn", "--epochs");
        assertEquals(Programs.USAGE_ERROR, missing.status());
        assertTrue(missing.err().startsWith("./synapse example mnist-cnn: --epochs needs a value"), missing.err());
        Call bad = Call.of("lightning-mlp", "--batch-size", "0");
        assertEquals(Programs.USAGE_ERROR, bad.status());
        assertTrue(
                bad.err().startsWith("./synapse example lightning-mlp: --batch-size must be at least 1, got 0"),
                bad.err());
    }

    @Test
    void everyTrainingExampleHasABatchSizeFlagWithTheTutorialsValue() {
        // autodiff takes full-batch gradient steps: it has no batch size.
        Map<String, Integer> tutorial = new java.util.TreeMap<>(Map.of(
                "quickstart",
                32,
                "digits-mlp",
                32,
                "keras-intro",
                32,
                "mnist-cnn",
                256,
                "fashion-exercise",
                256,
                "emnist-letters",
                256,
                "transfer-learning",
                256,
                "autoencoder",
                256,
                "dcgan",
                1024,
                "mlp-by-hand",
                256));
        tutorial.putAll(Map.of(
                "lightning-mlp",
                256,
                "autoencoder-fc",
                1024,
                "autoencoder-conv",
                1024,
                "autoencoder-denoising",
                1024,
                "autoencoder-sparse",
                1024,
                "anomaly-detection",
                1024,
                "spark-fashion",
                256));
        assertEquals(Examples.PROGRAMS.names().size() - 1, tutorial.size());
        tutorial.forEach((name, batch) -> {
            String usage = Call.of(name, "--help").out();
            assertTrue(
                    usage.lines()
                            .anyMatch(l -> l.startsWith("  --batch-size N") && l.endsWith("(default " + batch + ")")),
                    name + ":\n" + usage);
        });
    }
}
