package dev.synapse.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.Model;
import dev.synapse.nn.Weight;
import dev.synapse.testing.Slow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is saving a model over and over to the same path, at varied moments, and checks
 * after each kill that the file still loads and is one complete version: the temporary file, fsync
 * and rename of {@link AtomicFiles} never let a reader see half a save.
 *
 * <p>The default run kills 6 children (a few seconds); {@code -Dsynapse.killtest.kills=200} soaks.
 * The child is coordinated through its output only: it reports every piece of the file it writes and
 * every completed save, and the parent kills after a varying number of them.
 */
@Slow
class AtomicSaveKillTest {
    @TempDir
    Path dir;

    @Test
    void killedWritersNeverLeaveAHalfWrittenFile() throws Exception {
        int kills = Integer.getInteger("synapse.killtest.kills", 6);
        Path file = dir.resolve("model.synapse");
        Model m = SaveLoopMain.model();
        SaveLoopMain.fill(m, 0);
        m.save(file);
        int lastLoaded = 0;
        int untouched = 0;
        java.util.Random spins = new java.util.Random(17);
        int pieceCount = (int) (Files.size(file) / SaveLoopMain.CHUNK) + 1;
        for (int k = 0; k < kills; k++) {
            int first = (k + 1) * 1_000_000; // each child writes its own range of versions
            Process child = start(file, first);
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "child started");
            // Kill after 0 to 2 completed saves, then after a varying number of pieces of the next one:
            // while the temporary file is written, before its fsync, around the rename.
            int saves = k % 3;
            int pieces = spins.nextInt(pieceCount + 2);
            int reported = -1;
            while (saves > 0 || pieces > 0) {
                String line = out.readLine();
                assertTrue(line != null, "the child stopped early");
                if (line.startsWith("saved ")) {
                    reported = Integer.parseInt(line.substring(6));
                    saves = Math.max(0, saves - 1);
                } else if (saves == 0) {
                    pieces--;
                }
            }
            child.destroyForcibly();
            child.waitFor();
            int version = loadedVersion(file);
            if (reported < 0) {
                // Nothing reported: the old version, or one this child completed just before the kill.
                assertTrue(version == lastLoaded || version >= first, "after kill " + k + ": version " + version);
            } else {
                assertTrue(
                        version >= reported && version < first + 1_000_000,
                        "after kill " + k + ": version " + version + ", last reported " + reported);
            }
            if (version == lastLoaded) {
                untouched++;
            }
            lastLoaded = version;
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names =
                    new ArrayList<>(files.map(p -> p.getFileName().toString()).toList());
            System.out.println("AtomicSaveKillTest: " + kills + " children killed while saving; the file loaded as one "
                    + "complete version every time (" + untouched + " kills before the child's first save completed); "
                    + "stale temporary files left by the kills: " + (names.size() - 1));
        }
    }

    /** The version the file holds; fails unless it loads and every weight holds that one version. */
    private static int loadedVersion(Path file) throws IOException {
        Model back = Model.load(file);
        float first = Float.NaN;
        for (Weight w : back.weights()) {
            for (float v : w.value().toFloatArray()) {
                if (Float.isNaN(first)) {
                    first = v;
                }
                if (Float.floatToRawIntBits(v) != Float.floatToRawIntBits(first)) {
                    throw new AssertionError(file + " mixes versions " + first + " and " + v);
                }
            }
        }
        assertEquals(first, Math.rint(first));
        return (int) first;
    }

    private static Process start(Path file, int version) throws IOException {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = List.of(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "-Xmx512m",
                "-cp",
                cp,
                SaveLoopMain.class.getName(),
                file.toString(),
                Integer.toString(version));
        return new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
