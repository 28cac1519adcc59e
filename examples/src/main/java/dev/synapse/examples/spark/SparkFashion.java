package dev.synapse.examples.spark;

import dev.synapse.Synapse;
import dev.synapse.cli.Flags;
import dev.synapse.datasets.FashionMnist;
import dev.synapse.datasets.ImageDataset;
import dev.synapse.examples.cnn.MnistCnn;
import dev.synapse.losses.Losses;
import dev.synapse.nn.Model;
import dev.synapse.optim.Adam;
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
 * <p>Flags: {@code --master URL} ({@code local[2]}: two task slots in this JVM; {@code spark://HOST:7077} for a
 * standalone cluster), {@code --workers N} (2), {@code --epochs N} (1), {@code --batch-size N} (256, the global
 * batch), {@code --every N} (50), {@code --train N} (0: all 60,000 pictures), {@code --test N} (2,000),
 * {@code --out DIR} ({@code out/spark-fashion}), {@code --seed S}.
 */
public final class SparkFashion {
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
        /** One epoch of all of Fashion-MNIST on two local replicas. */
        public static Settings defaults() {
            return new Settings("local[2]", 2, 1, 256, 50, 0, 2_000, Path.of("out", "spark-fashion"), 1102);
        }

        static Settings parse(String[] args) {
            Settings d = defaults();
            Flags f = Flags.parse(
                    "./synapse example spark-fashion",
                    "Seed 002's CNN on Fashion-MNIST, trained data-parallel on Spark in barrier mode.",
                    args);
            Settings s = new Settings(
                    f.string("master", d.master, "Spark master URL (local[N] or spark://HOST:PORT)"),
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
        SparkSession spark = SparkSession.builder()
                .master(s.master())
                .appName("synapse spark-fashion")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
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
            history = trainer.fit(
                    JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(samples, s.workers()));
        } finally {
            spark.stop();
        }
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
