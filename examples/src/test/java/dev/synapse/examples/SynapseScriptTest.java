package dev.synapse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./synapse} script: no terminal escape codes in what it prints, and Maven skipped when
 * nothing changed since the last build. The build is checked on a small project beside a stand-in
 * {@code mvn} that counts its calls, so the test neither rebuilds this checkout nor needs the network.
 */
class SynapseScriptTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = ROOT.resolve("synapse");
    private static final String ESC = "\u001b";

    /** Exit status and everything printed, standard output first. */
    private record Run(int status, String out, String err) {}

    private static Run run(Path dir, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = Files.createTempFile("synapse-out", ".txt");
        Path err = Files.createTempFile("synapse-err", ".txt");
        try {
            Process p =
                    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
            return new Run(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null
                && List.of(path.split(File.pathSeparator)).stream()
                        .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    @Test
    void helpPrintsNoEscapeCodes() throws Exception {
        assumeTrue(onPath("bash") && Files.isExecutable(SCRIPT), "needs bash and the script");
        Run r = run(ROOT, Map.of(), SCRIPT.toString(), "help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("Synapse's one entry point."), r.out());
        assertFalse((r.out() + r.err()).contains(ESC), "escape codes in: " + (r.out() + r.err()));
    }

    /**
     * Maven's console library wrote ESC[0m on both streams at exit; .mvn/jvm.config stops it for every mvn run here.
     */
    @Test
    void mavenRunInThisCheckoutPrintsNoEscapeCodes() throws Exception {
        assumeTrue(onPath("mvn"), "needs Maven on the PATH");
        Run r = run(
                ROOT,
                Map.of("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow"),
                "mvn",
                "-B",
                "-q",
                "-o",
                "-N",
                "-Dstyle.color=never",
                "validate");
        assertEquals(0, r.status(), r.out() + r.err());
        assertFalse((r.out() + r.err()).contains(ESC), "escape codes in: " + (r.out() + r.err()).replace(ESC, "ESC"));
    }

    /** A copy of the script in a one-module project whose {@code mvn} counts its calls and fails on demand. */
    private static final class Project {
        final Path dir;
        final Path calls;
        final Map<String, String> env;

        Project(Path dir) throws IOException {
            this.dir = dir;
            this.calls = dir.resolve("mvn-calls.txt");
            Files.copy(SCRIPT, dir.resolve("synapse"));
            Files.writeString(
                    dir.resolve("pom.xml"),
                    "<project><modules>\n    <module>examples</module>\n</modules></project>\n");
            Files.createDirectories(dir.resolve("examples/src/main/java"));
            Files.writeString(dir.resolve("examples/pom.xml"), "<project/>\n");
            Files.writeString(dir.resolve("examples/src/main/java/A.java"), "class A {}\n");
            Files.writeString(dir.resolve("examples/src/main/java/B.java"), "class B {}\n");
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Path mvn = bin.resolve("mvn");
            // Builds nothing: the class path it writes is this test's, so the script runs the real Examples.
            Files.writeString(mvn, """
                    #!/bin/sh
                    echo "$*" >> "$FAKE_MVN_CALLS"
                    [ -f "$FAKE_MVN_FAIL" ] && exit 1
                    mkdir -p examples/target/classes
                    printf '%s' "$FAKE_CLASSPATH" > examples/target/classpath.txt
                    """);
            assertTrue(mvn.toFile().setExecutable(true));
            this.env = Map.of(
                    "PATH",
                    bin + File.pathSeparator + System.getenv("PATH"),
                    "FAKE_MVN_CALLS",
                    calls.toString(),
                    "FAKE_MVN_FAIL",
                    dir.resolve("fail").toString(),
                    "FAKE_CLASSPATH",
                    System.getProperty("java.class.path"));
        }

        /** {@code ./synapse example list}; returns its run after checking it listed the examples. */
        Run exampleList() throws Exception {
            Run r = run(dir, env, dir.resolve("synapse").toString(), "example", "list");
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().startsWith("examples: "), "first line: " + r.out());
            assertFalse(
                    (r.out() + r.err()).contains(ESC), "escape codes in: " + (r.out() + r.err()).replace(ESC, "ESC"));
            return r;
        }

        long mavenCalls() throws IOException {
            return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
        }
    }

    @Test
    void mavenRunsOnlyWhenSourcesPomsOrOutputsChanged(@TempDir Path tmp) throws Exception {
        assumeTrue(
                onPath("bash") && onPath("sha256sum") && Files.isExecutable(SCRIPT),
                "needs bash, sha256sum and the script");
        Project p = new Project(tmp);
        p.exampleList();
        assertEquals(1, p.mavenCalls(), "the first call builds");
        p.exampleList();
        assertEquals(1, p.mavenCalls(), "nothing changed: no Maven");

        Path a = tmp.resolve("examples/src/main/java/A.java");
        Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        p.exampleList();
        assertEquals(1, p.mavenCalls(), "a touched file with the same content needs no build");

        Files.writeString(a, "class A { int x; }\n");
        p.exampleList();
        assertEquals(2, p.mavenCalls(), "an edited source");

        Files.delete(tmp.resolve("examples/src/main/java/B.java"));
        p.exampleList();
        assertEquals(3, p.mavenCalls(), "a deleted source");

        Files.createDirectories(tmp.resolve("examples/src/main/resources"));
        Files.writeString(tmp.resolve("examples/src/main/resources/x.txt"), "x");
        p.exampleList();
        assertEquals(4, p.mavenCalls(), "an added resource");

        Files.writeString(tmp.resolve("examples/pom.xml"), "<project><!-- another dependency --></project>\n");
        p.exampleList();
        assertEquals(5, p.mavenCalls(), "a module's pom");

        Files.writeString(
                tmp.resolve("pom.xml"),
                Files.readString(tmp.resolve("pom.xml")).replace("</project>", "<!-- x --></project>"));
        p.exampleList();
        assertEquals(6, p.mavenCalls(), "the parent pom");

        // Back to earlier content, as after switching branches and back: what was built last no longer matches.
        Files.writeString(a, "class A {}\n");
        p.exampleList();
        assertEquals(7, p.mavenCalls(), "content of another branch");

        Files.delete(tmp.resolve("examples/target/classes").toAbsolutePath());
        p.exampleList();
        assertEquals(8, p.mavenCalls(), "a class-path entry removed (mvn clean)");
        p.exampleList();
        assertEquals(8, p.mavenCalls());
    }

    @Test
    void failedBuildStopsTheScriptAndIsRetried(@TempDir Path tmp) throws Exception {
        assumeTrue(
                onPath("bash") && onPath("sha256sum") && Files.isExecutable(SCRIPT),
                "needs bash, sha256sum and the script");
        Project p = new Project(tmp);
        p.exampleList();
        Files.writeString(tmp.resolve("examples/src/main/java/A.java"), "class A { broken\n");
        Files.writeString(tmp.resolve("fail"), "");
        Run failed = run(tmp, p.env, tmp.resolve("synapse").toString(), "example", "list");
        assertNotEquals(0, failed.status(), "a failed build must not run the old classes: " + failed.out());
        assertEquals("", failed.out());
        assertEquals(2, p.mavenCalls());
        Files.delete(tmp.resolve("fail"));
        p.exampleList();
        assertEquals(3, p.mavenCalls(), "the failed build left no stamp");
    }
}
