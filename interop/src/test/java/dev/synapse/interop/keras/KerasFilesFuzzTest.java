package dev.synapse.interop.keras;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.CorruptFileException;
import dev.synapse.nn.Model;
import dev.synapse.nn.Weight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damages Keras files (truncation, flipped bits and bytes) and reads them: every case must end in a
 * {@link CorruptFileException} naming the file, or load a model whose weights are finite numbers of the
 * original shapes; never another exception, a hang (the test's timeout) or a huge allocation (the test
 * JVM's heap). Prints how the cases ended.
 *
 * <p>{@code -Dsynapse.fuzz.cases=20000} runs more cases than the default 300 per file.
 */
class KerasFilesFuzzTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "seed003_sequential.keras",
                "seed003_sequential.h5",
                "seed002_cnn.h5",
                "seed000_gan.keras",
                "seed000_autoencoder.h5",
                "resume_adam.keras",
                "resume_rmsprop.h5"
            })
    @Timeout(300)
    void damagedFilesEndInOneClearException(String name) throws Exception {
        int cases = Integer.getInteger("synapse.fuzz.cases", 300);
        Path original = KerasFilesTest.fixture(dir, name);
        byte[] bytes = Files.readAllBytes(original);
        Model reference = KerasFiles.load(original);
        Random r = new Random(20261205L + name.hashCode());
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Path scratch = dir.resolve("case" + name.substring(name.lastIndexOf('.')));
        for (int i = 0; i < cases; i++) {
            byte[] damaged = bytes.clone();
            String what;
            switch (r.nextInt(3)) {
                case 0 -> {
                    int keep = r.nextInt(bytes.length);
                    damaged = java.util.Arrays.copyOf(bytes, keep);
                    what = "truncated to " + keep;
                }
                case 1 -> {
                    int at = r.nextInt(bytes.length);
                    damaged[at] ^= (byte) (1 << r.nextInt(8));
                    what = "bit flipped at " + at;
                }
                default -> {
                    // Most of an HDF5 file is its first few kilobytes of headers and addresses.
                    int at = r.nextInt(Math.min(bytes.length, 4096));
                    damaged[at] = (byte) r.nextInt(256);
                    what = "byte set at " + at;
                }
            }
            Files.write(scratch, damaged);
            String outcome;
            try {
                Model m = KerasFiles.load(scratch);
                outcome = sameShapes(m, reference) ? "loaded" : "FAIL: loaded other shapes";
            } catch (CorruptFileException e) {
                outcome = e.getMessage().startsWith(scratch.toString())
                        ? "CorruptFileException"
                        : "FAIL: message without the file: " + e.getMessage();
            } catch (Throwable e) {
                outcome = "FAIL: " + e;
            }
            outcomes.merge(outcome.startsWith("FAIL") ? "FAIL" : outcome, 1, Integer::sum);
            if (outcome.startsWith("FAIL")) {
                failures.add(name + " " + what + ": " + outcome);
            }
        }
        System.out.printf("KerasFilesFuzzTest: %s, %d cases, outcomes %s%n", name, cases, outcomes);
        assertTrue(
                failures.isEmpty(),
                failures.size() + " bad outcomes, first ones:\n"
                        + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    private static boolean sameShapes(Model m, Model reference) {
        List<Weight> a = m.weights();
        List<Weight> b = reference.weights();
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i).shape(), b.get(i).shape())) {
                return false;
            }
        }
        return true;
    }
}
