package dev.synapse.spark;

import dev.synapse.Synapse;
import dev.synapse.losses.Losses;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Dense;
import dev.synapse.optim.Adam;
import dev.synapse.testing.NeedsSpark;
import dev.synapse.testing.Slow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of docs/spark.md: per-step compute and all-reduce milliseconds of seed 002's CNN and a 10-million
 * weight MLP with 1 and 2 workers on the test cluster, the all-reduce by ring and through the driver. A measurement,
 * not a check, so it runs only when asked:
 * {@code ./synapse test -o -pl spark -am -Dtest=StepTimesFigures -Dsynapse.spark.figures=true
 * -Dsynapse.test.excludedTags= -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@NeedsSpark
@Slow
@EnabledIfSystemProperty(named = "synapse.spark.figures", matches = "true")
class StepTimesFigures {
    @RegisterExtension
    static final LocalStandaloneCluster CLUSTER = new LocalStandaloneCluster(2);

    /** 784 -> 2048 -> 2048 -> 2048 -> 10: 10,020,874 weights (40 MB of float32 gradients a step). */
    static Model mlp() {
        SymbolicTensor input = Input.named("input", 784);
        SymbolicTensor x = input;
        for (int i = 0; i < 3; i++) {
            x = Dense.builder(2048).activation("relu").build().apply(x);
        }
        return new Model(input, Dense.builder(10).activation("softmax").build().apply(x));
    }

    private static List<Sample> random(int n, int width, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] f = new float[width];
            for (int k = 0; k < width; k++) {
                f[k] = (float) r.nextDouble();
            }
            out.add(new Sample(f, new float[] {r.nextInt(10)}));
        }
        return out;
    }

    private static void measure(
            SparkSession spark,
            String name,
            Model m,
            List<Sample> data,
            int workers,
            AllReduce how,
            int batch,
            int steps,
            Path dir) {
        m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy());
        SparkTrainer t = SparkTrainer.builder(m)
                .workers(workers)
                .globalBatch(batch)
                .maxSteps(steps)
                .checkpointEvery(steps / 2)
                .allReduce(how)
                .checkpointDir(dir.toString())
                .progress(null)
                .build();
        t.fit(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(data, 2));
        // The second chunk: the executors' JIT has warmed up on the first.
        SparkTrainer.StepTime warm = t.stepTimes().getLast();
        long weights = m.trainableVariables().stream().mapToLong(w -> w.size()).sum();
        System.out.printf(
                Locale.ROOT,
                "FIGURE %-5s %,11d weights  %d worker(s)  %-6s  batch %4d: compute %8.1f ms/step, all-reduce %7.1f ms/step"
                        + " (%.2f ns/byte)%n",
                name,
                weights,
                workers,
                workers == 1 ? "-" : how.toString().toLowerCase(Locale.ROOT),
                batch,
                warm.computeMillis(),
                warm.communicationMillis(),
                warm.communicationMillis() * 1e6 / (4.0 * weights));
    }

    @Test
    void stepTimes(@TempDir Path dir) throws Exception {
        try (SparkSession spark = CLUSTER.session("spark-step-times").getOrCreate()) {
            List<Sample> pictures = random(2048, 784, 1);
            int run = 0;
            // Warms both executors' JIT up on the CNN's kernels; its line is marked and left out of the figures.
            Synapse.setSeed(1);
            measure(
                    spark,
                    "(warm-up) cnn",
                    SingleProcessRun.cnn(28, 24, 36),
                    pictures,
                    2,
                    AllReduce.RING,
                    256,
                    8,
                    dir.resolve("r" + run++));
            for (int workers : new int[] {1, 2}) {
                Synapse.setSeed(1);
                measure(
                        spark,
                        "cnn",
                        SingleProcessRun.cnn(28, 24, 36),
                        pictures,
                        workers,
                        AllReduce.RING,
                        256,
                        8,
                        dir.resolve("r" + run++));
            }
            Synapse.setSeed(1);
            measure(
                    spark,
                    "cnn",
                    SingleProcessRun.cnn(28, 24, 36),
                    pictures,
                    2,
                    AllReduce.DRIVER,
                    256,
                    8,
                    dir.resolve("r" + run++));
            for (int workers : new int[] {1, 2}) {
                Synapse.setSeed(1);
                measure(spark, "mlp", mlp(), pictures, workers, AllReduce.RING, 256, 4, dir.resolve("r" + run++));
            }
            Synapse.setSeed(1);
            measure(spark, "mlp", mlp(), pictures, 2, AllReduce.DRIVER, 256, 4, dir.resolve("r" + run++));
        }
    }
}
