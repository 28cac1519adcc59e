package dev.synapse.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark standalone cluster on this machine: one {@code Master} and {@code N} {@code Worker}s (one core each), each
 * a JVM of its own on 127.0.0.1, started with this JVM's {@code java} and class path; each worker runs one executor
 * JVM per application. Unlike {@code local[N]}, where tasks are threads of the driver's JVM, the tasks run in
 * separate executor JVMs as on a real cluster: what crosses between them is serialized, each executor builds its own
 * models, and an executor can be lost. It is what Spark's own {@code start-master.sh} and {@code start-worker.sh}
 * start, without an installed Spark.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(2);
 *         SparkSession spark = cluster.session("my-app").getOrCreate()) {
 *     SparkTrainer.builder(model).workers(2)...build().fit(samples);
 * }
 * }</pre>
 *
 * <p>The master listens on port 7077, or on a free port when 7077 is taken. {@link #close()} kills every JVM it
 * started (master, workers and their executors); so does a shutdown hook when this JVM exits first, and each daemon
 * halts by itself when this JVM is gone without running its hooks (killed).
 *
 * <p>The workers find Spark's jars as an installed Spark keeps them, in {@code $SPARK_HOME/jars}: here a temporary
 * folder of links to the jars of the class path, which is also where each executor's output stays
 * ({@code work-N/APP/EXECUTOR/stderr}) until {@link #close()} deletes it. The class path's folders (compiled classes
 * of a build) reach the executors through {@code spark.executor.extraClassPath}, as an application's jar would
 * through {@code spark-submit --jars}.
 */
public final class LocalCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int DEFAULT_MASTER_PORT = 7077;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    /**
     * Spark's warning when a port it was given is taken by the time it binds; it then tries the next one. For the
     * master's web UI, which {@link #awaitWorkers} polls, the last such line names the port the UI ended up on.
     */
    private static final Pattern MASTER_UI_MOVED =
            Pattern.compile("Service 'MasterUI' could not bind on port \\d+\\. Attempting port (\\d+)\\.");
    /** Synapse's kernels need the Vector API; Spark adds its own opens to these ({@code JavaModuleOptions}). */
    static final String EXECUTOR_JAVA_OPTIONS = "--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED";

    private final int workers;
    private final String executorMemory;
    private final List<String> classPath;
    private final List<Daemon> daemons = new ArrayList<>();
    private final Path dir;
    private final Thread shutdownHook;
    private String masterUrl = "";
    private int webUiPort;
    private boolean closed;

    /** A started JVM, its role and where its output goes. */
    private record Daemon(String role, Process process, Path log) {}

    private LocalCluster(Builder b) throws IOException {
        this.workers = b.workers;
        this.executorMemory = b.executorMemory;
        this.classPath = b.classPath;
        this.dir = Files.createTempDirectory("synapse-spark-cluster");
        this.shutdownHook = new Thread(
                () -> {
                    killAll();
                    deleteTree(dir);
                },
                "local-cluster-shutdown");
    }

    /** Starts a cluster of {@code workers} one-core workers with the defaults of {@link Builder}. */
    public static LocalCluster start(int workers) {
        return builder().workers(workers).start();
    }

    /** The settings of a cluster to start. */
    public static Builder builder() {
        return new Builder();
    }

    /** The master's URL, {@code spark://127.0.0.1:PORT}. */
    public String masterUrl() {
        requireOpen();
        return masterUrl;
    }

    /** How many workers the cluster has, each with one core. */
    public int workers() {
        return workers;
    }

    /**
     * A session builder for this cluster (as {@code spark-submit --master spark://...}): one single-core executor per
     * worker with the builder's executor memory, the executors' JVMs given {@code --add-modules jdk.incubator.vector}
     * (Synapse's kernels; Spark adds the opens it needs itself), the class path's folders on their class path, the
     * driver on 127.0.0.1, no web UI, and jobs held until every worker's executor has registered (at most two minutes).
     * The driver is this JVM, which must have been started with the same options
     * (as {@code ./synapse example} does). Settings given to the returned builder afterwards win.
     */
    public SparkSession.Builder session(String appName) {
        requireOpen();
        return SparkSession.builder()
                .master(masterUrl)
                .appName(Objects.requireNonNull(appName, "appName"))
                .config("spark.executor.extraJavaOptions", EXECUTOR_JAVA_OPTIONS)
                .config("spark.executor.extraClassPath", String.join(File.pathSeparator, classPathFolders()))
                .config("spark.executor.memory", executorMemory)
                .config("spark.executor.cores", "1")
                .config("spark.cores.max", Integer.toString(workers))
                // Jobs wait until every worker's executor has registered (a busy machine starts one seconds after
                // the other), so a job's tasks spread over all of them instead of all running on the first.
                .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s")
                .config("spark.driver.host", HOST)
                .config("spark.driver.bindAddress", HOST)
                .config("spark.ui.enabled", "false");
    }

    /**
     * The pids of the executor JVMs the workers run for application {@code appId}
     * ({@code spark.sparkContext().applicationId()}), sorted.
     */
    public List<Long> executorPids(String appId) {
        requireOpen();
        return workerDescendants()
                .filter(p -> isExecutorOf(p, appId))
                .map(ProcessHandle::pid)
                .sorted()
                .toList();
    }

    /**
     * Kills one executor JVM of this cluster at once (SIGKILL), as a crashed machine would end it: for testing that a
     * job survives a lost executor. Returns once it is gone.
     */
    public void killExecutor(long pid) {
        requireOpen();
        ProcessHandle p = workerDescendants()
                .filter(h -> h.pid() == pid)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no executor of this cluster has pid " + pid));
        p.destroyForcibly();
        p.onExit().join();
    }

    /** The end of every daemon's log and the pids of the executors alive, for a failure message. */
    public String logTails() {
        StringBuilder s = new StringBuilder();
        for (Daemon d : daemons) {
            s.append("\n---- ").append(d.role).append(" (").append(d.log).append(") ----\n");
            s.append(tail(d.log, 40));
            d.process
                    .descendants()
                    .filter(p -> isExecutorOf(p, ""))
                    .forEach(p -> s.append("executor pid ").append(p.pid()).append('\n'));
        }
        return s.toString();
    }

    /** The pids of the master's and the workers' JVMs (their executors are their children). */
    List<Long> daemonPids() {
        return daemons.stream().map(d -> d.process.pid()).toList();
    }

    /** Kills every JVM of the cluster, executors first, and deletes its folder. Closing twice does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs, or ran, anyway.
        }
        deleteTree(dir);
    }

    private synchronized LocalCluster launch() {
        try {
            Path sparkHome = sparkHome(dir.resolve("spark-home"));
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            // Every port is picked before any daemon binds it, so a port once handed out may come back from the OS
            // for the next pick: one run gave a worker the master UI's port, and the UI poll talked to the worker.
            Set<Integer> picked = new HashSet<>();
            int masterPort = isFree(DEFAULT_MASTER_PORT) ? DEFAULT_MASTER_PORT : freePort(picked);
            picked.add(masterPort);
            webUiPort = freePort(picked);
            masterUrl = "spark://" + HOST + ":" + masterPort;
            launch(
                    "master",
                    sparkHome,
                    List.of("--host", HOST, "--port", "" + masterPort, "--webui-port", "" + webUiPort));
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(dir.resolve("work-" + i));
                launch(
                        "worker-" + i,
                        sparkHome,
                        List.of(
                                "--host",
                                HOST,
                                "--port",
                                "" + freePort(picked),
                                "--webui-port",
                                "" + freePort(picked),
                                "--cores",
                                "1",
                                "--memory",
                                workerMemory(),
                                "--work-dir",
                                work.toString(),
                                masterUrl));
            }
            awaitWorkers();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("LocalCluster: cannot start in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** What a worker offers: its executor's heap and 384 MiB for its off-heap overhead, as Spark reserves. */
    private String workerMemory() {
        return (Builder.megabytes(executorMemory) + 384) + "m";
    }

    private void launch(String role, Path sparkHome, List<String> daemonArgs) throws IOException {
        List<String> cmd = ClusterDaemon.command(
                ProcessHandle.current().pid(), role.startsWith("worker") ? "worker" : "master", classPath, daemonArgs);
        Path log = dir.resolve(role + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        // Spark's launcher, which the workers use to build executor command lines, looks for build folders to
        // learn the Scala version unless it is told.
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", HOST);
        env.put("SPARK_LOG_DIR", dir.toString());
        daemons.add(new Daemon(role, pb.start(), log));
    }

    private void awaitWorkers() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Path masterLog = daemons.get(0).log();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int alive = 0;
        while (System.nanoTime() < deadline) {
            for (Daemon d : daemons) {
                if (!d.process.isAlive()) {
                    throw new IllegalStateException("LocalCluster: the " + d.role + " exited with status "
                            + d.process.exitValue() + " while starting" + logTails());
                }
            }
            try {
                URI json = URI.create("http://" + HOST + ":"
                        + masterUiPort(tail(masterLog, Integer.MAX_VALUE), webUiPort) + "/json/");
                String body = http.send(
                                HttpRequest.newBuilder(json)
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                Matcher m = ALIVE_WORKERS.matcher(body);
                alive = m.find() ? Integer.parseInt(m.group(1)) : 0;
                if (alive >= workers) {
                    return;
                }
            } catch (IOException e) {
                // The master's web UI is not up yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("LocalCluster: interrupted while waiting for the workers", e);
            }
            sleep(250);
        }
        throw new IllegalStateException("LocalCluster: the master at " + masterUrl + " has " + alive + " of " + workers
                + " workers registered after " + START_TIMEOUT.toSeconds() + " s" + logTails());
    }

    /** A folder laid out as an installed Spark's home: {@code jars/} holds links to the class path's jars. */
    private Path sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : classPath) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, p.toAbsolutePath());
                }
            }
        }
        Files.createDirectories(home.resolve("conf"));
        return home;
    }

    private List<String> classPathFolders() {
        return classPath.stream().filter(e -> Files.isDirectory(Path.of(e))).toList();
    }

    private synchronized void killAll() {
        // Executors first: killing their worker alone would leave them running until they notice.
        List<ProcessHandle> all = new ArrayList<>();
        for (Daemon d : daemons.reversed()) {
            d.process.descendants().forEach(all::add);
            all.add(d.process.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    private Stream<ProcessHandle> workerDescendants() {
        return daemons.stream().filter(d -> d.role.startsWith("worker")).flatMap(d -> d.process.descendants());
    }

    private static boolean isExecutorOf(ProcessHandle p, String appId) {
        String line = p.info().commandLine().orElse("");
        return line.contains("CoarseGrainedExecutorBackend") && line.contains(appId);
    }

    private static boolean isFree(int port) {
        try (var _ = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port free now and not in {@code picked}, to which it is added. */
    private static int freePort(Set<Integer> picked) throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (picked.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    /** The port of the master's web UI: the one it was given, unless its log says Spark moved it to another. */
    static int masterUiPort(String masterLog, int given) {
        Matcher m = MASTER_UI_MOVED.matcher(masterLog);
        int port = given;
        while (m.find()) {
            port = Integer.parseInt(m.group(1));
        }
        return port;
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")\n";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("LocalCluster: interrupted while waiting for the workers", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is harmless; the processes, which matter, are gone.
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("LocalCluster: the cluster at " + masterUrl + " is closed");
        }
    }

    /** The settings of a {@link LocalCluster}: how many workers, the executors' heap and the class path to ship. */
    public static final class Builder {
        private int workers = 2;
        /** Spark refuses executors whose heap is under 450 MiB (1.5 times its 300 MiB reserve). */
        private String executorMemory = "640m";

        private List<String> classPath = withManifestClassPaths(split(System.getProperty("java.class.path", "")));

        private Builder() {}

        /** How many worker JVMs, one core and one executor each (2). */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("LocalCluster: workers must be at least 1, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * Each executor's heap as Spark writes sizes ({@code 640m}, {@code 2g}; {@code spark.executor.memory}), at
         * least 450m, which Spark requires.
         */
        public Builder executorMemory(String memory) {
            long mb = megabytes(Objects.requireNonNull(memory, "memory"));
            if (mb < 450) {
                throw new IllegalArgumentException(
                        "LocalCluster: executorMemory " + memory + " is under the 450m Spark requires");
            }
            this.executorMemory = mb + "m";
            return this;
        }

        /**
         * The class path the daemons and executors run with: Spark's jars, Synapse's and the application's (by
         * default this JVM's, {@code java.class.path}), with what the {@code Class-Path} of its jars' manifests
         * names (a {@code java -jar} application, or a test runner's manifest-only jar). Its jars become the workers'
         * {@code $SPARK_HOME/jars}, its folders the executors' {@code spark.executor.extraClassPath}.
         */
        public Builder classPath(List<String> entries) {
            this.classPath = withManifestClassPaths(entries);
            return this;
        }

        /**
         * Starts the master and the workers and returns once every worker has registered with the master. Throws an
         * {@code IllegalStateException} holding the end of each JVM's log when one exits or they are not all
         * registered within two minutes, having killed those it started.
         */
        public LocalCluster start() {
            boolean hasSpark = classPath.stream()
                    .map(e -> Path.of(e).getFileName())
                    .anyMatch(n -> n != null
                            && n.toString().startsWith("spark-core_")
                            && n.toString().endsWith(".jar"));
            if (!hasSpark) {
                throw new IllegalStateException("LocalCluster: the class path holds no spark-core jar for the"
                        + " workers to run: " + classPath);
            }
            try {
                return new LocalCluster(this).launch();
            } catch (IOException e) {
                throw new UncheckedIOException("LocalCluster: cannot make its temporary folder: " + e.getMessage(), e);
            }
        }

        /** The entries and, after each jar, the entries its manifest's {@code Class-Path} names, once each. */
        static List<String> withManifestClassPaths(List<String> entries) {
            Set<String> out = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(entries);
            while (!todo.isEmpty()) {
                String entry = todo.removeFirst();
                if (!out.add(entry) || !entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                    continue;
                }
                List<String> named = new ArrayList<>();
                try (JarFile jar = new JarFile(entry)) {
                    Manifest manifest = jar.getManifest();
                    String value = manifest == null
                            ? null
                            : manifest.getMainAttributes().getValue("Class-Path");
                    URI base = Path.of(entry).toAbsolutePath().toUri();
                    for (String url :
                            value == null ? new String[0] : value.trim().split("\\s+")) {
                        // The JAR specification's relative URLs, resolved against the jar's own location.
                        URI resolved = url.isEmpty() ? null : base.resolve(url);
                        if (resolved != null && "file".equals(resolved.getScheme())) {
                            named.add(Path.of(resolved).toString());
                        }
                    }
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "LocalCluster: cannot read the manifest of the class path's " + entry + ": "
                                    + e.getMessage(),
                            e);
                }
                named.reversed().forEach(todo::addFirst);
            }
            return List.copyOf(out);
        }

        static List<String> split(String classPath) {
            return Arrays.stream(classPath.split(File.pathSeparator))
                    .filter(s -> !s.isBlank())
                    .toList();
        }

        /** Megabytes of a Spark size ({@code 640m}, {@code 1g}, {@code 1024k}; a bare number is megabytes). */
        static long megabytes(String size) {
            Matcher m = Pattern.compile("(\\d+)([kmgt]?)b?").matcher(size.trim().toLowerCase(java.util.Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "LocalCluster: memory size '" + size + "' is not a number with k, m, g or t");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "k" -> n / 1024;
                case "g" -> n * 1024;
                case "t" -> n * 1024 * 1024;
                default -> n;
            };
        }
    }
}
