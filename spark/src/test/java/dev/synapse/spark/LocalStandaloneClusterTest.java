package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsSpark;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test cluster is real: tasks run in two executor JVMs apart from this one, which a test can kill. */
@NeedsSpark
class LocalStandaloneClusterTest {
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
}
