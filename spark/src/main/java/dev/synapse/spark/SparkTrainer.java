package dev.synapse.spark;

import dev.synapse.io.ModelArchive;
import dev.synapse.io.internal.ModelFiles;
import dev.synapse.losses.Loss;
import dev.synapse.metrics.Metric;
import dev.synapse.nn.Compiled;
import dev.synapse.nn.Model;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.Callback;
import dev.synapse.train.History;
import dev.synapse.train.TrainingContext;
import dev.synapse.train.tensorboard.EventFileWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.jspecify.annotations.Nullable;

/**
 * Synchronous data-parallel training of a Synapse model on Apache Spark, in barrier execution mode (as Spark's
 * {@code TorchDistributor} and Horovod on Spark; the PyTorch counterpart of one step is
 * {@code DistributedDataParallel}, Keras's {@code MultiWorkerMirroredStrategy}).
 *
 * <p>Every step, each of the {@code N} workers computes the gradients of its contiguous shard of the seeded global
 * batch, the gradients are summed by an all-reduce ({@link AllReduce}) and divided by {@code N}, and every replica
 * applies the same update: so {@code N} workers with global batch {@code B} follow one process with batch
 * {@code B} up to float32 rounding of the sums. Steps run in chunks, one barrier stage each, that end at every
 * {@code checkpointEvery} steps and at every epoch's end; replica 0 writes the checkpoint at a chunk's end to
 * {@link Builder#checkpointDir} (any Hadoop file-system URI) and every chunk starts by reading the last one, so a
 * chunk that Spark retries (a lost executor fails the whole barrier stage) starts again from the last checkpoint
 * and ends with the same weights. Between chunks the driver reports progress and per-step losses; at each epoch's
 * end it loads the weights into the given model and runs the callbacks, whose context sees that model, as in
 * {@code model.fit}.
 *
 * <p>Models whose batch statistics matter (BatchNormalization) see each replica's shard only; see
 * {@code docs/spark.md}.
 */
public final class SparkTrainer {
    private final Model model;
    private final Optimizer optimizer;
    private final Loss loss;
    private final List<Metric> metrics;
    private final int workers;
    private final int globalBatch;
    private final int epochs;
    private final long maxSteps;
    private final long seed;
    private final CheckpointStore store;
    private final int checkpointEvery;
    private final boolean resume;
    private final List<Callback> callbacks;
    private final AllReduce allReduce;
    private final long timeoutMillis;
    private final @Nullable Path logDir;
    private final @Nullable PrintStream progress;
    private final List<Double> stepLosses = new ArrayList<>();
    private final List<StepTime> stepTimes = new ArrayList<>();

    /**
     * Where a chunk's steps spent their time, averaged over its steps and replicas: forward, backward and update
     * ({@code computeMillis}) and the gradients' all-reduce ({@code communicationMillis}), per step.
     */
    public record StepTime(long firstStep, int steps, double computeMillis, double communicationMillis) {}

    private SparkTrainer(Builder b) {
        this.model = b.model;
        Compiled compiled = b.model.compiled();
        Optimizer o = b.optimizer != null ? b.optimizer : compiled == null ? null : compiled.optimizer();
        Loss l = b.loss != null ? b.loss : compiled == null ? null : compiled.loss();
        if (o == null || l == null) {
            throw new IllegalArgumentException(
                    "SparkTrainer: the model is not compiled; give the optimizer and the loss to the builder or"
                            + " compile the model first");
        }
        this.optimizer = o;
        this.loss = l;
        this.metrics = compiled == null ? List.of() : compiled.metrics();
        this.workers = b.workers;
        this.globalBatch = b.globalBatch;
        this.epochs = b.epochs;
        this.maxSteps = b.maxSteps;
        this.seed = b.seed;
        this.store = new CheckpointStore(Objects.requireNonNull(b.checkpointDir, "checkpointDir"));
        this.checkpointEvery = b.checkpointEvery;
        this.resume = b.resume;
        this.callbacks = List.copyOf(b.callbacks);
        this.allReduce = b.allReduce;
        this.timeoutMillis = b.timeoutMillis;
        this.logDir = b.logDir;
        this.progress = b.progress;
    }

    /** A builder for training {@code model} (compiled, or with {@link Builder#optimizer} and {@link Builder#loss}). */
    public static Builder builder(Model model) {
        return new Builder(Objects.requireNonNull(model, "model"));
    }

    /**
     * Trains on a DataFrame whose {@code features} column holds each sample's features (an ML {@code Vector} or an
     * array of numbers, flattened in the model's input layout, as many as the input holds) and whose {@code label}
     * column its label (a number, an array of numbers or an ML {@code Vector}); other columns are ignored. The
     * samples keep the DataFrame's order, as {@link #fit(JavaRDD)} keeps the RDD's. A column that is missing or of
     * another type is refused at once; a null or wrong-length value fails the job with a {@code SparkException}
     * caused by an {@code IllegalArgumentException} naming the row (its index in its partition) and the column.
     */
    public History fit(Dataset<Row> data, String featuresColumn, String labelColumn) {
        return fit(RowSamples.of(data, featuresColumn, labelColumn, inputShape()));
    }

    /** {@link #fit(Dataset, String, String)} with the columns {@code features} and {@code label}. */
    public History fit(Dataset<Row> data) {
        return fit(data, "features", "label");
    }

    /**
     * Trains on the samples of {@code data}, in the seeded order of {@link GlobalBatches}, and returns the
     * per-epoch mean training loss as Keras's {@code History}. The weights end in the builder's model and its
     * optimizer holds the final state.
     */
    public History fit(JavaRDD<Sample> data) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
        JavaPairRDD<Sample, Long> indexed = data.zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return fitIndexed(sc, indexed);
        } finally {
            indexed.unpersist(false);
        }
    }

    private History fitIndexed(JavaSparkContext sc, JavaPairRDD<Sample, Long> indexed) {
        long count = indexed.count();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("SparkTrainer: " + count + " samples; at most 2^31 - 9 per fit");
        }
        int n = (int) count;
        int stepsPerEpoch = n / globalBatch;
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("SparkTrainer: " + n + " samples hold no full global batch of "
                    + globalBatch + " (a last partial batch is dropped)");
        }
        long totalSteps = Math.min((long) epochs * stepsPerEpoch, maxSteps);
        int[] inputShape = inputShape();
        long step = start();

        History history = new History();
        Context context = new Context();
        List<Callback> all = new ArrayList<>(callbacks);
        all.add(history);
        for (Callback c : all) {
            c.setContext(context);
        }
        for (Callback c : all) {
            c.onTrainBegin();
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        try (EventFileWriter events = logDir == null ? null : new EventFileWriter(logDir.resolve("steps"))) {
            while (step < totalSteps && !context.stopping) {
                int epoch = (int) (step / stepsPerEpoch);
                for (Callback c : all) {
                    c.onEpochBegin(epoch);
                }
                Broadcast<int[]> positions = sc.broadcast(GlobalBatches.positions(GlobalBatches.order(n, seed, epoch)));
                long epochEnd = Math.min((long) (epoch + 1) * stepsPerEpoch, totalSteps);
                double lossSum = 0;
                int lossSteps = 0;
                try {
                    while (step < epochEnd) {
                        long end = Math.min(epochEnd, (step / checkpointEvery + 1) * checkpointEvery);
                        ChunkResult result = runChunk(indexed, positions, epoch, stepsPerEpoch, step, end, inputShape);
                        for (int i = 0; i < result.losses().length; i++) {
                            double l = result.losses()[i];
                            stepLosses.add(l);
                            lossSum += l;
                            lossSteps++;
                            if (events != null) {
                                events.scalar("batch_loss", l, step + i);
                            }
                            Map<String, Double> batchLogs = Map.of("loss", lossSum / lossSteps);
                            for (Callback c : all) {
                                c.onTrainBatchEnd((int) (step + i - (long) epoch * stepsPerEpoch), batchLogs);
                            }
                        }
                        StepTime time = stepTimes.getLast();
                        if (events != null) {
                            events.scalar("step_compute_ms", time.computeMillis(), end);
                            events.scalar("step_communication_ms", time.communicationMillis(), end);
                        }
                        report(epoch, end, totalSteps, lossSum / lossSteps, time);
                        step = end;
                    }
                } finally {
                    positions.destroy();
                }
                loadInto(step);
                logs = new LinkedHashMap<>();
                logs.put("loss", lossSum / lossSteps);
                for (Callback c : all) {
                    c.onEpochEnd(epoch, logs);
                }
            }
        }
        for (Callback c : all) {
            c.onTrainEnd(logs);
        }
        return history;
    }

    private int[] inputShape() {
        int[] shape = model.declaredInputShape();
        if (shape == null && !model.inputs().isEmpty()) {
            int[] full = model.inputs().getFirst().shape();
            shape = Arrays.copyOfRange(full, 1, full.length);
        }
        if (shape == null || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException(
                    "SparkTrainer: the model declares no complete input shape: " + Arrays.toString(shape));
        }
        return shape;
    }

    /** The step to start from: the last checkpoint's when resuming, else 0 after writing the model as it is. */
    private long start() {
        try {
            if (resume) {
                OptionalLong last = store.latest();
                if (last.isPresent()) {
                    loadInto(last.getAsLong());
                    return last.getAsLong();
                }
            }
            ModelArchive first = ModelFiles.archive(model, optimizer, loss, metrics, true);
            // Workers rebuild the loss and the optimizer from the file: refuse now what they could not rebuild.
            ModelFiles.Loaded check = ModelFiles.load(ModelArchive.read(first.toBytes(), "the first checkpoint"), "");
            if (check.compile().loss() == null || check.compile().optimizer() == null) {
                throw new IllegalArgumentException("SparkTrainer: the loss " + loss + " or the optimizer "
                        + optimizer.name() + " cannot be rebuilt from its saved config on the workers; use a"
                        + " built-in one");
            }
            store.write(0, first);
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "SparkTrainer: cannot use the checkpoint folder " + store.dir() + ": " + e.getMessage(), e);
        }
    }

    private ChunkResult runChunk(
            JavaPairRDD<Sample, Long> indexed,
            Broadcast<int[]> positions,
            int epoch,
            int stepsPerEpoch,
            long start,
            long end,
            int[] inputShape) {
        long low = (start - (long) epoch * stepsPerEpoch) * globalBatch;
        long high = (end - (long) epoch * stepsPerEpoch) * globalBatch;
        JavaPairRDD<Long, Sample> chunk = indexed.flatMapToPair(new ChunkRows(positions, low, high))
                .partitionBy(new ShardPartitioner(globalBatch, workers));
        ReplicaTask task = new ReplicaTask(
                store, start, (int) (end - start), globalBatch, inputShape, seed, allReduce, timeoutMillis);
        RDD<ChunkResult> stage = chunk.rdd()
                .barrier()
                .mapPartitions(
                        new BarrierFunction(task), false, scala.reflect.ClassTag$.MODULE$.apply(ChunkResult.class));
        stage.setName("synapse steps " + start + ".." + end);
        // Spark retries a failed barrier stage as a whole only when it is a shuffle-map stage (a failed barrier
        // result stage aborts the job), so the results cross one small shuffle before they reach the driver.
        List<ChunkResult> results = new ArrayList<>(
                JavaRDD.fromRDD(stage, stage.elementClassTag()).repartition(1).collect());
        results.sort((a, b) -> Integer.compare(a.rank(), b.rank()));
        ChunkResult first = results.getFirst();
        double compute = 0;
        double communication = 0;
        for (ChunkResult r : results) {
            if (r.weightChecksum() != first.weightChecksum() || !Arrays.equals(r.losses(), first.losses())) {
                throw new IllegalStateException("SparkTrainer: after steps " + start + ".." + end + " replica "
                        + r.rank() + " holds other weights than replica 0 (checksums " + r.weightChecksum() + " and "
                        + first.weightChecksum() + ")");
            }
            compute += r.computeNanos();
            communication += r.communicationNanos();
        }
        double perStep = 1e6 * results.size() * (end - start);
        stepTimes.add(new StepTime(start, (int) (end - start), compute / perStep, communication / perStep));
        return first;
    }

    private void report(int epoch, long end, long total, double loss, StepTime time) {
        if (progress != null) {
            progress.printf(
                    Locale.ROOT,
                    "Epoch %d - steps %d/%d - loss: %.4f - compute %.1f ms/step - all-reduce %.1f ms/step%n",
                    epoch + 1,
                    end,
                    total,
                    loss,
                    time.computeMillis(),
                    time.communicationMillis());
        }
    }

    /** Copies the checkpoint after {@code step} into the builder's model and optimizer. */
    private void loadInto(long step) {
        try {
            ModelFiles.Loaded loaded = ModelFiles.load(store.read(step), store.file(step));
            Optimizer saved = Objects.requireNonNull(loaded.compile().optimizer(), "optimizer");
            Map<String, Tensor> state = saved.state(loaded.model().trainableVariables());
            optimizer.checkState(model.trainableVariables(), state);
            model.loadStateDict(loaded.model().stateDict());
            optimizer.loadState(model.trainableVariables(), state);
            optimizer.setIterations(saved.iterations());
        } catch (IOException e) {
            throw new UncheckedIOException("SparkTrainer: cannot read " + store.file(step) + ": " + e.getMessage(), e);
        }
    }

    /** The global mean loss of every step trained by the last {@link #fit}, in order. */
    public List<Double> stepLosses() {
        return List.copyOf(stepLosses);
    }

    /** Per chunk of the last {@link #fit}: compute and all-reduce milliseconds per step. */
    public List<StepTime> stepTimes() {
        return List.copyOf(stepTimes);
    }

    /** The file of the checkpoint after {@code step} global steps, as the workers name it. */
    public String checkpointFile(long step) {
        return store.file(step);
    }

    /** The callbacks' view: the builder's model, whose weights are loaded at each epoch's end. */
    private final class Context implements TrainingContext {
        private boolean stopping;

        @Override
        public void stopTraining() {
            stopping = true;
        }

        @Override
        public boolean isStopping() {
            return stopping;
        }

        @Override
        public Optimizer optimizer() {
            return optimizer;
        }

        @Override
        public Map<String, Tensor> namedWeights() {
            return model.stateDict();
        }

        @Override
        public void saveModel(Path file) throws IOException {
            model.save(file);
        }

        @Override
        public void saveCheckpoint(Path file) throws IOException {
            ModelFiles.save(model, file, optimizer, loss, metrics, true);
        }
    }

    /** The training settings ({@code fit}'s arguments in Keras, {@code Trainer}'s in Lightning). */
    public static final class Builder {
        private final Model model;
        private @Nullable Optimizer optimizer;
        private @Nullable Loss loss;
        private int workers = 2;
        private int globalBatch = 32;
        private int epochs = 1;
        private long maxSteps = Long.MAX_VALUE;
        private long seed = 0;
        private @Nullable String checkpointDir;
        private int checkpointEvery = Integer.MAX_VALUE;
        private boolean resume;
        private final List<Callback> callbacks = new ArrayList<>();
        private AllReduce allReduce = AllReduce.RING;
        private long timeoutMillis = 300_000;
        private @Nullable Path logDir;
        private @Nullable PrintStream progress = System.out;

        private Builder(Model model) {
            this.model = model;
        }

        /** The optimizer, when the model is not compiled (a built-in one: workers rebuild it from its config). */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** The loss, when the model is not compiled (a built-in one, reduced to the batch mean). */
        public Builder loss(Loss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /** Replicas, one barrier task each; the cluster must run this many tasks at once. */
        public Builder workers(int workers) {
            this.workers = positive("workers", workers);
            return this;
        }

        /** Samples per step over all replicas; a multiple of {@link #workers}. */
        public Builder globalBatch(int globalBatch) {
            this.globalBatch = positive("globalBatch", globalBatch);
            return this;
        }

        /** Passes over the data ({@code epochs} of {@code fit}). */
        public Builder epochs(int epochs) {
            this.epochs = positive("epochs", epochs);
            return this;
        }

        /** Stops after this many global steps in all, even within an epoch (Lightning's {@code max_steps}). */
        public Builder maxSteps(long steps) {
            this.maxSteps = positive("maxSteps", steps);
            return this;
        }

        /** The seed of the epochs' sample order and of the replicas' random layers. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The folder of the checkpoints, reachable by the driver and every executor: a local path on a one-machine
         * cluster, else any Hadoop file-system URI ({@code hdfs://...}, {@code s3a://...}).
         */
        public Builder checkpointDir(String dir) {
            this.checkpointDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** A checkpoint, and a chunk's end, every this many global steps (besides every epoch's end). */
        public Builder checkpointEvery(int steps) {
            this.checkpointEvery = positive("checkpointEvery", steps);
            return this;
        }

        /** Starts from the latest checkpoint in the folder when there is one (a restarted driver goes on). */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Callbacks run on the driver (EarlyStopping, ModelCheckpoint, TensorBoard, ...). */
        public Builder callbacks(Callback... callbacks) {
            this.callbacks.addAll(List.of(callbacks));
            return this;
        }

        /** How the gradients are summed ({@link AllReduce#RING} by default). */
        public Builder allReduce(AllReduce allReduce) {
            this.allReduce = Objects.requireNonNull(allReduce, "allReduce");
            return this;
        }

        /** How long a replica waits for a peer's connection or bytes before failing the chunk (5 minutes). */
        public Builder timeoutMillis(long millis) {
            this.timeoutMillis = positive("timeoutMillis", millis);
            return this;
        }

        /**
         * Writes every step's loss and each chunk's step times as TensorBoard scalars under {@code dir/steps} (beside
         * the {@code train} and {@code validation} folders of a {@code TensorBoard} callback on the same folder).
         */
        public Builder logDir(Path dir) {
            this.logDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Where a line per chunk goes ({@code System.out} by default); {@code null} for none. */
        public Builder progress(@Nullable PrintStream out) {
            this.progress = out;
            return this;
        }

        public SparkTrainer build() {
            if (checkpointDir == null) {
                throw new IllegalArgumentException(
                        "SparkTrainer: checkpointDir is required: a folder the driver and every executor reach");
            }
            if (globalBatch % workers != 0) {
                throw new IllegalArgumentException("SparkTrainer: globalBatch " + globalBatch
                        + " is not a multiple of workers " + workers + "; every replica takes an equal shard");
            }
            return new SparkTrainer(this);
        }

        private static int positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("SparkTrainer: " + name + " must be positive, got " + value);
            }
            return value;
        }

        private static long positive(String name, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("SparkTrainer: " + name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
