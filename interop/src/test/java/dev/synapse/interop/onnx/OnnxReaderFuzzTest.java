package dev.synapse.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.synapse.io.CorruptFileException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Damages the PyTorch-exported fixtures thousands of times (truncations, flipped bits, overwritten
 * bytes, planted huge varints, random bytes) and reads and imports each: the only way to fail is a
 * {@link CorruptFileException} naming the file, or an {@link OnnxUnsupportedException} listing nodes;
 * never another exception, a hang or a huge allocation. {@code -Dsynapse.fuzz.cases=N} runs more.
 */
class OnnxReaderFuzzTest {
    private static final String[] FIXTURES = {
        "mlp", "cnn", "lstm", "gru", "conv_variants", "embedding", "branches", "arithmetic"
    };

    @Test
    @Timeout(300)
    void damagedFilesEndInOneClearException() throws Exception {
        int cases = Integer.getInteger("synapse.fuzz.cases", 1500);
        Random random = new Random(17);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int c = 0; c < cases; c++) {
            String fixture = FIXTURES[c % FIXTURES.length];
            byte[] original = Files.readAllBytes(OnnxImporterTest.fixture(fixture + ".onnx"));
            String how = "";
            byte[] b = original.clone();
            switch (random.nextInt(5)) {
                case 0 -> {
                    b = java.util.Arrays.copyOf(original, random.nextInt(original.length));
                    how = "truncated to " + b.length;
                }
                case 1 -> {
                    int flips = 1 + random.nextInt(4);
                    for (int i = 0; i < flips; i++) {
                        int at = random.nextInt(b.length);
                        b[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    how = flips + " bit flips";
                }
                case 2 -> {
                    int at = random.nextInt(b.length);
                    int n = Math.min(1 + random.nextInt(16), b.length - at);
                    for (int i = 0; i < n; i++) {
                        b[at + i] = (byte) random.nextInt(256);
                    }
                    how = n + " random bytes at " + at;
                }
                case 3 -> {
                    // A 5-byte varint claiming about 2^32, where a length or a count would be read.
                    int at = random.nextInt(Math.max(1, b.length - 5));
                    byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x0f};
                    System.arraycopy(huge, 0, b, at, Math.min(5, b.length - at));
                    how = "huge varint at " + at;
                }
                default -> {
                    b = new byte[random.nextInt(256)];
                    random.nextBytes(b);
                    how = "random bytes";
                }
            }
            String source = "fuzz-" + fixture + ".onnx";
            String outcome;
            try {
                OnnxImporter.build(OnnxReader.read(b, source), source);
                outcome = "imported";
            } catch (CorruptFileException e) {
                assertTrue(e.getMessage().startsWith(source + ": "), e.getMessage());
                outcome = "CorruptFileException";
            } catch (OnnxUnsupportedException e) {
                assertTrue(!e.problems().isEmpty() && e.getMessage().startsWith(source), e.getMessage());
                outcome = "OnnxUnsupportedException";
            } catch (RuntimeException | Error e) {
                fail("case " + c + " (" + fixture + ", " + how + ") threw " + e, e);
                return;
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        System.out.println("ONNX fuzz: " + cases + " cases " + outcomes);
        assertTrue(outcomes.getOrDefault("CorruptFileException", 0) > cases / 10, outcomes.toString());
    }
}
