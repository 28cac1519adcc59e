package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The provided Spark starts in this JVM with the module's options: the ground every other Spark test stands on. */
class SparkSessionSmokeTest {
    @Test
    void localSessionRunsAJob() throws Exception {
        try (SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("smoke")
                .config("spark.ui.enabled", "false")
                .getOrCreate()) {
            assertEquals(
                    500500L, spark.range(1, 1001).selectExpr("sum(id)").first().getLong(0));
        }
    }
}
