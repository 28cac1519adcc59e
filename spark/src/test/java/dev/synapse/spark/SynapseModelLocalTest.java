package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.testing.NeedsSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same transform in local mode, where driver and executor share one JVM. */
@NeedsSpark
class SynapseModelLocalTest {
    @TempDir
    Path dir;

    @Test
    void localModeGivesPredictOutputs() throws Exception {
        DigitsFixture digits = DigitsFixture.create(dir);
        try (SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("synapse-model-local")
                .config("spark.ui.enabled", "false")
                .getOrCreate()) {
            List<Row> rows = SynapseModel.load(digits.modelFile)
                    .setBatchSize(7)
                    .transform(spark.createDataFrame(digits.rows(), DigitsFixture.SCHEMA)
                            .repartition(1))
                    .select("id", "prediction")
                    .collectAsList();
            assertEquals(DigitsFixture.ROWS, rows.size());
            for (Row row : rows) {
                int r = (int) row.getLong(0);
                assertArrayEquals(
                        digits.expected(r), SynapseModelTest.floats(row.getList(1)), 0f, "outputs of row " + r);
            }
        }
    }
}
