package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.datasets.Digits;
import dev.synapse.losses.Losses;
import dev.synapse.nn.Model;
import dev.synapse.optim.Adam;
import dev.synapse.tensor.Tensor;
import dev.synapse.testing.NeedsSpark;
import dev.synapse.train.History;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data-parallel training on a local two-slot Spark against one process, on scikit-learn's 8x8 digits. */
@NeedsSpark
class SparkTrainerTest {
    private static SparkSession spark;
    private static float[][] features;
    private static float[] labels;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("spark-trainer-test")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        Digits d = Digits.load();
        float[] x = d.data().toFloatArray();
        long[] y = d.target().toLongArray();
        features = new float[y.length][64];
        labels = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            for (int k = 0; k < 64; k++) {
                features[i][k] = x[i * 64 + k] / 16f;
            }
            labels[i] = y[i];
        }
    }

    @AfterAll
    static void stop() throws Exception {
        spark.close();
    }

    private static JavaRDD<Sample> samples(int partitions) {
        List<Sample> list = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            list.add(new Sample(features[i], new float[] {labels[i]}));
        }
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(list, partitions);
    }

    private static Model model() {
        Synapse.setSeed(7);
        Model m = SingleProcessRun.cnn(8, 8);
        m.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy());
        return m;
    }

    @Test
    void twoWorkersFollowOneProcessWithTheSameGlobalBatch(@TempDir Path dir) throws Exception {
        Model m = model();
        SparkTrainer trainer = SparkTrainer.builder(m)
                .workers(2)
                .globalBatch(64)
                .maxSteps(20)
                .epochs(5)
                .seed(11)
                .checkpointEvery(10)
                .checkpointDir(dir.toString())
                .progress(null)
                .build();
        History h = trainer.fit(samples(3));
        SingleProcessRun.Result ref = SingleProcessRun.train(
                Path.of(trainer.checkpointFile(0)), features, labels, new int[] {8, 8, 1}, 64, 11, 20);
        double diff = SingleProcessRun.maxAbsDifference(m.stateDict(), ref.weights());
        Map<String, Tensor> start = model().stateDict();
        double moved = SingleProcessRun.maxAbsDifference(start, ref.weights());
        System.out.printf(
                "max |dw| %.3g, moved %.3g, losses %s vs %s%n", diff, moved, trainer.stepLosses(), ref.losses());
        assertTrue(diff < 1e-5, "max |dw| " + diff);
        assertTrue(moved > 1e-2, "the weights barely moved: " + moved);
        assertEquals(20, trainer.stepLosses().size());
        for (int s = 0; s < 20; s++) {
            assertEquals(ref.losses().get(s), trainer.stepLosses().get(s), 1e-5, "loss of step " + s);
        }
        assertEquals(1, h.get("loss").size());
    }

    /** id, features as array<float>, label as an int. */
    private static final StructType ARRAYS = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, true), true)
            .add("label", DataTypes.IntegerType, true);

    /** features as an ML Vector, label as a double: the columns fit(df) reads by default. */
    private static final StructType VECTORS =
            new StructType().add("features", SQLDataTypes.VectorType(), true).add("label", DataTypes.DoubleType, true);

    private static Map<String, Tensor> rddWeights;

    private static SparkTrainer shortRun(Model m, Path dir) {
        return SparkTrainer.builder(m)
                .workers(2)
                .globalBatch(64)
                .maxSteps(4)
                .seed(11)
                .checkpointDir(dir.toString())
                .progress(null)
                .build();
    }

    /** The weights after the short run on the RDD of the digits' samples, computed once. */
    private static synchronized Map<String, Tensor> rddWeights(Path dir) {
        if (rddWeights == null) {
            Model m = model();
            shortRun(m, dir.resolve("rdd")).fit(samples(3));
            rddWeights = m.stateDict();
            double moved = SingleProcessRun.maxAbsDifference(model().stateDict(), rddWeights);
            assertTrue(moved > 1e-3, "four steps barely moved the weights: " + moved);
        }
        return rddWeights;
    }

    private static List<Row> arrayRows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            rows.add(RowFactory.create((long) i, features[i], (int) labels[i]));
        }
        return rows;
    }

    private static Dataset<Row> frame(List<Row> rows, StructType schema) {
        return spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3), schema);
    }

    @Test
    void aDataFrameOfArrayFeaturesTrainsAsTheRddOfItsSamples(@TempDir Path dir) {
        Model m = model();
        shortRun(m, dir.resolve("df")).fit(frame(arrayRows(), ARRAYS), "features", "label");
        // Bit for bit: the same samples in the same order through the same steps; a sample missed, reordered or
        // misread changes the bits.
        SingleProcessRun.assertSameWeights(rddWeights(dir), m.stateDict());
    }

    @Test
    void aDataFrameOfVectorsTrainsOnItsDefaultColumnsAsTheRdd(@TempDir Path dir) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            double[] d = new double[64];
            for (int k = 0; k < 64; k++) {
                d[k] = features[i][k];
            }
            rows.add(RowFactory.create(Vectors.dense(d), (double) labels[i]));
        }
        Model m = model();
        shortRun(m, dir.resolve("df")).fit(frame(rows, VECTORS));
        // Bit for bit: the same samples in the same order through the same steps; a sample missed, reordered or
        // misread changes the bits.
        SingleProcessRun.assertSameWeights(rddWeights(dir), m.stateDict());
    }

    @Test
    void aNullFeatureFailsTheJobNamingTheRow(@TempDir Path dir) {
        List<Row> rows = arrayRows();
        // 1,797 rows in 3 partitions of 599: row 700 is row 101 of partition 1.
        rows.set(700, RowFactory.create(700L, null, 3));
        SparkException e = assertThrows(
                SparkException.class, () -> shortRun(model(), dir).fit(frame(rows, ARRAYS), "features", "label"));
        Causes.assertCause(e, "SparkTrainer: row 101 of partition 1: column 'features' is null");
    }

    @Test
    void aWrongLengthFeatureFailsTheJobWithBothSizes(@TempDir Path dir) {
        List<Row> rows = arrayRows();
        // Partition 2 holds rows 1,198 to 1,796: row 1,500 is its row 302.
        rows.set(1500, RowFactory.create(1500L, new float[63], 3));
        SparkException e = assertThrows(
                SparkException.class, () -> shortRun(model(), dir).fit(frame(rows, ARRAYS), "features", "label"));
        Causes.assertCause(
                e,
                "SparkTrainer: row 302 of partition 2: column 'features' holds 63 values, the model's input [8, 8, 1]"
                        + " needs 64");
    }

    @Test
    void aNullLabelOrElementFailsNamingTheRowAndColumn(@TempDir Path dir) {
        List<Row> rows = arrayRows();
        rows.set(2, RowFactory.create(2L, features[2], null));
        SparkException label = assertThrows(
                SparkException.class, () -> shortRun(model(), dir).fit(frame(rows, ARRAYS), "features", "label"));
        Causes.assertCause(label, "SparkTrainer: row 2 of partition 0: column 'label' is null");
        Float[] withNull = new Float[64];
        Arrays.fill(withNull, 0f);
        withNull[17] = null;
        rows.set(2, RowFactory.create(2L, withNull, 1));
        SparkException element = assertThrows(
                SparkException.class, () -> shortRun(model(), dir).fit(frame(rows, ARRAYS), "features", "label"));
        Causes.assertCause(element, "SparkTrainer: row 2 of partition 0: column 'features' has a null at position 17");
    }

    @Test
    void missingOrMistypedColumnsAreRefusedBeforeAnyJob(@TempDir Path dir) {
        Dataset<Row> df = frame(arrayRows(), ARRAYS).withColumn("name", functions.lit("x"));
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> shortRun(model(), dir).fit(df, "pixels", "label"));
        assertEquals(
                "SparkTrainer: no features column 'pixels' among [id, features, label, name]", missing.getMessage());
        IllegalArgumentException features = assertThrows(
                IllegalArgumentException.class, () -> shortRun(model(), dir).fit(df, "name", "label"));
        assertEquals(
                "SparkTrainer: features column 'name' is string; expected an array of numbers or an ML Vector",
                features.getMessage());
        IllegalArgumentException label = assertThrows(
                IllegalArgumentException.class, () -> shortRun(model(), dir).fit(df, "features", "name"));
        assertEquals(
                "SparkTrainer: label column 'name' is string; expected an array of numbers or an ML Vector, or a"
                        + " number",
                label.getMessage());
    }
}
