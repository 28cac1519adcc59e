package dev.synapse.bench;

import dev.synapse.Synapse;
import dev.synapse.backend.cpu.Parallel;
import dev.synapse.cli.Flags;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;

/**
 * {@code ./synapse bench race}: Synapse against libtorch (through DJL, module {@code bench-peers})
 * and PyTorch in the same run. Every workload runs on every side in a fresh process, pass after
 * pass, the order of the sides reversed every other pass; each side prints one result line (see
 * {@link RaceStats#parseLine}) and the race prints, per workload, each side's median of pass
 * medians, their spread and Synapse's time ratio to each peer. Beside them, the machine's FMA peak
 * as Java reaches it ({@link FmaPeak}) and as C does ({@code bench/src/main/c/fma_peak.c}, compiled
 * with gcc where there is one), and for the products OpenBLAS through NumPy: the hand-written assembly GEMM of the
 * machine, as the reference for what its FMA peak allows a GEMM. A peer that cannot be had is named in one line and
 * left out.
 */
public final class Race {
    private static final List<String> TRAINING = List.of("mlp", "cnn", "autoencoder");
    private static final List<String> GEMM = List.of("gemm1024", "gemm2048");
    /** Rows and columns of the activations workload's input. */
    private static final int ACTIVATION_ROWS = 1024;
    /**
     * Warm-up of a product workload, at most (and at least 2 products): with 2 products alone a fresh JVM was timed
     * while C2 was still compiling the micro-kernel (n = 1024: 85 GFLOP/s in the race against 130 once compiled).
     */
    private static final double GEMM_WARM_SECONDS = 3;

    private static final Path TORCH_SCRIPT = Path.of("bench/src/main/python/race_torch.py");
    private static final Path OPENBLAS_SCRIPT = Path.of("bench/src/main/python/race_openblas.py");
    private static final Path C_SOURCE = Path.of("bench/src/main/c/fma_peak.c");
    private static final Path C_BINARY = Path.of("bench/target/race/fma_peak");
    private static final Path C_BINARY_AVX2 = Path.of("bench/target/race/fma_peak_avx2");
    /**
     * What limits every side to AVX2 with {@code --isa avx2}: HotSpot's vector width (the Vector API's preferred
     * species becomes 256-bit), ATen's kernels, oneDNN's (both names it has read), MKL's; the C loop is compiled
     * without {@code -mavx512f}.
     */
    private static final Map<String, String> AVX2_ENV = Map.of(
            "ATEN_CPU_CAPABILITY", "avx2",
            "ONEDNN_MAX_CPU_ISA", "AVX2",
            "DNNL_MAX_CPU_ISA", "AVX2",
            "MKL_ENABLE_INSTRUCTIONS", "AVX2");

    /** The venv that the Python peers run in where SYNAPSE_PYTHON names none (torch-venv: it began with torch). */
    private static final Path PYTHON_VENV = Path.of("bench/target/race/torch-venv");
    /** Where libtorch's native library is cached, so that DJL downloads nothing at run time. */
    static final Path DJL_CACHE = Path.of("bench-peers/target/djl-cache");

    private static final long SIDE_TIMEOUT_MINUTES = 15;
    private static final String PEAK_SECONDS = "0.05";
    private static final int PEAK_RUNS = 9;

    private Race() {}

    /** A way to run one workload in a fresh process. */
    private record Side(String name, List<String> command, Map<String, String> env) {}

    /** Runs the race, or with {@code --worker} one workload of the Synapse side in this process. */
    public static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse bench race",
                "Synapse against libtorch (DJL) and PyTorch, each workload in a fresh process per side and pass.",
                args);
        int passes = f.integer("passes", 3, 1, "passes over all workloads and sides");
        String workloads = f.string(
                "workloads", "mlp,cnn,autoencoder,gemm", "among mlp, cnn, autoencoder, activations, gemm, peak");
        int threads = f.integer("threads", 2, 1, "intra-op threads on every side");
        String isa = f.choice(
                "isa",
                "native",
                "native: what the CPU has; avx2: every side limited to AVX2 (an AVX2 machine, emulated on AVX-512)",
                "native",
                "avx2");
        int warmup = f.integer("warmup", 5, 1, "untimed steps (products for gemm) first");
        int steps = f.integer("steps", 20, 1, "timed steps (products for gemm) per side and pass");
        double warmSeconds =
                f.real("warmup-seconds", 10, "and keep warming up training steps until this many seconds have passed");
        String worker =
                f.string("worker", "", "runs only this workload here, on the Synapse side, and prints its line");
        f.done();
        if (!worker.isEmpty()) {
            System.out.println(work(worker, warmup, warmSeconds, steps));
            return;
        }
        List<String> names = expand(workloads);
        new Race().race(names, passes, threads, isa.equals("avx2"), warmup, warmSeconds, steps);
    }

    private static List<String> expand(String workloads) {
        List<String> names = new ArrayList<>();
        for (String w : workloads.split(",")) {
            switch (w.strip()) {
                case "mlp", "cnn", "autoencoder", "activations", "peak" -> names.add(w.strip());
                case "gemm" -> names.addAll(GEMM);
                default ->
                    throw new IllegalArgumentException("race: unknown workload '" + w.strip()
                            + "' (mlp, cnn, autoencoder, activations, gemm, peak)");
            }
        }
        if (names.contains("gemm1024") && !names.contains("peak")) {
            names.add("peak"); // SGEMM is reported as a fraction of it
        }
        return names;
    }

    // ---- the Synapse side, in a worker process ---------------------------------------------------------

    /** One workload on the Synapse side: its result line. */
    static String work(String workload, int warmup, double warmSeconds, int steps) {
        double[] samples;
        String unit = "ms";
        String extra = "";
        Synapse.setSeed(42);
        if (TRAINING.contains(workload)) {
            samples = train(workload, warmup, warmSeconds, steps);
        } else if (GEMM.contains(workload)) {
            samples = gemm(Integer.parseInt(workload.substring(4)), warmup, warmSeconds, steps);
            unit = "gflops";
        } else if (workload.equals("activations")) {
            samples = activations(warmup, warmSeconds, steps);
        } else if (workload.equals("peak")) {
            long iters = FmaPeak.calibrate(Double.parseDouble(PEAK_SECONDS));
            samples = new double[PEAK_RUNS];
            double cpu = 0;
            for (int i = 0; i < PEAK_RUNS; i++) {
                FmaPeak.Sample s = FmaPeak.sample(iters);
                samples[i] = s.wall() / 1e9;
                cpu = Math.max(cpu, s.cpu() / 1e9);
            }
            unit = "gflops";
            extra = String.format(Locale.ROOT, " cpu=%.4f", cpu);
        } else {
            throw new IllegalArgumentException("race: unknown workload '" + workload + "'");
        }
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        return String.format(
                Locale.ROOT,
                "race side=synapse workload=%s unit=%s median=%.4f min=%.4f max=%.4f n=%d threads=%d isa=%d-bit%s",
                workload,
                unit,
                median,
                s[0],
                s[n - 1],
                n,
                Parallel.threads(),
                FloatVector.SPECIES_PREFERRED.vectorBitSize(),
                extra);
    }

    private static double[] train(String workload, int warmup, double warmSeconds, int steps) {
        TrainStepBench.Workload w = switch (workload) {
            case "mlp" -> TrainStepBench.mlp();
            case "cnn" -> TrainStepBench.cnn();
            default -> TrainStepBench.convAutoencoder();
        };
        w.model().apply(w.x().slice(0, 0, 1));
        List<Tensor> params = w.model().trainableVariables();
        long warmEnd = System.nanoTime() + (long) (warmSeconds * 1e9);
        for (int i = 0; i < warmup || System.nanoTime() < warmEnd; i++) {
            TrainStepBench.step(w, params);
        }
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            TrainStepBench.step(w, params);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /**
     * Milliseconds of {@code tanh(x)} and {@code sigmoid(x)} on a 1024 x 1024 float32 tensor, each into a new tensor
     * (the elementwise transcendental ops of recurrent layers and GAN outputs), after the warm-up. Each step runs in a
     * step scope ({@link Synapse#stepScope()}), as a trainer's step does, so its outputs' arrays are reused as
     * PyTorch's allocator reuses its blocks.
     */
    private static double[] activations(int warmup, double warmSeconds, int steps) {
        Tensor x = Tensor.randn(ACTIVATION_ROWS, ACTIVATION_ROWS);
        long warmEnd = System.nanoTime() + (long) (warmSeconds * 1e9);
        for (int i = 0; i < warmup || System.nanoTime() < warmEnd; i++) {
            activationStep(x);
        }
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            activationStep(x);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static void activationStep(Tensor x) {
        try (var _ = Synapse.stepScope()) {
            x.tanh();
            x.sigmoid();
        }
    }

    /** GFLOP/s of products of two n x n float32 matrices into a preallocated output, after the warm-up. */
    private static double[] gemm(int n, int warmup, double warmSeconds, int steps) {
        Tensor a = Tensor.randn(n, n);
        Tensor b = Tensor.randn(n, n);
        Tensor out = Tensor.empty(a.dtype(), Device.CPU, n, n);
        long warmEnd = System.nanoTime() + (long) (warmSeconds * 1e9);
        for (int i = 0; i < warmup || System.nanoTime() < warmEnd; i++) {
            a.backend().matmul(a, b, out);
        }
        double[] gflops = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            a.backend().matmul(a, b, out);
            gflops[i] = 2.0 * n * n * n / (System.nanoTime() - t0);
        }
        return gflops;
    }

    // ---- the race ------------------------------------------------------------------------------------

    private final List<String> notes = new ArrayList<>();

    private void race(
            List<String> workloads, int passes, int threads, boolean avx2, int warmup, double warmSeconds, int steps) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String threadsText = Integer.toString(threads);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SYNAPSE_NUM_THREADS", threadsText);
        env.put("OMP_NUM_THREADS", threadsText);
        if (avx2) {
            env.putAll(AVX2_ENV);
        }

        List<Side> sides = new ArrayList<>();
        List<String> synapse = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
        if (avx2) {
            synapse.add("-XX:UseAVX=2");
        }
        synapse.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Xss8m"));
        synapse.addAll(List.of("-cp", System.getProperty("java.class.path"), Bench.class.getName(), "race"));
        synapse.addAll(List.of("--warmup", "W", "--warmup-seconds", "T", "--steps", "S", "--worker"));
        sides.add(new Side("synapse", synapse, env));
        libtorch(java, threadsText, env).ifPresent(sides::add);
        pytorch(threadsText, env).ifPresent(sides::add);
        Optional<Side> c = workloads.contains("peak") ? cPeak(threadsText, avx2) : Optional.empty();
        Optional<Side> blas =
                workloads.stream().anyMatch(GEMM::contains) ? openblas(threadsText, env, avx2) : Optional.empty();

        printMachine(threads);
        if (avx2) {
            System.out.println("Every side limited to AVX2: -XX:UseAVX=2 for Synapse, "
                    + String.join(", ", AVX2_ENV.keySet()) + " for libtorch and PyTorch, no -mavx512f for the C loop");
        }
        notes.forEach(System.out::println);
        System.out.printf(
                "%d passes; per side and pass a warm-up of at least %d steps and %.1f s (gemm: 2 products and %.1f s), then %d"
                        + " timed steps (10 products for gemm); sides alternate order every pass%n%n",
                passes, warmup, warmSeconds, Math.min(warmSeconds, GEMM_WARM_SECONDS), steps);

        // results.get(workload).get(side): the pass medians; units and versions as the lines give them
        Map<String, Map<String, List<Double>>> results = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        Map<String, String> versions = new LinkedHashMap<>();
        Map<String, Double> cpuPeak = new LinkedHashMap<>();
        Map<String, String> isas = new LinkedHashMap<>();
        for (int pass = 0; pass < passes; pass++) {
            for (String w : workloads) {
                List<Side> order = new ArrayList<>();
                if (w.equals("peak")) {
                    order.add(sides.get(0));
                    c.ifPresent(order::add);
                } else {
                    order.addAll(sides);
                    if (GEMM.contains(w)) {
                        blas.ifPresent(order::add);
                    }
                }
                if (pass % 2 == 1) {
                    Collections.reverse(order);
                }
                for (Side side : order) {
                    boolean gemm = GEMM.contains(w);
                    Optional<Map<String, String>> line = runSide(
                            side,
                            w,
                            gemm ? 2 : warmup,
                            gemm ? Math.min(warmSeconds, GEMM_WARM_SECONDS) : warmSeconds,
                            gemm ? Math.min(steps, 10) : steps);
                    if (line.isEmpty()) {
                        continue;
                    }
                    Map<String, String> fields = line.get();
                    double median = median(fields);
                    if (!(median > 0) || Double.isInfinite(median)) {
                        System.err.printf("race: %s gave no usable median for %s: %s%n", side.name(), w, fields);
                        continue;
                    }
                    results.computeIfAbsent(w, k -> new LinkedHashMap<>())
                            .computeIfAbsent(side.name(), k -> new ArrayList<>())
                            .add(median);
                    System.err.printf(
                            Locale.ROOT,
                            "race: pass %d, %s, %s: %.2f %s%n",
                            pass + 1,
                            w,
                            side.name(),
                            median,
                            fields.getOrDefault("unit", "ms"));
                    units.put(w, fields.getOrDefault("unit", "ms"));
                    if (fields.containsKey("version")) {
                        versions.put(side.name(), fields.get("version"));
                    }
                    if (fields.containsKey("isa")) {
                        isas.put(side.name(), fields.get("isa"));
                    }
                    if (fields.containsKey("cpu")) {
                        cpuPeak.merge(side.name(), Double.parseDouble(fields.get("cpu")), Math::max);
                    }
                }
            }
        }
        if (!isas.isEmpty()) {
            List<String> said = new ArrayList<>();
            isas.forEach((side, isa) -> said.add(side + " " + isa));
            System.out.println("Vector code as each side reports it: " + String.join(", ", said) + "\n");
        }
        printTables(results, units, versions, cpuPeak);
    }

    /** The line's median; NaN when it has none or not a number. */
    private static double median(Map<String, String> fields) {
        try {
            return Double.parseDouble(fields.getOrDefault("median", "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Runs one side on one workload; its fields, or empty (said on stderr) when it gave no result line. */
    private static Optional<Map<String, String>> runSide(
            Side side, String workload, int warmup, double warmSeconds, int steps) {
        String seconds = String.format(Locale.ROOT, "%.3f", warmSeconds);
        List<String> command = new ArrayList<>();
        for (String part : side.command()) {
            command.add(
                    switch (part) {
                        case "W" -> Integer.toString(warmup);
                        case "S" -> Integer.toString(steps);
                        case "T" -> seconds;
                        default -> part;
                    });
        }
        if (!side.name().equals("c")) {
            command.add(workload);
            if (!side.name().equals("synapse")) {
                command.addAll(List.of(Integer.toString(warmup), Integer.toString(steps)));
                command.add(side.env().getOrDefault("SYNAPSE_NUM_THREADS", "1"));
                command.add(seconds);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(side.env());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(SIDE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly();
            }
            for (String line : out.lines().toList()) {
                Optional<Map<String, String>> fields = RaceStats.parseLine(line);
                if (fields.isPresent()) {
                    return fields;
                }
            }
            List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
            System.err.printf(
                    "race: %s gave no result for %s (exit %s): %s%n",
                    side.name(),
                    workload,
                    done ? Integer.toString(p.exitValue()) : "timed out",
                    lines.isEmpty() ? "no output" : lines.get(lines.size() - 1));
            return Optional.empty();
        } catch (IOException e) {
            System.err.printf("race: %s could not be started for %s: %s%n", side.name(), workload, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("race: interrupted", e);
        }
    }

    /** libtorch through DJL, when {@code ./synapse} could build {@code bench-peers} (its class path in SYNAPSE_LIBTORCH_CP). */
    private Optional<Side> libtorch(String java, String threads, Map<String, String> env) {
        String cp = System.getenv("SYNAPSE_LIBTORCH_CP");
        if (cp == null || cp.isBlank()) {
            notes.add(libtorchNotRun("race"));
            return Optional.empty();
        }
        String cache = DJL_CACHE.toAbsolutePath().toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of("-Dai.djl.offline=true", "-DDJL_CACHE_DIR=" + cache, "-DENGINE_CACHE_DIR=" + cache));
        command.addAll(List.of("-cp", cp, "dev.synapse.bench.peers.DjlRace"));
        notes.add("libtorch: through DJL 0.35.0, offline, native library cached in " + DJL_CACHE + ", " + threads
                + " intra-op threads");
        return Optional.of(new Side("libtorch", command, env));
    }

    /**
     * Why libtorch is not run where {@code ./synapse} has not handed over bench-peers' class path (SYNAPSE_LIBTORCH_CP):
     * the reason it gives (SYNAPSE_LIBTORCH_NOTE), or that the benchmark ran without it.
     */
    static String libtorchNotRun(String bench) {
        String why = System.getenv("SYNAPSE_LIBTORCH_NOTE");
        return "libtorch (DJL) not run: "
                + (why == null || why.isBlank()
                        ? "no class path for bench-peers (run through ./synapse bench " + bench + ")"
                        : why);
    }

    /** PyTorch: SYNAPSE_PYTHON, else a venv under bench/target made from the configured pip index. */
    private Optional<Side> pytorch(String threads, Map<String, String> env) {
        Optional<String> python = python("PyTorch", "torch");
        if (python.isEmpty()) {
            return Optional.empty();
        }
        notes.add("PyTorch: " + python.get() + ", " + threads + " intra-op threads");
        return Optional.of(new Side("pytorch", List.of(python.get(), TORCH_SCRIPT.toString()), env));
    }

    /**
     * OpenBLAS through NumPy, for the products only: what a hand-written assembly GEMM reaches on this machine in the
     * same run. OpenBLAS picks its kernels by CPU model and takes some AVX-512 CPUs it does not know (Zen 5) for
     * Haswell, so the race names the kernel set that matches the ISA raced: SkylakeX's (the AVX-512 SGEMM of every
     * later Intel kernel set too) where the CPU has AVX-512, Haswell's with {@code --isa avx2}.
     */
    private Optional<Side> openblas(String threads, Map<String, String> env, boolean avx2) {
        Optional<String> python = python("OpenBLAS", "numpy");
        if (python.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> blasEnv = new LinkedHashMap<>(env);
        List<String> flags = cpuFlags();
        if (avx2) {
            blasEnv.put("OPENBLAS_CORETYPE", "Haswell");
        } else if (flags.containsAll(List.of("avx512f", "avx512bw", "avx512dq", "avx512vl"))) {
            blasEnv.put("OPENBLAS_CORETYPE", "SkylakeX");
        }
        notes.add("OpenBLAS (products only): NumPy in " + python.get() + ", " + threads + " threads, "
                + (blasEnv.containsKey("OPENBLAS_CORETYPE")
                        ? "OPENBLAS_CORETYPE=" + blasEnv.get("OPENBLAS_CORETYPE")
                        : "kernels as OpenBLAS detects them"));
        return Optional.of(new Side("openblas", List.of(python.get(), OPENBLAS_SCRIPT.toString()), blasEnv));
    }

    /**
     * A Python that can import {@code module}: SYNAPSE_PYTHON, else the venv under bench/target, made (and given the
     * module) from the configured pip index once. Empty, with a note saying why {@code side} is not run, where there
     * is none.
     */
    private Optional<String> python(String side, String module) {
        String python = System.getenv("SYNAPSE_PYTHON");
        String from;
        if (python != null && !python.isBlank()) {
            from = "SYNAPSE_PYTHON";
        } else {
            python = PYTHON_VENV.resolve("bin/python").toString();
            from = PYTHON_VENV.toString();
            if (!canImport(python, module)) {
                System.err.println(
                        "race: installing " + module + " into a Python venv in " + PYTHON_VENV + " (pip, once)");
                Optional<String> failure = installIntoVenv(module);
                if (failure.isPresent()) {
                    notes.add(side + " not run: no SYNAPSE_PYTHON, and " + failure.get());
                    return Optional.empty();
                }
            }
        }
        if (!canImport(python, module)) {
            notes.add(side + " not run: " + python + " (" + from + ") cannot import " + module);
            return Optional.empty();
        }
        return Optional.of(python);
    }

    private static boolean canImport(String python, String module) {
        return quietly(List.of(python, "-c", "import " + module), 2).isEmpty();
    }

    private static Optional<String> installIntoVenv(String module) {
        if (!Files.isExecutable(PYTHON_VENV.resolve("bin/python"))) {
            Optional<String> failure = quietly(List.of("python3", "-m", "venv", PYTHON_VENV.toString()), 5);
            if (failure.isPresent()) {
                return Optional.of("python3 -m venv failed: " + failure.get());
            }
        }
        String pip = PYTHON_VENV.resolve("bin/pip").toString();
        return quietly(List.of(pip, "install", "--quiet", module), 15)
                .map(e -> "pip install " + module + " failed: " + e);
    }

    /** The C FMA loop, compiled into bench/target when gcc is there: 512-bit where the CPU has AVX-512. */
    private Optional<Side> cPeak(String threads, boolean avx2) {
        try {
            Files.createDirectories(C_BINARY.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> flags = new ArrayList<>(List.of("-O2", "-mfma", "-mavx2"));
        if (cpuFlags().contains("avx512f") && !avx2) {
            flags.add("-mavx512f");
        }
        flags.add("-fopenmp");
        String gcc = "gcc " + String.join(" ", flags);
        Path binary = avx2 ? C_BINARY_AVX2 : C_BINARY;
        List<String> command = new ArrayList<>(List.of("gcc"));
        command.addAll(flags);
        command.addAll(List.of("-o", binary.toString(), C_SOURCE.toString()));
        Optional<String> failure = quietly(command, 2);
        if (failure.isPresent()) {
            notes.add("C FMA peak not run: " + gcc + " " + C_SOURCE + ": " + failure.get());
            return Optional.empty();
        }
        notes.add("C FMA peak: " + C_SOURCE + " (" + gcc + "), " + threads + " OpenMP threads");
        return Optional.of(new Side(
                "c",
                List.of(binary.toString(), threads, PEAK_SECONDS, Integer.toString(PEAK_RUNS)),
                Map.of("OMP_NUM_THREADS", threads)));
    }

    /** Runs a command with its output discarded; empty when it exits 0, else why not. */
    private static Optional<String> quietly(List<String> command, long minutes) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return Optional.of("timed out after " + minutes + " min");
            }
            return p.exitValue() == 0 ? Optional.empty() : Optional.of("exit " + p.exitValue());
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** The first CPU's feature flags from /proc/cpuinfo (avx2, avx512f, fma, ...); empty where unreadable. */
    private static List<String> cpuFlags() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("flags") && l.contains(":")) {
                    return List.of(l.substring(l.indexOf(':') + 1).strip().split("\\s+"));
                }
            }
        } catch (IOException e) {
            // not Linux, or not readable: no flags known
        }
        return List.of();
    }

    private static void printMachine(int threads) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        String model = "unknown CPU";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                for (String l : Files.readAllLines(cpuinfo)) {
                    if (l.startsWith("model name") && l.contains(":")) {
                        model = l.substring(l.indexOf(':') + 1).strip();
                        break;
                    }
                }
            } catch (IOException e) {
                model = "unknown CPU (" + e.getMessage() + ")";
            }
        }
        List<String> flags = cpuFlags();
        String isa = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : "no AVX2";
        if (flags.contains("fma")) {
            isa += " + FMA";
        }
        System.out.printf(
                "Race on %s: %s, %s, %d cores; %d threads per side; Java %s, %s; %s%n",
                host,
                model,
                isa,
                Runtime.getRuntime().availableProcessors(),
                threads,
                Runtime.version(),
                FloatVector.SPECIES_PREFERRED,
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private static void printTables(
            Map<String, Map<String, List<Double>>> results,
            Map<String, String> units,
            Map<String, String> versions,
            Map<String, Double> cpuPeak) {
        // Against the C peak's best pass (the machine at its quietest) and its median pass (the machine as the
        // passes found it): on a shared machine the two differ by a third and more.
        RaceStats.Summary cPeak = null;
        Map<String, List<Double>> peak = results.get("peak");
        if (peak != null && peak.containsKey("c")) {
            cPeak = RaceStats.of(peak.get("c"));
        }
        for (var e : results.entrySet()) {
            String w = e.getKey();
            String unit = units.get(w);
            boolean rate = "gflops".equals(unit);
            System.out.printf(
                    "%-28s %10s %21s %s%n",
                    w + (rate ? " (GFLOP/s)" : " (ms/step)"),
                    "median",
                    "spread over passes",
                    w.equals("peak") ? "best pass" : "Synapse time / peer time");
            Map<String, List<Double>> bySide = e.getValue();
            RaceStats.Summary ours = bySide.containsKey("synapse") ? RaceStats.of(bySide.get("synapse")) : null;
            for (var s : bySide.entrySet()) {
                RaceStats.Summary sum = RaceStats.of(s.getValue());
                String label = s.getKey() + (versions.containsKey(s.getKey()) ? " " + versions.get(s.getKey()) : "");
                String tail = "";
                if (w.equals("peak")) {
                    tail = String.format(Locale.ROOT, "%.1f", sum.max());
                    if (cpuPeak.containsKey(s.getKey())) {
                        tail += String.format(Locale.ROOT, "  (%.1f per CPU-second given)", cpuPeak.get(s.getKey()));
                    }
                } else {
                    if (ours != null && !s.getKey().equals("synapse")) {
                        tail = String.format(Locale.ROOT, "%.2fx", RaceStats.timeRatio(unit, ours, sum));
                    }
                    if (rate && cPeak != null) {
                        tail = (tail
                                        + String.format(
                                                Locale.ROOT,
                                                " (%.2f of the C peak's best pass, %.2f of its median)",
                                                sum.median() / cPeak.max(),
                                                sum.median() / cPeak.median()))
                                .strip();
                    }
                }
                System.out.printf(
                        Locale.ROOT,
                        "  %-26s %10.2f %10.2f – %-8.2f %s%n",
                        label,
                        sum.median(),
                        sum.min(),
                        sum.max(),
                        tail);
            }
            System.out.println();
        }
    }
}
