package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.datasets.FashionMnist;
import dev.synapse.datasets.ImageDataset;
import dev.synapse.losses.Losses;
import dev.synapse.nn.Model;
import dev.synapse.optim.Adam;
import dev.synapse.testing.NeedsData;
import dev.synapse.testing.NeedsSpark;
import dev.synapse.train.History;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** Training on a standalone cluster whose two executors are JVMs apart from this one, one of which a test kills. */
@NeedsSpark
class SparkTrainerClusterTest {
    @RegisterExtension
    static final LocalStandaloneCluster CLUSTER = new LocalStandaloneCluster(2);

    private static final DigitsSamples DIGITS = new DigitsSamples();
    private static final int BATCH = 64;
    private static final int STEPS = 48;
    private static final int EVERY = 20;

    private static Model model() {
        Synapse.setSeed(7);
        Model m = SingleProcessRun.cnn(8, 16, 32);
        m.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy());
        return m;
    }

    private static SparkTrainer trainer(Model m, Path dir) {
        return SparkTrainer.builder(m)
                .workers(2)
                .globalBatch(BATCH)
                .maxSteps(STEPS)
                .epochs(10)
                .seed(5)
                .checkpointEvery(EVERY)
                .checkpointDir(dir.toString())
                .progress(null)
                .build();
    }

    /**
     * The figure: seed 002's CNN (24 and 36 kernels, Dense 128; its Dropout left out, see docs/spark.md), Adam
     * at the tutorial's 0.01, 20 steps of global batch 256 on the first 6,000 Fashion-MNIST training pictures, 2
     * workers against one process.
     */
    @Test
    @NeedsData
    void seed002sCnnOnFashionMnistTrainsAlikeOnTwoWorkersAndOneProcess(@TempDir Path dir) throws Exception {
        ImageDataset train = FashionMnist.train();
        int n = 6_000;
        byte[] pixels = train.pixels();
        long[] y = train.labels().toLongArray();
        float[][] features = new float[n][784];
        float[] labels = new float[n];
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 784; k++) {
                features[i][k] = (pixels[i * 784 + k] & 0xff) / 255f;
            }
            labels[i] = y[i];
            samples.add(new Sample(features[i], new float[] {labels[i]}));
        }
        Synapse.setSeed(1102);
        Model m = SingleProcessRun.cnn(28, 24, 36);
        m.compile(new Adam(0.01), Losses.sparseCategoricalCrossentropy());
        try (SparkSession spark = CLUSTER.session("spark-trainer-fashion").getOrCreate()) {
            SparkTrainer trainer = SparkTrainer.builder(m)
                    .workers(2)
                    .globalBatch(256)
                    .maxSteps(20)
                    .seed(1102)
                    .checkpointEvery(10)
                    .checkpointDir(dir.toString())
                    .progress(System.out)
                    .build();
            trainer.fit(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(samples, 2));
            Path start = Path.of(trainer.checkpointFile(0));
            SingleProcessRun.Result whole = SingleProcessRun.assertSameAsTwoShards(
                    m.stateDict(),
                    start,
                    features,
                    labels,
                    new int[] {28, 28, 1},
                    256,
                    1102,
                    20,
                    "Fashion-MNIST, 20 steps");
            double moved = SingleProcessRun.maxAbsDifference(whole.weights(), SingleProcessRun.weightsOf(start));
            System.out.printf(
                    Locale.ROOT,
                    "Fashion-MNIST: weights moved up to %.3g; last loss %.4f vs %.4f%n",
                    moved,
                    trainer.stepLosses().getLast(),
                    whole.losses().getLast());
            assertTrue(moved > 1e-2, "the weights barely moved: " + moved);
        }
    }

    @Test
    void aDataFrameOfVectorsTrainsOnTheClusterAsOneProcess(@TempDir Path dir) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < DIGITS.labels.length; i++) {
            double[] d = new double[64];
            for (int k = 0; k < 64; k++) {
                d[k] = DIGITS.features[i][k];
            }
            rows.add(RowFactory.create(Vectors.dense(d), (int) DIGITS.labels[i]));
        }
        StructType schema = new StructType()
                .add("pixels", SQLDataTypes.VectorType(), false)
                .add("digit", DataTypes.IntegerType, false);
        try (SparkSession spark = CLUSTER.session("spark-trainer-dataframe").getOrCreate()) {
            Dataset<Row> df = spark.createDataFrame(
                    JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 2), schema);
            Model m = model();
            SparkTrainer trainer = SparkTrainer.builder(m)
                    .workers(2)
                    .globalBatch(BATCH)
                    .maxSteps(12)
                    .seed(5)
                    .checkpointDir(dir.toString())
                    .progress(null)
                    .build();
            trainer.fit(df, "pixels", "digit");
            Path start = Path.of(trainer.checkpointFile(0));
            SingleProcessRun.assertSameAsTwoShards(
                    m.stateDict(),
                    start,
                    DIGITS.features,
                    DIGITS.labels,
                    new int[] {8, 8, 1},
                    BATCH,
                    5,
                    12,
                    "DataFrame");
            double moved = SingleProcessRun.maxAbsDifference(m.stateDict(), SingleProcessRun.weightsOf(start));
            assertTrue(moved > 1e-2, "the weights barely moved: " + moved);
        }
    }

    @Test
    void aKilledExecutorCostsAChunkButNotTheResult(@TempDir Path dir) throws Exception {
        try (SparkSession spark = CLUSTER.session("spark-trainer-faults").getOrCreate()) {
            AtomicInteger failedStages = new AtomicInteger();
            // Counts down when a barrier task of the chunk 28..40 starts (its RDD carries the chunk's steps as its
            // name).
            CountDownLatch secondChunk = new CountDownLatch(1);
            AtomicBoolean armed = new AtomicBoolean();
            Set<Integer> secondChunkStages = ConcurrentHashMap.newKeySet();
            // 1,797 digits make 28 steps an epoch, so the chunks end at 20, 28, 40 and 48: kill in 28..40.
            String secondChunkName = "synapse steps 28..40";
            spark.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
                    StageInfo info = submitted.stageInfo();
                    if (CollectionConverters.asJava(info.rddInfos()).stream()
                            .anyMatch(r -> r.name().equals(secondChunkName))) {
                        secondChunkStages.add(info.stageId());
                    }
                }

                @Override
                public void onTaskStart(SparkListenerTaskStart start) {
                    if (armed.get() && secondChunkStages.contains(start.stageId())) {
                        secondChunk.countDown();
                    }
                }

                @Override
                public void onStageCompleted(SparkListenerStageCompleted done) {
                    if (done.stageInfo().failureReason().isDefined()) {
                        failedStages.incrementAndGet();
                    }
                }
            });
            // Uninterrupted, and against one process with the same global batch.
            Model whole = model();
            SparkTrainer first = trainer(whole, dir.resolve("whole"));
            first.fit(DIGITS.rdd(spark, 2));
            SingleProcessRun.assertSameAsTwoShards(
                    whole.stateDict(),
                    Path.of(first.checkpointFile(0)),
                    DIGITS.features,
                    DIGITS.labels,
                    new int[] {8, 8, 1},
                    BATCH,
                    5,
                    STEPS,
                    "digits, uninterrupted");
            assertEquals(0, failedStages.get());

            // Again, killing one executor once a chunk has started.
            Model killed = model();
            Path ckpts = dir.resolve("killed");
            SparkTrainer second = trainer(killed, ckpts);
            armed.set(true);
            FutureTask<History> run = new FutureTask<>(() -> second.fit(DIGITS.rdd(spark, 2)));
            Thread runner = new Thread(run, "fit-to-be-killed");
            runner.start();
            while (!secondChunk.await(100, TimeUnit.MILLISECONDS)) {
                if (run.isDone()) {
                    run.get(); // throws the failure; a run that ended never let the kill land
                    throw new AssertionError("the run ended before its second chunk was seen");
                }
            }
            List<Long> pids = CLUSTER.executorPids(spark.sparkContext().applicationId());
            CLUSTER.killExecutor(pids.get(1));
            run.get(300, TimeUnit.SECONDS);

            assertTrue(failedStages.get() >= 1, "the kill did not fail a stage: it missed the chunk");
            // The retried chunk ran in a fresh executor JVM, from the same checkpoint on the same samples. Kernels sum
            // in a fixed order whatever the JIT has compiled (Lanes.sum), so the rerun repeats the lost chunk bit for
            // bit: any difference means a chunk ran from another state or on other samples.
            System.out.printf(
                    Locale.ROOT,
                    "killed vs uninterrupted: max |dw| %s%n",
                    SingleProcessRun.maxAbsDifference(killed.stateDict(), whole.stateDict()));
            SingleProcessRun.assertSameWeights(whole.stateDict(), killed.stateDict());
            double chunk = SingleProcessRun.maxAbsDifference(
                    whole.stateDict(), SingleProcessRun.weightsOf(Path.of(second.checkpointFile(EVERY))));
            assertTrue(chunk > 1e-3, "the last chunk barely moved the weights: " + chunk);
        }
    }
}
