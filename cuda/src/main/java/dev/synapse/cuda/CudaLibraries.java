package dev.synapse.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the shared libraries the CUDA backend loads, on CUDA 12 and 13 alike, without anything installed for Java:
 * the driver ({@code libcuda.so.1}), cuBLAS and cuBLASLt ({@code .so.13}, else {@code .so.12}) and, optionally, cuDNN
 * ({@code libcudnn.so.9}). Places, in this order, the first hit winning:
 *
 * <ol>
 *   <li>the folders of {@code LD_LIBRARY_PATH};
 *   <li>{@code CUDA_HOME} and {@code CUDA_PATH}: {@code lib64}, {@code targets/x86_64-linux/lib};
 *   <li>NVIDIA's pip wheels ({@code site-packages/nvidia/*}{@code /lib}, which holds {@code nvidia/cu13/lib}) of the
 *       environment the user chose: {@code VIRTUAL_ENV}, and {@code SYNAPSE_PYTHON} (a Python executable or an
 *       environment's folder);
 *   <li>{@code /usr/local/cuda}, then {@code /usr/local/cuda-*} newest first ({@code lib64},
 *       {@code targets/x86_64-linux/lib}), and {@code /usr/local/nvidia/lib64};
 *   <li>the system's libraries: the entries of {@code ldconfig -p}, {@code /usr/lib/x86_64-linux-gnu},
 *       {@code /lib/x86_64-linux-gnu}, {@code /usr/lib64}, {@code /lib64}, {@code /usr/lib/wsl/lib};
 *   <li>other Python environments' wheels: {@code /opt/*}{@code /.venv} and {@code ~/.local}.
 * </ol>
 *
 * <p>cuBLASLt is looked for in cuBLAS's folder first, since the two must come from one release. When a required
 * library is missing, {@link #require()} throws one {@link CudaUnavailableException} naming every library, every
 * place looked, what was found and how to fix what was not.
 */
public final class CudaLibraries {

    /** A library the backend loads: its name for people, the file names tried in order, and how to install it. */
    public enum Library {
        /** The driver API, installed with the NVIDIA driver; never shipped in wheels. */
        DRIVER(
                "CUDA driver",
                true,
                "install the NVIDIA driver (nvidia-smi must list the GPU); in a container, start it with the GPU"
                        + " passed in (docker run --gpus all)",
                "libcuda.so.1",
                "libcuda.so"),
        /** Dense linear algebra: GEMM and batched GEMM. */
        CUBLAS(
                "cuBLAS",
                true,
                "pip install nvidia-cublas (CUDA 13; nvidia-cublas-cu12 for CUDA 12) into the Python environment"
                        + " named by VIRTUAL_ENV or SYNAPSE_PYTHON, or install the CUDA toolkit and set CUDA_HOME",
                "libcublas.so.13",
                "libcublas.so.12"),
        /** cuBLAS's own dependency, from the same release. */
        CUBLAS_LT(
                "cuBLASLt",
                true,
                "it comes with cuBLAS (pip install nvidia-cublas, or the CUDA toolkit): install both from one release",
                "libcublasLt.so.13",
                "libcublasLt.so.12"),
        /** Convolutions and pooling; optional: without it the backend uses its own kernels. */
        CUDNN(
                "cuDNN",
                false,
                "optional; pip install nvidia-cudnn-cu13 (nvidia-cudnn-cu12 for CUDA 12) to use it",
                "libcudnn.so.9");

        private final String title;
        private final boolean required;
        private final String fix;
        // A false positive: List.of is unmodifiable, which the check cannot see through the List type.
        @SuppressWarnings("ImmutableEnumChecker")
        private final List<String> fileNames;

        Library(String title, boolean required, String fix, String... fileNames) {
            this.title = title;
            this.required = required;
            this.fix = fix;
            this.fileNames = List.of(fileNames);
        }

        /** The name people know it by, e.g. {@code cuBLAS}. */
        public String title() {
            return title;
        }

        /** Whether the backend cannot start without it. */
        public boolean required() {
            return required;
        }

        /** The file names tried in each folder, newest release first. */
        public List<String> fileNames() {
            return fileNames;
        }

        /** How to install it. */
        public String fix() {
            return fix;
        }
    }

    /**
     * What the search reads from the machine; {@link #system()} in use, fake folder trees in tests.
     *
     * @param variables the environment ({@code LD_LIBRARY_PATH}, {@code CUDA_HOME}, {@code VIRTUAL_ENV}, ...)
     * @param home      the user's home folder, for {@code ~/.local}
     * @param root      where the fixed folders ({@code /usr/local/cuda}, {@code /opt}, ...) are resolved: {@code /}
     * @param ldconfig  the output of {@code ldconfig -p}, or the empty string where it could not be run
     */
    public record Environment(Map<String, String> variables, Path home, Path root, String ldconfig) {
        /** This machine's environment, running {@code ldconfig -p} (for at most two seconds) if it exists. */
        public static Environment system() {
            return new Environment(
                    System.getenv(), Path.of(System.getProperty("user.home", "/")), Path.of("/"), ldconfigOutput());
        }
    }

    /**
     * Where one library was found, or not.
     *
     * @param library the library
     * @param path    the file, or null where none was found
     * @param looked  each place looked, in order, as people read it ({@code LD_LIBRARY_PATH: /a}, {@code ldconfig
     *                -p})
     */
    public record Lookup(Library library, @Nullable Path path, List<String> looked) {
        /** Whether the library was found. */
        public boolean found() {
            return path != null;
        }
    }

    private static final Pattern LDCONFIG_ENTRY = Pattern.compile("^\\s*(\\S+)\\s+\\(([^)]*)\\)\\s+=>\\s+(\\S+)\\s*$");
    private static final Pattern CUDA_VERSION_DIR = Pattern.compile("cuda-(\\d+)(?:\\.(\\d+))?");

    private final Environment env;
    private final Map<Library, Lookup> lookups = new EnumMap<>(Library.class);

    private CudaLibraries(Environment env) {
        this.env = env;
        List<Place> places = places();
        for (Library lib : Library.values()) {
            List<Place> order = places;
            Lookup blas = lookups.get(Library.CUBLAS);
            if (lib == Library.CUBLAS_LT && blas != null && blas.path() != null) {
                Path dir = blas.path().getParent();
                order = new ArrayList<>();
                if (dir != null) {
                    order.add(new Place("cuBLAS's folder", dir));
                }
                order.addAll(places);
            }
            lookups.put(lib, find(lib, order));
        }
    }

    /** Searches this machine. */
    public static CudaLibraries search() {
        return new CudaLibraries(Environment.system());
    }

    /** Searches the given environment (tests hand in fake folder trees). */
    public static CudaLibraries search(Environment env) {
        return new CudaLibraries(env);
    }

    /** Where {@code library} was found, with every place looked. */
    public Lookup lookup(Library library) {
        Lookup l = lookups.get(library);
        if (l == null) {
            throw new IllegalStateException("no lookup for " + library);
        }
        return l;
    }

    /** The file of a required library; throws {@link CudaUnavailableException} with {@link #report} if any is missing. */
    public Path require(Library library) {
        if (!library.required()) {
            throw new IllegalArgumentException(library.title() + " is optional: use lookup(" + library + ")");
        }
        require();
        Path p = lookup(library).path();
        if (p == null) {
            throw new IllegalStateException("require() passed but " + library.title() + " has no path");
        }
        return p;
    }

    /** Throws {@link CudaUnavailableException} naming everything when a required library is missing. */
    public void require() {
        List<String> missing = new ArrayList<>();
        for (Lookup l : lookups.values()) {
            if (l.library().required() && !l.found()) {
                missing.add(l.library().title());
            }
        }
        if (!missing.isEmpty()) {
            throw new CudaUnavailableException("CUDA is not available: " + String.join(", ", missing)
                    + (missing.size() == 1 ? " was" : " were") + " not found.\n" + report());
        }
    }

    /** Every library, where it was found or every place looked and how to install it. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        for (Lookup l : lookups.values()) {
            Library lib = l.library();
            sb.append("  ")
                    .append(lib.title())
                    .append(" (")
                    .append(String.join(" or ", lib.fileNames()))
                    .append(lib.required() ? "" : ", optional")
                    .append("): ");
            if (l.path() != null) {
                sb.append("found ").append(l.path()).append('\n');
            } else {
                sb.append("not found. Looked in: ")
                        .append(String.join("; ", l.looked()))
                        .append(".\n    Fix: ")
                        .append(lib.fix())
                        .append(".\n");
            }
        }
        return sb.toString();
    }

    // ---- the places -----------------------------------------------------------------------------

    /** A folder to look in, labelled by why it is looked in; a null folder marks a variable that is not set. */
    private record Place(String label, @Nullable Path dir) {
        String describe() {
            return dir == null ? label + " (not set)" : label + ": " + dir;
        }
    }

    private List<Place> places() {
        List<Place> places = new ArrayList<>();
        String ldPath = variable("LD_LIBRARY_PATH");
        if (ldPath == null) {
            places.add(new Place("LD_LIBRARY_PATH", null));
        } else {
            for (String dir : ldPath.split(":")) {
                if (!dir.isBlank()) {
                    places.add(new Place("LD_LIBRARY_PATH", Path.of(dir)));
                }
            }
        }
        for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
            String home = variable(var);
            if (home == null) {
                places.add(new Place(var, null));
            } else {
                addToolkit(places, var, Path.of(home));
            }
        }
        String venv = variable("VIRTUAL_ENV");
        if (venv == null) {
            places.add(new Place("VIRTUAL_ENV", null));
        } else {
            addWheels(places, "VIRTUAL_ENV's NVIDIA wheels", Path.of(venv));
        }
        String python = variable("SYNAPSE_PYTHON");
        if (python == null) {
            places.add(new Place("SYNAPSE_PYTHON", null));
        } else {
            addWheels(places, "SYNAPSE_PYTHON's NVIDIA wheels", pythonEnvironment(Path.of(python)));
        }
        Path local = env.root().resolve("usr/local");
        addToolkit(places, "CUDA toolkit", local.resolve("cuda"));
        for (Path dir : versionedToolkits(local)) {
            addToolkit(places, "CUDA toolkit", dir);
        }
        places.add(new Place("NVIDIA driver folder", local.resolve("nvidia/lib64")));
        places.add(new Place("NVIDIA driver folder", local.resolve("nvidia/lib")));
        // ldconfig's entries are files, handled in find(); this marks where they come in the order.
        places.add(new Place(LDCONFIG, env.root()));
        for (String dir :
                List.of("usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu", "usr/lib64", "lib64", "usr/lib/wsl/lib")) {
            places.add(new Place("system", env.root().resolve(dir)));
        }
        for (Path venvDir : children(env.root().resolve("opt"))) {
            Path dotVenv = venvDir.resolve(".venv");
            if (Files.isDirectory(dotVenv)) {
                addWheels(places, "NVIDIA wheels", dotVenv);
            }
        }
        addWheels(places, "NVIDIA wheels in ~/.local", env.home().resolve(".local"));
        return places;
    }

    private static final String LDCONFIG = "ldconfig -p";

    private @Nullable String variable(String name) {
        String v = env.variables().get(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static void addToolkit(List<Place> places, String label, Path home) {
        places.add(new Place(label, home.resolve("lib64")));
        places.add(new Place(label, home.resolve("targets/x86_64-linux/lib")));
    }

    /**
     * The NVIDIA library folders of a Python environment: {@code lib/python3*}{@code /site-packages/nvidia/*}{@code
     * /lib}. Where the environment holds none, its {@code site-packages} is listed as looked.
     */
    private static void addWheels(List<Place> places, String label, Path environment) {
        List<Path> sitePackages = new ArrayList<>();
        for (Path lib : children(environment.resolve("lib"))) {
            if (lib.getFileName().toString().startsWith("python3")) {
                sitePackages.add(lib.resolve("site-packages"));
            }
        }
        if (sitePackages.isEmpty()) {
            places.add(new Place(label, environment.resolve("lib/python3*/site-packages/nvidia/*/lib")));
            return;
        }
        for (Path site : sitePackages) {
            List<Path> nvidia = children(site.resolve("nvidia"));
            if (nvidia.isEmpty()) {
                places.add(new Place(label, site.resolve("nvidia/*/lib")));
            }
            for (Path pkg : nvidia) {
                places.add(new Place(label, pkg.resolve("lib")));
            }
        }
    }

    /** A Python executable's environment ({@code env/bin/python3} gives {@code env}), or the folder itself. */
    private static Path pythonEnvironment(Path python) {
        if (Files.isDirectory(python)) {
            return python;
        }
        Path bin = python.toAbsolutePath().getParent();
        Path env = bin == null ? null : bin.getParent();
        return env == null ? python : env;
    }

    /** {@code cuda-13.0}, {@code cuda-12.8}, ... newest first. */
    private static List<Path> versionedToolkits(Path local) {
        List<Path> dirs = new ArrayList<>();
        for (Path p : children(local)) {
            if (CUDA_VERSION_DIR.matcher(p.getFileName().toString()).matches()) {
                dirs.add(p);
            }
        }
        dirs.sort(Comparator.comparingLong(CudaLibraries::toolkitVersion).reversed());
        return dirs;
    }

    private static long toolkitVersion(Path dir) {
        Matcher m = CUDA_VERSION_DIR.matcher(dir.getFileName().toString());
        if (!m.matches()) {
            return -1;
        }
        long major = Long.parseLong(m.group(1));
        long minor = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        return major * 1000 + minor;
    }

    /** The entries of a folder sorted by name; none if it does not exist or cannot be read. */
    private static List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p);
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    private Lookup find(Library lib, List<Place> places) {
        List<String> looked = new ArrayList<>();
        Map<String, Path> ldconfig = ldconfigEntries(env.ldconfig());
        for (Place place : places) {
            if (place.label().equals(LDCONFIG)) {
                if (env.ldconfig().isEmpty()) {
                    looked.add(LDCONFIG + " (not available)");
                    continue;
                }
                looked.add(LDCONFIG);
                for (String name : lib.fileNames()) {
                    Path p = ldconfig.get(name);
                    if (p != null && Files.isRegularFile(p)) {
                        return new Lookup(lib, p, List.copyOf(looked));
                    }
                }
                continue;
            }
            looked.add(place.describe());
            Path dir = place.dir();
            if (dir == null) {
                continue;
            }
            for (String name : lib.fileNames()) {
                Path p = dir.resolve(name);
                if (Files.isRegularFile(p)) {
                    return new Lookup(lib, p, List.copyOf(looked));
                }
            }
        }
        return new Lookup(lib, null, List.copyOf(looked));
    }

    /**
     * The 64-bit entries of {@code ldconfig -p}'s output by file name, the first of each name winning: lines such as
     * {@code libcuda.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcuda.so.1}.
     */
    static Map<String, Path> ldconfigEntries(String output) {
        Map<String, Path> entries = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            Matcher m = LDCONFIG_ENTRY.matcher(line);
            if (m.matches() && m.group(2).contains("x86-64")) {
                entries.putIfAbsent(m.group(1), Path.of(m.group(3)));
            }
        }
        return entries;
    }

    private static String ldconfigOutput() {
        for (String exe : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (!Files.isExecutable(Path.of(exe))) {
                continue;
            }
            try {
                Process p = new ProcessBuilder(exe, "-p")
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                byte[] out;
                try (InputStream in = p.getInputStream()) {
                    out = in.readNBytes(4 << 20);
                }
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "";
                }
                return new String(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
        return "";
    }
}
