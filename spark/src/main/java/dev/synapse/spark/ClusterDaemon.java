package dev.synapse.spark;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.deploy.worker.Worker;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * The main class of a {@link LocalCluster} JVM: runs Spark's standalone {@code Master} or {@code Worker} in this JVM
 * and halts it as soon as the JVM that started it is gone, so that not even a killed parent (where no shutdown hook
 * runs) leaves a daemon behind. A worker's executors end with their worker: they exit when its connection drops.
 *
 * <p>Arguments: the parent's pid, {@code master} or {@code worker}, then the daemon's own arguments. The class need
 * not be public: JDK 25's launcher runs a package-private class's {@code main}.
 */
final class ClusterDaemon {
    private ClusterDaemon() {}

    static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ClusterDaemon PARENT_PID master|worker [ARGS]");
        }
        ProcessHandle parent = ProcessHandle.of(Long.parseLong(args[0])).orElse(null);
        if (parent == null) {
            Runtime.getRuntime().halt(3);
            return;
        }
        Thread watcher = new Thread(
                () -> {
                    parent.onExit().join();
                    // halt, not exit: Spark's shutdown hooks could wait on the executors this JVM runs.
                    Runtime.getRuntime().halt(3);
                },
                "parent-jvm-watcher");
        watcher.setDaemon(true);
        watcher.start();
        String[] rest = Arrays.copyOfRange(args, 2, args.length);
        switch (args[1]) {
            case "master" -> Master.main(rest);
            case "worker" -> Worker.main(rest);
            default -> throw new IllegalArgumentException("unknown daemon '" + args[1] + "': master or worker");
        }
    }

    /**
     * The command line of a daemon JVM watching {@code parentPid}: this JVM's {@code java}, the JVM options Spark's
     * own launcher gives its daemons on this JDK ({@code JavaModuleOptions}), a 256 MiB heap and {@code classPath}.
     */
    static List<String> command(long parentPid, String role, List<String> classPath, List<String> daemonArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath));
        cmd.add(ClusterDaemon.class.getName());
        cmd.add(Long.toString(parentPid));
        cmd.add(role);
        cmd.addAll(daemonArgs);
        return cmd;
    }
}
