package dev.synapse.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PTX shipped in the jar ({@code dev/synapse/cuda/ptx/NAME.ARCH.ptx}, listed in {@code ptx.list}), compiled by
 * {@code tools/build-ptx.sh} for {@link #ARCHITECTURES}. Each file's first line records the SHA-256 of the CUDA
 * sources it was compiled from, which {@code PtxSourcesTest} checks against the sources in the repository.
 */
final class Ptx {
    /** The virtual architectures shipped, oldest first: the driver JIT-compiles the newest one a GPU can run. */
    static final List<String> ARCHITECTURES = List.of("compute_80", "compute_90");

    private static final Pattern HEADER =
            Pattern.compile("^// synapse-ptx sources-sha256=([0-9a-f]{64}) nvcc=(\\S+) arch=(\\S+)$");

    private Ptx() {}

    /** The first line of a shipped PTX file, parsed. */
    record Header(String sourcesSha256, String nvccVersion, String architecture) {}

    static Header header(String ptx) {
        int nl = ptx.indexOf('\n');
        Matcher m = HEADER.matcher(nl < 0 ? ptx : ptx.substring(0, nl));
        if (!m.matches()) {
            throw new IllegalStateException(
                    "a shipped PTX file lacks its synapse-ptx header line: rebuild it with" + " tools/build-ptx.sh");
        }
        return new Header(m.group(1), m.group(2), m.group(3));
    }

    /**
     * The architecture to load for a GPU of compute capability {@code major.minor}: the newest shipped that it runs.
     *
     * @throws CudaUnavailableException for a GPU older than the oldest shipped (8.0, Ampere)
     */
    static String architectureFor(int major, int minor, String deviceName) {
        int cc = major * 10 + minor;
        String best = null;
        for (String arch : ARCHITECTURES) {
            if (Integer.parseInt(arch.substring("compute_".length())) <= cc) {
                best = arch;
            }
        }
        if (best == null) {
            throw new CudaUnavailableException("CUDA device " + deviceName + " has compute capability " + major + "."
                    + minor + "; Synapse's kernels need 8.0 or later (A100, RTX 30xx, H100 and newer)");
        }
        return best;
    }

    /** The module names in the jar ({@code elementwise}, {@code reduce}, ...). */
    static List<String> modules() {
        List<String> names = new ArrayList<>();
        for (String file : read("ptx.list").split("\n")) {
            String f = file.strip();
            String suffix = "." + ARCHITECTURES.getFirst() + ".ptx";
            if (f.endsWith(suffix)) {
                names.add(f.substring(0, f.length() - suffix.length()));
            }
        }
        return names;
    }

    /** The PTX text of one module for one architecture. */
    static String text(String module, String architecture) {
        return read(module + "." + architecture + ".ptx");
    }

    private static String read(String name) {
        try (InputStream in = Ptx.class.getResourceAsStream("ptx/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the synapse-cuda jar lacks dev/synapse/cuda/ptx/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("reading dev/synapse/cuda/ptx/" + name + " from the synapse-cuda jar", e);
        }
    }
}
