package dev.synapse.spark;

import dev.synapse.Synapse;
import dev.synapse.autograd.GradientTape;
import dev.synapse.io.ModelArchive;
import dev.synapse.io.internal.ModelFiles;
import dev.synapse.losses.Loss;
import dev.synapse.nn.Layer;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.BarrierTaskContext;
import scala.Tuple2;

/**
 * One replica's part of a chunk of steps, run as a task of a barrier stage: it loads the chunk's starting
 * checkpoint, trains on its shard of every step's global batch, sums the gradients with the other replicas and
 * applies the same update; replica 0 writes the checkpoint at the chunk's end.
 */
final class ReplicaTask implements Serializable {
    private static final long serialVersionUID = 1L;

    private final CheckpointStore store;
    private final long startStep;
    private final int steps;
    private final int globalBatch;
    private final int[] inputShape;
    private final long seed;
    private final AllReduce allReduce;
    private final long timeoutMillis;

    ReplicaTask(
            CheckpointStore store,
            long startStep,
            int steps,
            int globalBatch,
            int[] inputShape,
            long seed,
            AllReduce allReduce,
            long timeoutMillis) {
        this.store = store;
        this.startStep = startStep;
        this.steps = steps;
        this.globalBatch = globalBatch;
        this.inputShape = inputShape.clone();
        this.seed = seed;
        this.allReduce = allReduce;
        this.timeoutMillis = timeoutMillis;
    }

    Iterator<ChunkResult> run(Iterator<Tuple2<Long, Sample>> rows) {
        BarrierTaskContext context = BarrierTaskContext.get();
        int rank = context.partitionId();
        int replicas = context.getTaskInfos().length;
        int shard = globalBatch / replicas;
        List<Tuple2<Long, Sample>> mine = new ArrayList<>();
        rows.forEachRemaining(mine::add);
        mine.sort(Comparator.comparingLong(Tuple2::_1));
        if (mine.size() != (long) steps * shard) {
            throw new IllegalStateException("replica " + rank + " of " + replicas + " received " + mine.size()
                    + " samples for steps " + startStep + ".." + (startStep + steps) + ", expected " + steps
                    + " x " + shard);
        }
        String source = store.file(startStep);
        ModelFiles.Loaded loaded;
        try {
            loaded = ModelFiles.load(store.read(startStep), source);
        } catch (IOException e) {
            throw new UncheckedIOException("replica " + rank + " cannot read the checkpoint " + source, e);
        }
        Layer model = loaded.model();
        Optimizer optimizer = Objects.requireNonNull(loaded.compile().optimizer(), "optimizer");
        Loss loss = Objects.requireNonNull(loaded.compile().loss(), "loss");
        List<Tensor> variables = model.trainableVariables();
        model.train();

        long compute = 0;
        long communication = 0;
        double[] losses = new double[steps];
        try (GradientReducer reducer = connect(context, rank, replicas)) {
            for (int s = 0; s < steps; s++) {
                // Dropout and other random layers draw per replica and step, so a retried chunk repeats them.
                Synapse.setSeed(seed ^ (0x632BE59BD9B4E019L * (startStep + s + 1)) ^ (0x9E3779B97F4A7C15L * rank));
                long t0 = System.nanoTime();
                try (var _ = Synapse.stepScope()) {
                    Tensor x = features(mine, s * shard, shard);
                    Tensor y = labels(mine, s * shard, shard);
                    float[] flat;
                    try (GradientTape tape = GradientTape.open()) {
                        Tensor value = loss.call(y, model.apply(x, true));
                        List<Tensor> gradients = tape.gradient(value, variables);
                        flat = flatten(gradients, variables, value.item());
                    }
                    long t1 = System.nanoTime();
                    reducer.sumInPlace(flat);
                    long t2 = System.nanoTime();
                    // Equal shards: the mean of the shards' mean losses is the global batch's mean loss.
                    for (int i = 0; i < flat.length; i++) {
                        flat[i] /= replicas;
                    }
                    losses[s] = flat[flat.length - 1];
                    optimizer.applyGradients(unflatten(flat, variables), variables);
                    long t3 = System.nanoTime();
                    compute += (t1 - t0) + (t3 - t2);
                    communication += t2 - t1;
                }
            }
        }
        long checksum = checksum(model.stateDict().values());
        if (rank == 0) {
            ModelArchive end =
                    ModelFiles.archive(model, optimizer, loss, loaded.compile().metrics(), true);
            try {
                store.write(startStep + steps, end);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "replica 0 cannot write the checkpoint " + store.file(startStep + steps), e);
            }
        }
        return List.of(new ChunkResult(rank, losses, checksum, compute, communication))
                .iterator();
    }

    private GradientReducer connect(BarrierTaskContext context, int rank, int replicas) {
        if (allReduce == AllReduce.DRIVER) {
            return new DriverAllReduce(s -> Arrays.asList(context.allGather(s)));
        }
        String address = context.getTaskInfos()[rank].address();
        String host = address.contains(":") ? address.substring(0, address.lastIndexOf(':')) : address;
        try {
            return RingAllReduce.connect(rank, replicas, host, s -> Arrays.asList(context.allGather(s)), timeoutMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("replica " + rank + " of " + replicas + " cannot join the ring", e);
        }
    }

    private Tensor features(List<Tuple2<Long, Sample>> rows, int from, int count) {
        int width = 1;
        for (int d : inputShape) {
            width *= d;
        }
        float[] x = new float[count * width];
        for (int i = 0; i < count; i++) {
            float[] f = rows.get(from + i)._2().features();
            if (f.length != width) {
                throw new IllegalArgumentException(
                        "sample at position " + rows.get(from + i)._1() + " has "
                                + f.length + " features; the model's input " + Arrays.toString(inputShape) + " needs "
                                + width);
            }
            System.arraycopy(f, 0, x, i * width, width);
        }
        int[] shape = new int[inputShape.length + 1];
        shape[0] = count;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return Tensor.wrap(x, shape);
    }

    private static Tensor labels(List<Tuple2<Long, Sample>> rows, int from, int count) {
        int width = rows.get(from)._2().label().length;
        float[] y = new float[count * width];
        for (int i = 0; i < count; i++) {
            float[] l = rows.get(from + i)._2().label();
            if (l.length != width) {
                throw new IllegalArgumentException(
                        "sample at position " + rows.get(from + i)._1() + " has " + l.length
                                + " label values, the batch's first has " + width);
            }
            System.arraycopy(l, 0, y, i * width, width);
        }
        return width == 1 ? Tensor.wrap(y, count) : Tensor.wrap(y, count, width);
    }

    /** The gradients in one buffer, in the variables' order, with the loss as the last element. */
    static float[] flatten(List<Tensor> gradients, List<Tensor> variables, double loss) {
        long total = 1;
        for (Tensor v : variables) {
            if (v.dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException(
                        "SparkTrainer trains float32 weights; a weight of shape " + v.shape() + " is " + v.dtype());
            }
            total += v.size();
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("SparkTrainer: " + (total - 1) + " weights do not fit one buffer");
        }
        float[] flat = new float[(int) total];
        int at = 0;
        for (Tensor g : gradients) {
            float[] values = g.toFloatArray();
            System.arraycopy(values, 0, flat, at, values.length);
            at += values.length;
        }
        flat[at] = (float) loss;
        return flat;
    }

    static List<Tensor> unflatten(float[] flat, List<Tensor> variables) {
        List<Tensor> out = new ArrayList<>(variables.size());
        int at = 0;
        for (Tensor v : variables) {
            int n = Math.toIntExact(v.size());
            out.add(Tensor.wrap(Arrays.copyOfRange(flat, at, at + n), v.shape().toArray()));
            at += n;
        }
        return out;
    }

    /** A hash of the weights' bits: equal on every replica when they hold the same weights. */
    static long checksum(Iterable<Tensor> weights) {
        long h = 1125899906842597L;
        for (Tensor w : weights) {
            for (float f : w.toFloatArray()) {
                h = 31 * h + Float.floatToRawIntBits(f);
            }
        }
        return h;
    }
}
