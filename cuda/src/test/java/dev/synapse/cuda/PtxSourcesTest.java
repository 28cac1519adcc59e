package dev.synapse.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synapse.testing.Slow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed PTX is what tools/build-ptx.sh makes from the committed CUDA sources: every file's header carries
 * the sources' hash, which is recomputed here; where nvcc exists, the PTX is compiled again and compared.
 */
class PtxSourcesTest {
    static final Path SOURCES = Path.of("src/main/cuda");

    /** SHA-256 over each source file, sorted by name: its name, a NUL, its bytes, a NUL (as build-ptx.sh). */
    static String sourcesHash() throws IOException, NoSuchAlgorithmException {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        List<Path> files;
        try (Stream<Path> s = Files.list(SOURCES)) {
            files = s.sorted((a, b) ->
                            a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
        for (Path f : files) {
            d.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(Files.readAllBytes(f));
            d.update((byte) 0);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static List<String> cudaModules() throws IOException {
        try (Stream<Path> s = Files.list(SOURCES)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".cu"))
                    .map(n -> n.substring(0, n.length() - 3))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void everyShippedPtxWasCompiledFromTheCurrentSources() throws Exception {
        String hash = sourcesHash();
        assertEquals(cudaModules(), Ptx.modules(), "ptx.list names one module per .cu file");
        for (String module : Ptx.modules()) {
            for (String arch : Ptx.ARCHITECTURES) {
                Ptx.Header h = Ptx.header(Ptx.text(module, arch));
                assertEquals(
                        hash,
                        h.sourcesSha256(),
                        module + "." + arch + ".ptx was compiled from other sources: run tools/build-ptx.sh");
                assertEquals(arch, h.architecture());
                assertTrue(Ptx.text(module, arch).contains(".target sm_" + arch.substring("compute_".length())));
            }
        }
    }

    @Test
    void theArchitectureIsTheNewestAGpuRuns() {
        assertEquals("compute_80", Ptx.architectureFor(8, 0, "A100"));
        assertEquals("compute_80", Ptx.architectureFor(8, 9, "L4"));
        assertEquals("compute_90", Ptx.architectureFor(9, 0, "H100"));
        assertEquals("compute_90", Ptx.architectureFor(12, 0, "a newer GPU"));
        CudaUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(
                CudaUnavailableException.class, () -> Ptx.architectureFor(7, 5, "Tesla T4"));
        assertTrue(e.getMessage().contains("Tesla T4 has compute capability 7.5; Synapse's kernels need 8.0"));
    }

    private static Path nvcc() {
        for (String p : List.of("/usr/local/bin/nvcc", "/usr/local/cuda/bin/nvcc")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return Path.of("nvcc-not-found");
    }

    @Test
    @Slow
    void whereNvccExistsRecompilingGivesTheCommittedPtx(@TempDir Path tmp) throws Exception {
        Path nvcc = nvcc();
        assumeTrue(Files.isExecutable(nvcc), "no nvcc on this machine");
        String version = run(List.of(nvcc.toString(), "--version"));
        for (String module : Ptx.modules()) {
            for (String arch : Ptx.ARCHITECTURES) {
                String committed = Ptx.text(module, arch);
                Ptx.Header h = Ptx.header(committed);
                assumeTrue(version.contains("release " + h.nvccVersion() + ","), "nvcc is not " + h.nvccVersion());
                Path out = tmp.resolve(module + "." + arch + ".ptx");
                List<String> cmd = new ArrayList<>(List.of(nvcc.toString(), "-std=c++17", "--fmad=false", "-ptx"));
                cmd.addAll(List.of(
                        "-arch=" + arch,
                        "-I" + SOURCES,
                        SOURCES.resolve(module + ".cu").toString()));
                cmd.addAll(List.of("-o", out.toString()));
                run(cmd);
                String body = committed.substring(committed.indexOf('\n') + 1);
                assertEquals(body, Files.readString(out, StandardCharsets.US_ASCII), module + "." + arch);
            }
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvcc timed out");
        assertEquals(0, p.exitValue(), cmd + ": " + out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
