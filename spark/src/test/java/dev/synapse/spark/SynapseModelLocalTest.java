package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsSpark;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same transform in local mode, where driver and executor share one JVM, and saving and loading it. */
@NeedsSpark
class SynapseModelLocalTest {
    @TempDir
    static Path dir;

    static DigitsFixture digits;
    static SparkSession spark;
    static Dataset<Row> df;

    @BeforeAll
    static void start() throws Exception {
        digits = DigitsFixture.create(dir);
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("synapse-model-local")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        df = spark.createDataFrame(digits.rows(), DigitsFixture.SCHEMA).repartition(1);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void localModeGivesPredictOutputs() throws Exception {
        List<Row> rows = SynapseModel.load(digits.modelFile)
                .setBatchSize(7)
                .transform(df)
                .select("id", "prediction")
                .collectAsList();
        assertEquals(DigitsFixture.ROWS, rows.size());
        for (Row row : rows) {
            int r = (int) row.getLong(0);
            digits.assertOutputs(r, SynapseModelTest.floats(row.getList(1)));
        }
    }

    @Test
    void emptyPartitionsGiveNoRowsAndTheOthersKeepTheirOrder() throws Exception {
        // Three rows over five partitions: two partitions are empty.
        Dataset<Row> sparse = spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .parallelize(digits.rows().subList(0, 3), 5),
                DigitsFixture.SCHEMA);
        List<Row> rows = SynapseModel.load(digits.modelFile).transform(sparse).collectAsList();
        assertEquals(List.of(0L, 1L, 2L), rows.stream().map(r -> r.getLong(0)).toList());
        for (int r = 0; r < 3; r++) {
            digits.assertOutputs(r, SynapseModelTest.floats(rows.get(r).getList(4)));
        }
        assertEquals(
                0,
                SynapseModel.load(digits.modelFile).transform(sparse.limit(0)).count());
    }

    @Test
    void anUndecodableImageFailsTheJobNamingTheRow() throws Exception {
        List<Row> rows = new java.util.ArrayList<>(digits.rows());
        rows.set(5, RowFactory.create(5L, null, null, new byte[] {1, 2, 3}));
        Dataset<Row> bad = spark.createDataFrame(rows, DigitsFixture.SCHEMA).repartition(1);
        SparkException e = assertThrows(
                SparkException.class,
                () -> SynapseModel.load(digits.modelFile)
                        .setInputCol("image")
                        .setIdCol("id")
                        .transform(bad)
                        .collectAsList());
        Causes.assertCause(
                e,
                "row 5 of partition 0 (id = 5): column 'image' does not hold a usable image: its 3 bytes are not an"
                        + " image javax.imageio reads (PNG or JPEG)");
    }

    @Test
    void savedAloneOrInAPipelineItLoadsWithItsParams() throws Exception {
        SynapseModel m = SynapseModel.load(digits.modelFile)
                .setInputCol("vector")
                .setOutputCol("digit")
                .setOutputMode("argmax")
                .setBatchSize(5);
        String alone = dir.resolve("alone").toString();
        m.write().save(alone);
        SynapseModel loaded = SynapseModel.read().load(alone);
        assertEquals(m.uid(), loaded.uid());
        assertEquals("vector", loaded.getInputCol());
        assertEquals("digit", loaded.getOutputCol());
        assertEquals(5, loaded.getBatchSize());
        assertArrayEquals(new int[] {8, 8, 1}, loaded.getInputShape());
        assertClasses(loaded.transform(df), "digit");

        String pipeline = dir.resolve("pipeline").toString();
        new Pipeline().setStages(new PipelineStage[] {m}).fit(df).write().save(pipeline);
        assertClasses(PipelineModel.load(pipeline).transform(df), "digit");
    }

    @Test
    void aSavedFolderWithTwoModelFilesIsCorrupt() throws Exception {
        String saved = dir.resolve("two-files").toString();
        SynapseModel.load(digits.modelFile).write().save(saved);
        Files.write(Path.of(saved, "model", "extra.synapse"), new byte[] {1});
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class, () -> SynapseModel.read().load(saved));
        assertInstanceOf(dev.synapse.io.CorruptFileException.class, e.getCause());
        assertTrue(
                e.getMessage().contains("entry model/ must hold exactly one model file, it holds 2"), e.getMessage());
    }

    static void assertClasses(Dataset<Row> out, String column) {
        List<Row> rows = out.select("id", column).collectAsList();
        assertEquals(DigitsFixture.ROWS, rows.size());
        for (Row row : rows) {
            int r = (int) row.getLong(0);
            assertEquals(digits.expectedClass(r), row.getDouble(1), "class of row " + r);
        }
    }
}
