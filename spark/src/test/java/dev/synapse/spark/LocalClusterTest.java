package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsSpark;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.LongStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster is real: tasks run in two executor JVMs apart from this one, which a test can kill, and every JVM it
 * started ends with it or with its parent.
 */
@NeedsSpark
class LocalClusterTest {
    @RegisterExtension
    static final LocalStandaloneCluster CLUSTER = LocalStandaloneCluster.shared();

    @Test
    void tasksRunInOneExecutorJvmPerWorkerWithTheVectorApi() throws Exception {
        try (SparkSession spark = CLUSTER.session("cluster-test").getOrCreate()) {
            assertTrue(CLUSTER.masterUrl().startsWith("spark://127.0.0.1:"), CLUSTER.masterUrl());
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Integer> items = LongStream.range(0, 64).mapToObj(i -> (int) i).toList();
            // Each task reports its JVM and whether Synapse's kernels could use the Vector API there.
            List<String> seen = jsc.parallelize(items, 16)
                    .map(i -> ProcessHandle.current().pid() + ":"
                            + ModuleLayer.boot()
                                    .findModule("jdk.incubator.vector")
                                    .isPresent())
                    .collect();
            Set<Long> pids = new HashSet<>();
            for (String s : seen) {
                String[] parts = s.split(":");
                pids.add(Long.parseLong(parts[0]));
                assertEquals("true", parts[1], "jdk.incubator.vector missing in executor " + parts[0]);
            }
            String appId = spark.sparkContext().applicationId();
            assertEquals(2, pids.size(), "executor JVMs " + pids + CLUSTER.logTails());
            assertFalse(pids.contains(ProcessHandle.current().pid()), "a task ran in the test JVM");
            assertEquals(pids.stream().sorted().toList(), CLUSTER.executorPids(appId));
        }
    }

    @Test
    void aKilledExecutorIsGoneAndItsTasksRunElsewhere() throws Exception {
        try (SparkSession spark = CLUSTER.session("cluster-kill-test").getOrCreate()) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Integer> items =
                    LongStream.range(1, 1001).mapToObj(i -> (int) i).toList();
            assertEquals(500500, jsc.parallelize(items, 8).reduce(Integer::sum));
            String appId = spark.sparkContext().applicationId();
            List<Long> before = CLUSTER.executorPids(appId);
            assertEquals(2, before.size(), "executors " + before + CLUSTER.logTails());

            CLUSTER.killExecutor(before.get(0));

            assertFalse(CLUSTER.executorPids(appId).contains(before.get(0)));
            assertEquals(500500, jsc.parallelize(items, 8).reduce(Integer::sum));
        }
    }

    @Test
    void closeKillsTheMasterTheWorkersAndTheirExecutors() throws Exception {
        LocalCluster cluster = LocalCluster.builder().workers(1).start();
        List<Long> pids = new ArrayList<>(cluster.daemonPids());
        try (SparkSession spark = cluster.session("cluster-close-test").getOrCreate()) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            assertEquals(10, jsc.parallelize(List.of(1, 2, 3, 4), 2).reduce(Integer::sum));
            List<Long> executors = cluster.executorPids(spark.sparkContext().applicationId());
            assertEquals(1, executors.size(), "executors " + executors + cluster.logTails());
            pids.addAll(executors);
            assertEquals(3, pids.size(), "master, worker, executor: " + pids);
            // Closed while the application still runs: its executor must not outlive the cluster.
            cluster.close();
            for (long pid : pids) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
            }
        }
        assertThrows(IllegalStateException.class, cluster::masterUrl);
    }

    @Test
    void aDaemonHaltsWhenTheJvmThatStartedItIsKilled(@TempDir Path dir) throws Exception {
        // A stand-in parent that dies without running any hook: SIGKILL.
        Process parent = new ProcessBuilder("sleep", "300").start();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> cmd = ClusterDaemon.command(
                parent.pid(),
                "master",
                LocalCluster.Builder.withManifestClassPaths(
                        LocalCluster.Builder.split(System.getProperty("java.class.path"))),
                List.of("--host", "127.0.0.1", "--port", "" + port, "--webui-port", "0"));
        Path log = dir.resolve("master.log");
        Process master = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            // Up once its RPC port answers: the parent's watcher runs by then.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!listening(port)) {
                assertTrue(master.isAlive(), "the master exited: " + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "the master never listened: " + Files.readString(log));
                Thread.sleep(200);
            }
            parent.destroyForcibly().waitFor();
            assertTrue(master.waitFor(30, TimeUnit.SECONDS), "the master outlived its parent by 30 s");
            assertEquals(3, master.exitValue(), "exit status of the halted master");
        } finally {
            master.destroyForcibly();
            parent.destroyForcibly();
        }
    }

    @Test
    void aClassPathWithoutSparkIsRefusedBeforeAnythingStarts() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> LocalCluster.builder()
                        .classPath(List.of("/nowhere/app.jar"))
                        .start());
        assertTrue(e.getMessage().contains("holds no spark-core jar"), e.getMessage());
        IllegalArgumentException memory = assertThrows(
                IllegalArgumentException.class, () -> LocalCluster.builder().executorMemory("400m"));
        assertTrue(memory.getMessage().contains("executorMemory 400m is under the 450m"), memory.getMessage());
    }

    @Test
    void aJarsManifestClassPathJoinsTheClassPathResolvedAgainstTheJar(@TempDir Path dir) throws Exception {
        Path app = Files.createDirectories(dir.resolve("app")).resolve("app.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/a.jar ../classes/ " + dir.toUri() + "b.jar");
        try (JarOutputStream _ = new JarOutputStream(Files.newOutputStream(app), manifest)) {
            // A manifest and nothing else, as surefire's booter jar.
        }
        List<String> expanded =
                LocalCluster.Builder.withManifestClassPaths(List.of(app.toString(), "/x/spark-core_2.13-4.2.0.jar"));
        assertEquals(
                List.of(
                        app.toString(),
                        dir.resolve("app/lib/a.jar").toString(),
                        dir.resolve("classes").toString(),
                        dir.resolve("b.jar").toString(),
                        "/x/spark-core_2.13-4.2.0.jar"),
                expanded);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
