package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Batch inference on the two-worker standalone cluster gives what {@code Model.predict} gives on the driver. */
@NeedsSpark
class SynapseModelTest {
    @RegisterExtension
    static final LocalStandaloneCluster CLUSTER = LocalStandaloneCluster.shared();

    static final int PARTITIONS = 5;

    @TempDir
    static Path dir;

    static DigitsFixture digits;
    static SparkSession spark;
    static Dataset<Row> df;

    @BeforeAll
    static void start() throws Exception {
        digits = DigitsFixture.create(dir);
        // A bad row fails its task at once rather than after Spark's three retries.
        spark = CLUSTER.session("synapse-model-test")
                .config("spark.task.maxFailures", "1")
                .getOrCreate();
        df = spark.createDataFrame(jsc().parallelize(digits.rows(), PARTITIONS), DigitsFixture.SCHEMA);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @Test
    void arrayColumnGivesPredictOutputsInOrderAcrossPartitions() throws Exception {
        Dataset<Row> out = SynapseModel.load(digits.modelFile)
                .setInputCol("features")
                .setOutputCol("scores")
                .setBatchSize(16)
                .transform(df);
        assertEquals(PARTITIONS, out.rdd().getNumPartitions());
        List<Row> rows = out.collectAsList();
        assertEquals(DigitsFixture.ROWS, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            assertEquals(r, row.getLong(0), "row order");
            assertEquals(5, row.length(), "input columns kept, one added");
            digits.assertOutputs(r, floats(row.getList(4)));
        }
        // The executors, not the driver, ran the model: both executor JVMs are alive for this application.
        assertEquals(
                2, CLUSTER.executorPids(spark.sparkContext().applicationId()).size());
    }

    @Test
    void vectorColumnWithArgmaxGivesPredictClasses() throws Exception {
        List<Row> rows = SynapseModel.load(digits.modelFile)
                .setInputCol("vector")
                .setOutputMode("argmax")
                .transform(df)
                .select("id", "prediction")
                .collectAsList();
        assertEquals(DigitsFixture.ROWS, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            assertEquals(r, rows.get(r).getLong(0));
            assertEquals(digits.expectedClass(r), rows.get(r).getDouble(1), "class of row " + r);
        }
    }

    @Test
    void eachExecutorBuildsTheModelOnceNotOncePerPartitionOrBatch() throws Exception {
        Map<Long, Integer> before = buildsPerExecutor();
        List<Row> rows = SynapseModel.load(digits.modelFile)
                .setBatchSize(8)
                .transform(df)
                .collectAsList();
        assertEquals(DigitsFixture.ROWS, rows.size());
        Map<Long, Integer> after = buildsPerExecutor();
        assertEquals(before.keySet(), after.keySet(), "the same two executors");
        assertEquals(2, after.size());
        int built = 0;
        for (Map.Entry<Long, Integer> e : after.entrySet()) {
            int n = e.getValue() - before.get(e.getKey());
            assertTrue(n <= 1, "executor " + e.getKey() + " built the model " + n + " times for 5 partitions");
            built += n;
        }
        assertTrue(built >= 1, "no executor built the model");
    }

    /** How many models each executor JVM has built so far, from enough small tasks to reach both executors. */
    static Map<Long, Integer> buildsPerExecutor() {
        List<Integer> tasks = java.util.stream.IntStream.range(0, 32).boxed().toList();
        Map<Long, Integer> builds = new TreeMap<>();
        for (String s : jsc().parallelize(tasks, 32)
                .map(i -> ProcessHandle.current().pid() + ":" + ExecutorModels.builds())
                .collect()) {
            String[] parts = s.split(":");
            builds.merge(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Math::max);
        }
        return builds;
    }

    @Test
    void imageColumnDecodesPngsToTheModelInput() throws Exception {
        List<Row> rows = SynapseModel.load(digits.modelFile)
                .setInputCol("image")
                .setImageScale(1.0)
                .transform(df)
                .select("id", "prediction")
                .collectAsList();
        assertEquals(DigitsFixture.ROWS, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            digits.assertOutputs(r, floats(rows.get(r).getList(1)));
        }
    }

    @Test
    void aNullRowFailsTheJobNamingTheRow() throws Exception {
        Dataset<Row> bad = withRow(123, RowFactory.create(123L, null, null, null));
        SparkException e = assertThrows(
                SparkException.class,
                () -> SynapseModel.load(digits.modelFile)
                        .setIdCol("id")
                        .transform(bad)
                        .collectAsList());
        // 300 rows in 5 partitions of 60: id 123 is row 3 of partition 2.
        Causes.assertCause(e, "row 3 of partition 2 (id = 123): column 'features' is null");
    }

    @Test
    void aWrongLengthRowFailsTheJobWithBothSizes() throws Exception {
        Dataset<Row> bad = withRow(200, RowFactory.create(200L, new float[63], null, null));
        SparkException e = assertThrows(
                SparkException.class,
                () -> SynapseModel.load(digits.modelFile)
                        .setIdCol("id")
                        .transform(bad)
                        .collectAsList());
        Causes.assertCause(
                e,
                "row 20 of partition 3 (id = 200): column 'features' holds 63 values, the model expects 64"
                        + " (input shape [8, 8, 1])");
    }

    @Test
    void schemaErrorsNameTheColumnAndType() throws Exception {
        SynapseModel m = SynapseModel.load(digits.modelFile);
        StructType strings = new StructType().add("features", DataTypes.StringType);
        IllegalArgumentException wrongType =
                assertThrows(IllegalArgumentException.class, () -> m.transformSchema(strings));
        assertTrue(wrongType.getMessage().contains("input column 'features' is string"), wrongType.getMessage());
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> m.setInputCol("pixels").transformSchema(DigitsFixture.SCHEMA));
        assertTrue(missing.getMessage().contains("input column 'pixels' is not a column"), missing.getMessage());
        IllegalArgumentException exists = assertThrows(
                IllegalArgumentException.class,
                () -> m.setInputCol("features").setOutputCol("id").transformSchema(DigitsFixture.SCHEMA));
        assertTrue(exists.getMessage().contains("output column 'id' already exists"), exists.getMessage());
        IllegalArgumentException shape = assertThrows(
                IllegalArgumentException.class,
                () -> m.setOutputCol("p").setInputShape(64).transformSchema(DigitsFixture.SCHEMA));
        assertTrue(shape.getMessage().contains("inputShape [64] does not fit the model's input shape [8, 8, 1]"));
    }

    /** The table with row {@code id} replaced by {@code row}, in the same five partitions. */
    static Dataset<Row> withRow(int id, Row row) {
        List<Row> rows = new ArrayList<>(digits.rows());
        rows.set(id, row);
        return spark.createDataFrame(jsc().parallelize(rows, PARTITIONS), DigitsFixture.SCHEMA);
    }

    static float[] floats(List<Object> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (Float) values.get(i);
        }
        return f;
    }
}
