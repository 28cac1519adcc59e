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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Spark standalone cluster on this machine for tests: one {@code Master} and {@code workers} {@code Worker}s (one
 * core each), each a JVM of its own on 127.0.0.1, started on the test JVM's {@code java} and class path. The
 * master listens on port 7077, or on a free port when 7077 is taken (another test run on the machine).
 *
 * <p>As a JUnit extension it starts before a class's tests and stops after them:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalStandaloneCluster CLUSTER = new LocalStandaloneCluster(2);
 *
 * try (SparkSession spark = CLUSTER.session("my-test").getOrCreate()) { ... }
 * }</pre>
 *
 * {@link #shared()} is one two-worker cluster for every test class of the test JVM that uses it, started by the
 * first and stopped when the JVM exits, which saves a cluster start per class. {@link #start()} and {@link #close()}
 * start and stop a cluster by hand. Every JVM it started (master, workers and their
 * executors) is killed by {@link #close()}, by a shutdown hook if the test JVM exits first, and by the daemon itself
 * ({@link ClusterDaemon}) when the test JVM dies without running hooks.
 *
 * <p>The workers find Spark's jars as an installed Spark keeps them, in {@code $SPARK_HOME/jars}: here a temporary
 * folder of links to the jars on the test class path. The class path's folders (the modules' compiled classes) reach
 * the executors through {@code spark.executor.extraClassPath}, as an application's jar would through
 * {@code --jars}.
 */
public final class LocalStandaloneCluster implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int DEFAULT_MASTER_PORT = 7077;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    /** Spark refuses executors whose heap is under 450 MiB (1.5 times its 300 MiB reserve). */
    private static final String EXECUTOR_MEMORY = "640m";

    private static @Nullable LocalStandaloneCluster shared;

    private final int workers;
    private final boolean keepRunning;
    private final List<Daemon> daemons = new ArrayList<>();
    private final Thread shutdownHook = new Thread(
            () -> {
                killAll();
                deleteTree(this.dir);
            },
            "local-standalone-cluster-shutdown");
    private Path dir = Path.of("");
    private String masterUrl = "";
    private int webUiPort;
    private boolean started;

    /** A stopped cluster of {@code workers} one-core workers. */
    public LocalStandaloneCluster(int workers) {
        this(workers, false);
    }

    private LocalStandaloneCluster(int workers, boolean keepRunning) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.workers = workers;
        this.keepRunning = keepRunning;
    }

    /**
     * The test JVM's shared two-worker cluster: as an extension it starts before the first class that registers it
     * and stays up for the next ones; it stops when the test JVM exits.
     */
    public static synchronized LocalStandaloneCluster shared() {
        LocalStandaloneCluster c = shared;
        if (c == null) {
            c = new LocalStandaloneCluster(2, true);
            shared = c;
        }
        return c;
    }

    /** A started JVM, its role and where its output goes. */
    private record Daemon(String role, Process process, Path log) {}

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!keepRunning) {
            close();
        }
    }

    /**
     * Starts the master and the workers and returns once every worker has registered with the master. Throws an
     * {@code IllegalStateException} holding the end of each JVM's log when one exits or they are not all registered
     * within two minutes.
     */
    public synchronized LocalStandaloneCluster start() {
        if (started) {
            return this;
        }
        try {
            dir = Files.createTempDirectory("synapse-spark-cluster");
            Path sparkHome = sparkHome(dir.resolve("spark-home"));
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            started = true;
            int masterPort = isFree(DEFAULT_MASTER_PORT) ? DEFAULT_MASTER_PORT : freePort();
            webUiPort = freePort();
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
                                "" + freePort(),
                                "--webui-port",
                                "" + freePort(),
                                "--cores",
                                "1",
                                "--memory",
                                "1g",
                                "--work-dir",
                                work.toString(),
                                masterUrl));
            }
            awaitWorkers();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("starting the local Spark cluster in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The master's URL, {@code spark://127.0.0.1:PORT}. */
    public String masterUrl() {
        requireStarted();
        return masterUrl;
    }

    /** How many workers the cluster has, each with one core. */
    public int workers() {
        return workers;
    }

    /**
     * A session builder for this cluster: one single-core executor per worker with {@value #EXECUTOR_MEMORY} of heap,
     * the executors' JVMs given {@code --add-modules jdk.incubator.vector} (Synapse's kernels) and the opens Spark
     * needs, the test class path's folders on their class path, the driver on 127.0.0.1 and no web UI.
     */
    public SparkSession.Builder session(String appName) {
        requireStarted();
        return SparkSession.builder()
                .master(masterUrl)
                .appName(appName)
                .config("spark.executor.extraJavaOptions", String.join(" ", executorJavaOptions()))
                .config("spark.executor.extraClassPath", String.join(File.pathSeparator, classPathFolders()))
                .config("spark.executor.memory", EXECUTOR_MEMORY)
                .config("spark.executor.cores", "1")
                .config("spark.cores.max", "" + workers)
                .config("spark.driver.host", HOST)
                .config("spark.driver.bindAddress", HOST)
                .config("spark.ui.enabled", "false");
    }

    /**
     * The pids of the executor JVMs the workers run for application {@code appId}
     * ({@code spark.sparkContext().applicationId()}), sorted.
     */
    public List<Long> executorPids(String appId) {
        requireStarted();
        return daemons.stream()
                .filter(d -> d.role.startsWith("worker"))
                .flatMap(d -> d.process.descendants())
                .filter(p -> isExecutorOf(p, appId))
                .map(ProcessHandle::pid)
                .sorted()
                .toList();
    }

    /** Kills one executor JVM of this cluster at once (SIGKILL), as a crashed machine would end it. */
    public void killExecutor(long pid) {
        ProcessHandle p = daemons.stream()
                .filter(d -> d.role.startsWith("worker"))
                .flatMap(d -> d.process.descendants())
                .filter(h -> h.pid() == pid)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no executor of this cluster has pid " + pid));
        p.destroyForcibly();
        p.onExit().join();
    }

    /** The end of every JVM's log, for a failure message. */
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

    /** Kills every JVM of the cluster and deletes its folder; a stopped cluster can be started again. */
    @Override
    public synchronized void close() {
        if (!started) {
            return;
        }
        killAll();
        daemons.clear();
        started = false;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs, or ran, anyway.
        }
        deleteTree(dir);
    }

    private void killAll() {
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

    private void launch(String role, Path sparkHome, List<String> daemonArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs("synapse.spark.jvmArgs"));
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath()));
        cmd.add(ClusterDaemon.class.getName());
        cmd.add("" + ProcessHandle.current().pid());
        cmd.add(role.startsWith("worker") ? "worker" : "master");
        cmd.addAll(daemonArgs);
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
        URI json = URI.create("http://" + HOST + ":" + webUiPort + "/json/");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int alive = 0;
        while (System.nanoTime() < deadline) {
            for (Daemon d : daemons) {
                if (!d.process.isAlive()) {
                    throw new IllegalStateException("the local Spark cluster's " + d.role + " exited with status "
                            + d.process.exitValue() + " while starting" + logTails());
                }
            }
            try {
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
                throw new IllegalStateException("interrupted while waiting for the local Spark cluster", e);
            }
            sleep(250);
        }
        throw new IllegalStateException("the local Spark cluster at " + masterUrl + " has " + alive + " of " + workers
                + " workers registered after " + START_TIMEOUT.toSeconds() + " s" + logTails());
    }

    /** A folder laid out as an installed Spark's home: {@code jars/} holds (links to) the class path's jars. */
    private static Path sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : classPath()) {
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

    /** The test JVM's class path; surefire keeps it in its own property when it starts tests from a manifest jar. */
    static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path", ""));
        return Arrays.stream(cp.split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .toList();
    }

    /** The folders of the test class path: the modules' classes, which an application would ship as jars. */
    static List<String> classPathFolders() {
        return classPath().stream().filter(e -> Files.isDirectory(Path.of(e))).toList();
    }

    /** The executors' JVM options: Synapse's ({@code --add-modules jdk.incubator.vector}) and Spark's opens. */
    static List<String> executorJavaOptions() {
        List<String> options = new ArrayList<>(jvmArgs("synapse.jvmArgs"));
        options.addAll(jvmArgs("synapse.spark.jvmArgs"));
        return options;
    }

    /** A whitespace-separated list of JVM options the build hands the tests as a system property. */
    private static List<String> jvmArgs(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property
                    + " is not set: the spark module's surefire configuration passes it; run the tests through"
                    + " Maven (./synapse test -pl spark -am)");
        }
        return Arrays.stream(value.trim().split("\\s+")).toList();
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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
            throw new IllegalStateException("interrupted while waiting for the local Spark cluster", e);
        }
    }

    private static void deleteTree(Path root) {
        if (root.toString().isEmpty() || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is harmless; the processes, which matter, are gone.
        }
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException(
                    "the local Spark cluster is not started: call start() or register it" + " with @RegisterExtension");
        }
    }
}
