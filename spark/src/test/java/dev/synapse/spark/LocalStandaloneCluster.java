package dev.synapse.spark;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link LocalCluster} as a JUnit extension: started before a class's tests and closed after them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalStandaloneCluster CLUSTER = new LocalStandaloneCluster(2);
 *
 * try (SparkSession spark = CLUSTER.session("my-test").getOrCreate()) { ... }
 * }</pre>
 *
 * {@link #shared()} is one two-worker cluster for every test class of the test JVM that uses it, started by the
 * first and closed when the JVM exits (by the cluster's shutdown hook), which saves a cluster start per class.
 */
final class LocalStandaloneCluster implements BeforeAllCallback, AfterAllCallback {
    private static @Nullable LocalStandaloneCluster shared;

    private final int workers;
    private final boolean keepRunning;
    private @Nullable LocalCluster cluster;

    LocalStandaloneCluster(int workers) {
        this(workers, false);
    }

    private LocalStandaloneCluster(int workers, boolean keepRunning) {
        this.workers = workers;
        this.keepRunning = keepRunning;
    }

    static synchronized LocalStandaloneCluster shared() {
        LocalStandaloneCluster c = shared;
        if (c == null) {
            c = new LocalStandaloneCluster(2, true);
            shared = c;
        }
        return c;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (cluster == null) {
            // The default class path: surefire's manifest-only jar, which LocalCluster expands.
            cluster = LocalCluster.builder().workers(workers).start();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (!keepRunning && cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    synchronized LocalCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the test cluster is not started: register it with @RegisterExtension");
        }
        return cluster;
    }

    SparkSession.Builder session(String appName) {
        return cluster().session(appName);
    }

    String masterUrl() {
        return cluster().masterUrl();
    }

    List<Long> executorPids(String appId) {
        return cluster().executorPids(appId);
    }

    void killExecutor(long pid) {
        cluster().killExecutor(pid);
    }

    String logTails() {
        return cluster().logTails();
    }
}
