package dev.synapse.examples.spark;

import dev.synapse.Synapse;
import dev.synapse.cli.Flags;
import dev.synapse.datasets.FashionMnist;
import dev.synapse.datasets.ImageDataset;
import dev.synapse.examples.cnn.MnistCnn;
import dev.synapse.losses.Losses;
import dev.synapse.nn.Model;
import dev.synapse.optim.Adam;
import dev.synapse.spark.LocalCluster;
import dev.synapse.spark.Sample;
import dev.synapse.spark.SparkTrainer;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.callbacks.TensorBoard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Seed 002's CNN on Fashion-MNIST trained data-parallel on Spark ({@code ./synapse example spark-fashion}): two
 * replicas in barrier mode, each step's global batch split between them, the gradients summed by a ring all-reduce,
 * a checkpoint every {@code --every} steps under {@code OUT/checkpoints} and TensorBoard logs under {@code OUT/logs}.
 * As Horovod's {@code hvd.DistributedOptimizer} or Keras's {@code MultiWorkerMirroredStrategy} with a
 * {@code fit}.
 *
 * <p>Flags: {@code --master URL} ({@code local-cluster}: a Spark standalone master and {@code --workers} workers
 * started on 127.0.0.1 by {@link LocalCluster}, each a JVM apart from this one; {@code local[N]}: task slots in this
 * JVM; {@code spark://HOST:7077}: a running standalone cluster), {@code --workers N} (2), {@code --epochs N} (1), {@code --batch-size N} (256, the global
 * batch), {@code --every N} (50), {@code --train N} (0: all 60,000 pictures), {@code --test N} (2,000),
 * {@code --out DIR} ({@code out/spark-fashion}), {@code --seed S}.
 */
public final class SparkFashion {
    /** The {@code --master} that starts a {@link LocalCluster} of {@code --workers} workers for the run. */
    public static final String LOCAL_CLUSTER = "local-cluster";

    /** Samples per partition of the input: Spark ships each partition in a task, which must stay well under 128 MiB. */
    private static final int SAMPLES_PER_PARTITION = 4_096;

    /** What a run does. */
    public record Settings(
            String master,
            int workers,
            int epochs,
            int batchSize,
            int every,
            int trainLimit,
            int testLimit,
            Path out,
            long seed) {
        /** One epoch of all of Fashion-MNIST on two replicas, each in a worker JVM of a local cluster. */
        public static Settings defaults() {
            return new Settings(LOCAL_CLUSTER, 2, 1, 256, 50, 0, 2_000, Path.of("out", "spark-fashion"), 1102);
        }

        static Settings parse(String[] args) {
            Settings d = defaults();
            Flags f = Flags.parse(
                    "./synapse example spark-fashion",
                    "Seed 002's CNN on Fashion-MNIST, trained data-parallel on Spark in barrier mode.",
                    args);
            Settings s = new Settings(
                    f.string(
                            "master",
                            d.master,
                            "Spark master: local-cluster (a master and --workers worker JVMs started here),"
                                    + " local[N] or spark://HOST:PORT"),
                    f.integer("workers", d.workers, 1, "replicas, one barrier task each"),
                    f.integer("epochs", d.epochs, 1, "passes over the training pictures"),
                    f.integer("batch-size", d.batchSize, 1, "global batch: pictures per step over all replicas"),
                    f.integer("every", d.every, 1, "steps between checkpoints"),
                    f.integer("train", d.trainLimit, 0, "use only the first N training pictures (0: all)"),
                    f.integer("test", d.testLimit, 1, "test pictures to measure the accuracy on"),
                    f.path("out", d.out, "folder for checkpoints and TensorBoard logs"),
                    f.longInteger("seed", d.seed, "random seed"));
            f.done();
            return s;
        }
    }

    /** The history, the test accuracy and the trained model. */
    public record Result(History history, List<Double> stepLosses, double testAccuracy, Model model) {}

    private static final String APP_NAME = "synapse spark-fashion";

    private SparkFashion() {}

    public static void main(String[] args) {
        run(Settings.parse(args));
    }

    public static Result run(Settings s) {
        Synapse.setSeed(s.seed());
        ImageDataset train = FashionMnist.train();
        int n = s.trainLimit() > 0 ? Math.min(s.trainLimit(), train.size()) : train.size();
        List<Sample> samples = samples(train, n);
        Model model = MnistCnn.createModel();
        model.compile(new Adam(1e-2), Losses.sparseCategoricalCrossentropy());
        Path checkpoints = s.out().resolve("checkpoints").toAbsolutePath();
        System.out.printf(
                Locale.ROOT,
                "Spark %s: %d replicas, global batch %d, %d training pictures; checkpoints in %s%n",
                s.master(),
                s.workers(),
                s.batchSize(),
                n,
                checkpoints);
        History history;
        SparkTrainer trainer;
        long started = System.nanoTime();
        try (LocalCluster cluster = s.master().equals(LOCAL_CLUSTER) ? LocalCluster.start(s.workers()) : null) {
            SparkSession.Builder session = cluster != null
                    ? cluster.session(APP_NAME)
                    : SparkSession.builder()
                            .master(s.master())
                            .appName(APP_NAME)
                            .config("spark.ui.enabled", "false");
            if (cluster != null) {
                System.out.printf(
                        Locale.ROOT, "local cluster: master %s, %d worker JVMs%n", cluster.masterUrl(), s.workers());
            }
            SparkSession spark = session.getOrCreate();
            try {
                trainer = SparkTrainer.builder(model)
                        .workers(s.workers())
                        .globalBatch(s.batchSize())
                        .epochs(s.epochs())
                        .seed(s.seed())
                        .checkpointDir(checkpoints.toString())
                        .checkpointEvery(s.every())
                        .logDir(s.out().resolve("logs"))
                        .callbacks(new TensorBoard(s.out().resolve("logs")))
                        .build();
                // The sample order is the list's, whatever the partitions: they only keep each task small.
                int partitions = Math.max(s.workers(), (n + SAMPLES_PER_PARTITION - 1) / SAMPLES_PER_PARTITION);
                history = trainer.fit(
                        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(samples, partitions));
            } finally {
                spark.stop();
            }
        }
        System.out.printf(Locale.ROOT, "trained in %.1f s%n", (System.nanoTime() - started) / 1e9);
        ImageDataset test = FashionMnist.test();
        int nTest = Math.min(s.testLimit(), test.size());
        Tensor images = test.images().slice(0, 0, nTest).reshape(nTest, 28, 28, 1);
        long[] predicted = model.predict(images, 256).argmax(-1).toLongArray();
        long[] labels = test.labels().slice(0, 0, nTest).toLongArray();
        int right = 0;
        for (int i = 0; i < nTest; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        double accuracy = (double) right / nTest;
        System.out.printf(
                Locale.ROOT,
                "test accuracy on %d pictures: %.4f; TensorBoard: tensorboard --logdir %s%n",
                nTest,
                accuracy,
                s.out().resolve("logs"));
        return new Result(history, trainer.stepLosses(), accuracy, model);
    }

    /** Pictures scaled to [0, 1], flattened channels-last, with their class as the label. */
    static List<Sample> samples(ImageDataset d, int n) {
        byte[] pixels = d.pixels();
        long[] labels = d.labels().toLongArray();
        int size = 28 * 28;
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] f = new float[size];
            for (int k = 0; k < size; k++) {
                f[k] = (pixels[i * size + k] & 0xff) / 255f;
            }
            out.add(new Sample(f, new float[] {labels[i]}));
        }
        return out;
    }
}
