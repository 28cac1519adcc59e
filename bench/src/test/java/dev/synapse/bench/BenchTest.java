package dev.synapse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.cli.Programs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line of every benchmark: {@code --help} and bad flags, without measuring anything. */
class BenchTest {
    private record Call(int status, String out, String err) {
        static Call of(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Bench.PROGRAMS.run(
                    args,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Call(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyBenchmarkListsItsFlagsOnHelpAndMeasuresNothing() {
        for (String name : Bench.PROGRAMS.names()) {
            Call c = Call.of(name, "--help");
            assertEquals(0, c.status(), name + ": " + c.err());
            assertTrue(c.out().startsWith("usage: ./synapse bench " + name + " [flags]"), c.out());
            assertTrue(c.out().strip().endsWith("prints this list and exits"), name + ":\n" + c.out());
            assertEquals("", c.err());
        }
        assertTrue(Call.of("conv", "--help").out().contains("--model cnn|autoencoder"));
        assertTrue(Call.of("gemm", "--help").out().contains("--quick"));
        assertTrue(Call.of("profile", "--help").out().contains("--workload all|mlp|cnn|autoencoder"));
    }

    @Test
    void badFlagsStopWithStatus2() {
        Call positional = Call.of("conv", "autoencoder");
        assertEquals(Programs.USAGE_ERROR, positional.status());
        assertTrue(
                positional.err().startsWith("./synapse bench conv: unexpected argument 'autoencoder'"),
                positional.err());
        Call bad = Call.of("dataloader", "--runs", "zero");
        assertEquals(Programs.USAGE_ERROR, bad.status());
        assertTrue(
                bad.err().startsWith("./synapse bench dataloader: --runs expects a whole number, got 'zero'"),
                bad.err());
    }
}
