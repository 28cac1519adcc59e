package dev.synapse.bench.peers;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.Locale;

/**
 * The libtorch side of {@code ./synapse bench race}: one workload, trained or multiplied in libtorch
 * through DJL's PyTorch engine, printing one line {@code race side=libtorch workload=W unit=U
 * median=M min=M max=M n=N}. The workloads are those of the Synapse side ({@code RaceWorkloads})
 * and of {@code bench/peers/race_torch.py}, in PyTorch's NCHW layout.
 *
 * <p>usage: {@code DjlRace WORKLOAD WARMUP STEPS THREADS} with WORKLOAD one of mlp, cnn,
 * autoencoder, activations, gemm1024, gemm2048. Threads are fixed through DJL's system properties before the
 * engine loads.
 */
public final class DjlRace {
    private static final int BATCH = 256;

    private DjlRace() {}

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: DjlRace WORKLOAD WARMUP STEPS THREADS WARMUP_SECONDS");
            System.exit(2);
        }
        String workload = args[0];
        int warmup = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        String threads = args[3];
        double warmSeconds = Double.parseDouble(args[4]);
        System.setProperty("ai.djl.pytorch.num_threads", threads);
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(42);
        double[] samples;
        String unit;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            if (workload.startsWith("gemm")) {
                samples = gemm(manager, Integer.parseInt(workload.substring(4)), warmup, warmSeconds, steps);
                unit = "gflops";
            } else if (workload.equals("activations")) {
                samples = activations(manager, warmup, warmSeconds, steps);
                unit = "ms";
            } else {
                samples = train(manager, workload, warmup, warmSeconds, steps);
                unit = "ms";
            }
        }
        Arrays.sort(samples);
        int n = samples.length;
        double median = n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
        System.out.printf(
                Locale.ROOT,
                "race side=libtorch workload=%s unit=%s median=%.4f min=%.4f max=%.4f n=%d version=%s%n",
                workload,
                unit,
                median,
                samples[0],
                samples[n - 1],
                n,
                engine.getVersion());
    }

    /** Milliseconds of {@code tanh(x)} and {@code sigmoid(x)} on a 1024 x 1024 float32 array, each into a new array. */
    private static double[] activations(NDManager manager, int warmup, double warmSeconds, int steps) {
        NDArray x = manager.randomNormal(new Shape(1024, 1024));
        long warmEnd = System.nanoTime() + (long) (warmSeconds * 1e9);
        for (int i = 0; i < warmup || System.nanoTime() < warmEnd; i++) {
            x.tanh().close();
            Activation.sigmoid(x).close();
        }
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            x.tanh().close();
            Activation.sigmoid(x).close();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /** GFLOP/s of {@code steps} products of two n x n float32 matrices. */
    private static double[] gemm(NDManager manager, int n, int warmup, double warmSeconds, int steps) {
        NDArray a = manager.randomNormal(new Shape(n, n));
        NDArray b = manager.randomNormal(new Shape(n, n));
        long warmEnd = System.nanoTime() + (long) (warmSeconds * 1e9);
        for (int i = 0; i < warmup || System.nanoTime() < warmEnd; i++) {
            a.matMul(b).close();
        }
        double[] gflops = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            a.matMul(b).close();
            gflops[i] = 2.0 * n * n * n / (System.nanoTime() - t0);
        }
        return gflops;
    }

    /** Milliseconds of {@code steps} training steps on one fixed batch, after at least {@code warmup} steps and {@code warmSeconds} seconds. */
    private static double[] train(NDManager manager, String workload, int warmup, double warmSeconds, int steps) {
        SequentialBlock net;
        Loss loss;
        Optimizer optimizer;
        Shape inShape;
        boolean labels = true;
        switch (workload) {
            case "mlp" -> {
                net = new SequentialBlock()
                        .add(Linear.builder().setUnits(512).build())
                        .add(Activation.reluBlock())
                        .add(Linear.builder().setUnits(10).build());
                loss = new SoftmaxCrossEntropyLoss("ce", 1, -1, true, true); // logits
                optimizer = adam();
                inShape = new Shape(BATCH, 784);
            }
            case "cnn" -> {
                net = new SequentialBlock()
                        .add(conv(24))
                        .add(Activation.reluBlock())
                        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                        .add(conv(36))
                        .add(Activation.reluBlock())
                        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(128).build())
                        .add(Activation.reluBlock())
                        .add(Dropout.builder().optRate(0.5f).build())
                        .add(Linear.builder().setUnits(10).build())
                        .add(new LambdaBlock(
                                x -> new NDList(x.singletonOrThrow().softmax(-1))));
                loss = new ProbabilityCrossEntropy();
                optimizer = adam();
                inShape = new Shape(BATCH, 1, 28, 28);
            }
            case "autoencoder" -> {
                net = new SequentialBlock()
                        .add(conv(16))
                        .add(Pool.avgPool2dBlock(new Shape(2, 2)))
                        .add(Activation.reluBlock())
                        .add(conv(8))
                        .add(Pool.avgPool2dBlock(new Shape(2, 2)))
                        .add(Activation.reluBlock())
                        .add(conv(4))
                        .add(Activation.reluBlock())
                        .add(conv(8))
                        .add(upsample())
                        .add(Activation.reluBlock())
                        .add(conv(16))
                        .add(upsample())
                        .add(Activation.reluBlock())
                        .add(conv(1));
                loss = Loss.l2Loss("mse", 1); // mean of squares, weight 1: Keras's MSE
                optimizer = Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(0.01f))
                        .optMomentum(0.99f)
                        .build();
                inShape = new Shape(BATCH, 1, 28, 28);
                labels = false;
            }
            default -> throw new IllegalArgumentException("unknown workload '" + workload + "'");
        }
        NDArray x = manager.randomUniform(0, 1, inShape);
        NDArray y = labels ? manager.arange(BATCH).mod(10).toType(DataType.INT64, false) : x;
        try (Model model = Model.newInstance(workload, Device.cpu(), "PyTorch")) {
            model.setBlock(net);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss).optOptimizer(optimizer).optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inShape);
                long warmEnd = System.nanoTime() + (long) (warmSeconds * 1e9);
                for (int i = 0; i < warmup || System.nanoTime() < warmEnd; i++) {
                    step(manager, trainer, x, y, labels);
                }
                double[] ms = new double[steps];
                for (int i = 0; i < steps; i++) {
                    long t0 = System.nanoTime();
                    step(manager, trainer, x, y, labels);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                return ms;
            }
        }
    }

    /**
     * Forward, loss, backward, update. The step's intermediate arrays live in a sub-manager closed at
     * its end (results land on the manager of their first operand, here the batch, attached to it for
     * the step), so libtorch frees them as PyTorch's own reference counting would.
     */
    private static void step(NDManager manager, Trainer trainer, NDArray x, NDArray y, boolean labels) {
        try (NDManager sub = manager.newSubManager()) {
            x.tempAttach(sub);
            if (labels) { // else y is x, attached already
                y.tempAttach(sub);
            }
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(new NDList(x));
                NDArray value = trainer.getLoss().evaluate(new NDList(y), pred);
                gc.backward(value);
            }
            trainer.step();
        }
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .build();
    }

    /** Nearest-neighbour upsampling by 2 on height and width (Keras's {@code UpSampling2D()}). */
    private static LambdaBlock upsample() {
        return new LambdaBlock(x -> new NDList(x.singletonOrThrow().repeat(2, 2).repeat(3, 2)));
    }

    private static Optimizer adam() {
        return Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
    }

    /**
     * Keras's sparse categorical cross-entropy of probabilities (the softmax is the model's last
     * layer in seed 002): clipped to [1e-7, 1 - 1e-7], logarithm, mean negative log-likelihood.
     */
    private static final class ProbabilityCrossEntropy extends Loss {
        private final SoftmaxCrossEntropyLoss nll = new SoftmaxCrossEntropyLoss("nll", 1, -1, true, false);

        ProbabilityCrossEntropy() {
            super("sparse_categorical_crossentropy");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray logP = predictions.singletonOrThrow().clip(1e-7f, 1 - 1e-7f).log();
            return nll.evaluate(labels, new NDList(logP));
        }
    }
}
