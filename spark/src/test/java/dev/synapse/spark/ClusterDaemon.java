package dev.synapse.spark;

import java.util.Arrays;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.deploy.worker.Worker;

/**
 * The main class of a {@link LocalStandaloneCluster} JVM: runs Spark's standalone {@code Master} or {@code Worker}
 * in this JVM and halts it as soon as the test JVM that started it is gone, so that not even a killed test run
 * (where no shutdown hook runs) leaves a daemon behind. The worker's executors end with their worker.
 *
 * <p>Arguments: the test JVM's pid, {@code master} or {@code worker}, then the daemon's own arguments.
 */
public final class ClusterDaemon {
    private ClusterDaemon() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ClusterDaemon PARENT_PID master|worker [ARGS]");
        }
        long parent = Long.parseLong(args[0]);
        ProcessHandle testJvm = ProcessHandle.of(parent).orElse(null);
        if (testJvm == null) {
            Runtime.getRuntime().halt(3);
            return;
        }
        Thread watcher = new Thread(
                () -> {
                    testJvm.onExit().join();
                    Runtime.getRuntime().halt(3);
                },
                "test-jvm-watcher");
        watcher.setDaemon(true);
        watcher.start();
        String[] rest = Arrays.copyOfRange(args, 2, args.length);
        switch (args[1]) {
            case "master" -> Master.main(rest);
            case "worker" -> Worker.main(rest);
            default -> throw new IllegalArgumentException("unknown daemon '" + args[1] + "': master or worker");
        }
    }
}
