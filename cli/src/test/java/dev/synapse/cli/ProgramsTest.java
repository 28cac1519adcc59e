package dev.synapse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramsTest {
    private final List<String> ran = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private final Programs programs = new Programs("./synapse example", "examples").add("demo", args -> {
        Flags f = Flags.parse("./synapse example demo", "A demo.", args);
        int n = f.integer("n", 1, "how many");
        f.done();
        ran.add("demo " + n);
    });

    private int run(String... args) {
        return programs.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsTheNamedProgramWithItsArguments() {
        assertEquals(0, run("demo", "--n", "4"));
        assertEquals(List.of("demo 4"), ran);
    }

    @Test
    void programHelpPrintsItsFlagsExitsZeroAndRunsNothing() {
        assertEquals(0, run("demo", "--help"));
        assertEquals(List.of(), ran);
        assertTrue(out().contains("--n N") && out().contains("how many (default 1)"), out());
        assertEquals("", err());
    }

    @Test
    void badFlagPrintsProblemAndUsageOnStderrWithStatus2() {
        assertEquals(Programs.USAGE_ERROR, run("demo", "--m", "4"));
        assertEquals(List.of(), ran);
        assertTrue(err().startsWith("./synapse example demo: unknown flag --m"), err());
        assertTrue(err().contains("--n N"), err());
        assertEquals("", out());
    }

    @Test
    void listAndNothingListTheNames() {
        assertEquals(0, run());
        assertEquals(0, run("list"));
        assertEquals("examples: demo\nexamples: demo\n", out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void helpSaysHowToCallThePrograms() {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("usage: ./synapse example NAME [flags]") && out().contains("examples: demo"), out());
    }

    @Test
    void unknownNameIsStatus2() {
        assertEquals(Programs.USAGE_ERROR, run("dmeo"));
        assertTrue(err().contains("unknown name 'dmeo'") && err().contains("examples: demo"), err());
    }
}
