package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
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
}
