package dev.synapse.examples.digits;

import dev.synapse.Synapse;
import dev.synapse.cli.Flags;
import dev.synapse.data.preprocessing.Categorical;
import dev.synapse.data.preprocessing.StandardScaler;
import dev.synapse.data.preprocessing.TrainTestSplit;
import dev.synapse.datasets.Digits;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.initializers.Initializer;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.nn.layers.Activation;
import dev.synapse.nn.layers.Dense;
import dev.synapse.optim.Adam;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.callbacks.TensorBoard;
import dev.synapse.train.keras.Fit;
import dev.synapse.viz.Figure;
import dev.synapse.viz.HistogramChart;
import dev.synapse.viz.ImageGrid;
import dev.synapse.viz.LearningCurves;
import dev.synapse.viz.LineChart;
import dev.synapse.viz.Picture;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Seed 001, "Wykład 10: Uczenie sieci neuronowych z Keras'em" (Keras on scikit-learn's 8x8 digits), as a
 * program ({@code ./synapse example digits-mlp}): train/test split, {@code StandardScaler},
 * {@code to_categorical}, a 64-100-10 tanh network trained by SGD at 0.1 with its learning curves and
 * TensorBoard logs, learning rates and optimizers compared (SGD, momentum, Nesterov, Adam), the test
 * predictions, then weight initializers compared (Glorot uniform, small and large truncated normal, zeros)
 * under SGD, Adam and SGD with Nesterov momentum.
 *
 * <p>Flags: {@code --out DIR} (default {@code out/digits-mlp}), {@code --epochs N} (the tutorial's 15),
 * {@code --init-epochs N} (10), {@code --batch-size N} (32), {@code --seed S}; {@code --help} lists them.
 */
public final class DigitsMlp {
    static final int HIDDEN = 100;
    static final int CLASSES = 10;

    /** What a run does: the tutorial's settings by default; tests shrink them. */
    public record Settings(
            Path out,
            int epochs,
            int initEpochs,
            int batchSize,
            long seed,
            int verbose,
            boolean learningRates,
            List<String> initOptimizers,
            boolean tensorBoard) {
        /** The tutorial's: 15 epochs of batch 32 (10 for the initializer comparison), all three optimizers there. */
        public static Settings tutorial() {
            return new Settings(
                    Path.of("out", "digits-mlp"),
                    15,
                    10,
                    32,
                    17,
                    1,
                    true,
                    List.of("SGD", "Adam", "SGD + Nesterov momentum"),
                    true);
        }

        public Settings withOut(Path dir) {
            return new Settings(
                    dir, epochs, initEpochs, batchSize, seed, verbose, learningRates, initOptimizers, tensorBoard);
        }

        /** Silent, without the learning-rate sweep, comparing initializers under {@code optimizers} only. */
        public Settings quick(List<String> optimizers) {
            return new Settings(
                    out, epochs, initEpochs, batchSize, seed, 0, false, List.copyOf(optimizers), tensorBoard);
        }

        /** The flags of {@code args} over the tutorial's settings. */
        static Settings parse(String[] args) {
            Flags f = Flags.parse(
                    "./synapse example digits-mlp",
                    "Seed 001: Keras on scikit-learn's digits, learning rates, optimizers and initializers compared.",
                    args);
            Settings t = tutorial();
            Settings s = new Settings(
                    f.path("out", t.out, "folder for pictures and TensorBoard logs"),
                    f.integer("epochs", t.epochs, 0, "epochs of each fit"),
                    f.integer("init-epochs", t.initEpochs, 0, "epochs of each fit comparing weight initializers"),
                    f.integer("batch-size", t.batchSize, 1, "samples per batch of every fit"),
                    f.longInteger("seed", t.seed, "random seed"),
                    t.verbose,
                    t.learningRates,
                    t.initOptimizers,
                    t.tensorBoard);
            f.done();
            return s;
        }
    }

    /**
     * The run's key figures.
     *
     * @param sgd the first network's history (SGD at 0.1, 20% validation)
     * @param testAccuracy test accuracy of the 64-100-10 tanh network per optimizer (SGD, SGD + momentum,
     *     SGD + Nesterov momentum, Adam)
     * @param learningRates final training loss of SGD per learning rate (empty when not run)
     * @param adamReluTestAccuracy test accuracy of the tutorial's 64-100-100-10 ReLU network trained by Adam
     * @param initStd standard deviation of the first layer's initial weights, per initializer
     * @param initLoss training loss per epoch, per optimizer, per initializer
     * @param tensorBoardDir where the TensorBoard logs went (null when not written)
     */
    public record Result(
            History sgd,
            Map<String, Double> testAccuracy,
            Map<Double, Double> learningRates,
            double adamReluTestAccuracy,
            Map<String, Double> initStd,
            Map<String, Map<String, List<Double>>> initLoss,
            Path tensorBoardDir) {}

    /** The prepared data: scaled features, integer and one-hot labels, and the scaler to undo the scaling. */
    record Data(
            Tensor rawTrain,
            Tensor xTrain,
            Tensor xTest,
            Tensor yTrain,
            Tensor yTest,
            Tensor yTrainOneHot,
            Tensor yTestOneHot,
            StandardScaler scaler) {}

    private DigitsMlp() {}

    public static void main(String[] args) {
        run(Settings.parse(args));
    }

    public static Result run(Settings s) {
        Digits digits = Digits.load();
        System.out.println("digits.data: " + digits.data().shape() + ", digits.target: "
                + digits.target().shape());
        System.out.println("label: " + digits.target().toLongArray()[42]);
        Path out = s.out();
        saved(
                ImageGrid.of(digits.images().slice(0, 42, 43))
                        .scale(32)
                        .normalize(true)
                        .captions(List.of("label: " + digits.target().toLongArray()[42])),
                out.resolve("digit_42.png"));

        Data d = prepare(digits, s.seed());
        System.out.println(d.xTrain().shape() + " " + d.yTrain().shape());
        System.out.println(d.xTest().shape() + " " + d.yTest().shape());
        System.out.println(
                "y_train[:42] = " + Arrays.toString(Arrays.copyOf(d.yTrain().toLongArray(), 42)));
        // X_train[142] before scaling, after, and scaler.inverse_transform of the scaled one
        Tensor scaled142 = d.xTrain().slice(0, 142, 143);
        Tensor three = Tensor.concat(
                0, d.rawTrain().slice(0, 142, 143), scaled142, d.scaler().inverseTransform(scaled142));
        saved(
                ImageGrid.of(three.reshape(3, 8, 8))
                        .scale(24)
                        .normalize(true)
                        .scaleEach(true)
                        .captions(List.of("X_train[142]", "scaled", "inverse_transform")),
                out.resolve("scaling_142.png"));
        System.out.println("Y_train[:7] =");
        System.out.println(d.yTrainOneHot().slice(0, 0, 7));

        // ---- A first network: 64-100-10, tanh, SGD at 0.1 -----------------------------------------------
        System.out.println("\nSGD(lr=0.1), categorical cross-entropy, " + s.epochs() + " epochs of batch "
                + s.batchSize() + ", 20% validation");
        Synapse.setSeed(s.seed());
        Sequential model = tanhNet(() -> Initializers.glorotUniform());
        model.compile(new SGD(0.1), "categorical_crossentropy", "accuracy");
        History sgd = fitWithSplit(model, d, s, s.verbose());
        printHistory(sgd);
        saved(LearningCurves.of(sgd).title("SGD(lr=0.1)"), out.resolve("learning_curves.png"));

        // ---- TensorBoard ----------------------------------------------------------------------------------
        Path logDir = null;
        if (s.tensorBoard()) {
            String stamp =
                    LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            logDir = s.out().resolve("tensorboard_logs").resolve(stamp);
            Synapse.setSeed(s.seed());
            Sequential logged = tanhNet(() -> Initializers.glorotUniform());
            logged.compile(new SGD(0.1), "categorical_crossentropy", "accuracy");
            logged.fit(
                    d.xTrain(),
                    d.yTrainOneHot(),
                    Fit.batchSize(s.batchSize())
                            .epochs(s.epochs())
                            .validationSplit(0.2)
                            .verbose(0)
                            .callbacks(new TensorBoard(logDir, 1)));
            System.out.println("\nTensorBoard logs (scalars and weight histograms every epoch) in " + logDir
                    + "\n  view them with: tensorboard --logdir " + s.out().resolve("tensorboard_logs"));
        }

        // ---- Learning rates -------------------------------------------------------------------------------
        Map<Double, Double> lrLoss = new LinkedHashMap<>();
        if (s.learningRates()) {
            System.out.println(
                    "\nSGD with other learning rates (" + s.epochs() + " epochs): final loss and val_accuracy");
            LineChart lrChart = new LineChart("SGD: training loss per learning rate")
                    .xLabel("epoch")
                    .yLabel("loss")
                    .logY();
            for (double lr : new double[] {0.001, 0.01, 0.1, 10}) {
                Synapse.setSeed(s.seed());
                Sequential m = tanhNet(() -> Initializers.glorotUniform());
                m.compile(new SGD(lr), "categorical_crossentropy", "accuracy");
                History h = fitWithSplit(m, d, s, 0);
                lrLoss.put(lr, h.last("loss"));
                lrChart.add("lr=" + lr, h.get("loss"));
                System.out.printf(
                        Locale.ROOT,
                        "  lr=%-6s loss %.4f  val_accuracy %.4f%n",
                        lr,
                        h.last("loss"),
                        h.last("val_accuracy"));
            }
            System.out.println(
                    "  (lr=0.001 has not converged after " + s.epochs() + " epochs; lr=10 wanders around the minimum)");
            saved(lrChart, out.resolve("learning_rates.png"));
        }

        // ---- Optimizers compared on the same network -------------------------------------------------------
        System.out.println("\nOptimizers on the 64-100-10 tanh network, " + s.epochs() + " epochs: test accuracy");
        Map<String, Supplier<Optimizer>> optimizers = new LinkedHashMap<>();
        optimizers.put("SGD", () -> new SGD(0.1));
        optimizers.put("SGD + momentum", () -> new SGD(0.1, 0.9, false));
        optimizers.put("SGD + Nesterov momentum", () -> new SGD(0.1, 0.9, true));
        optimizers.put("Adam", () -> new Adam(0.001));
        Map<String, Double> testAccuracy = new LinkedHashMap<>();
        Map<String, History> optimizerCurves = new LinkedHashMap<>();
        for (var e : optimizers.entrySet()) {
            Synapse.setSeed(s.seed());
            Sequential m = tanhNet(() -> Initializers.glorotUniform());
            m.compile(e.getValue().get(), "categorical_crossentropy", "accuracy");
            History h = fitWithSplit(m, d, s, 0);
            double acc = m.evaluate(d.xTest(), d.yTestOneHot()).get("accuracy");
            testAccuracy.put(e.getKey(), acc);
            optimizerCurves.put(e.getKey(), h);
            System.out.printf(
                    Locale.ROOT,
                    "  %-24s loss %.4f  val_loss %.4f  test accuracy %.4f%n",
                    e.getKey(),
                    h.last("loss"),
                    h.last("val_loss"),
                    acc);
        }
        LineChart byOptimizer = new LineChart("64-100-10 tanh: validation loss per optimizer")
                .xLabel("epoch")
                .yLabel("val_loss");
        optimizerCurves.forEach((name, h) -> byOptimizer.add(name, h.get("val_loss")));
        saved(byOptimizer, out.resolve("optimizers.png"));

        // The tutorial's own Nesterov cell, which stacks a second softmax on the output (so its loss
        // cannot fall below about 1.46: the doubly squashed probabilities stay near uniform).
        System.out.println("\nThe tutorial's Nesterov cell: SGD(lr=0.1, momentum=0.9, nesterov=True), with its extra "
                + "Activation(\"softmax\")");
        Synapse.setSeed(s.seed());
        Sequential nesterov = tanhNet(() -> Initializers.glorotUniform());
        nesterov.add(new Activation("softmax"));
        nesterov.compile(new SGD(0.1, 0.9, true), "categorical_crossentropy", "accuracy");
        History nesterovHistory = fitWithSplit(nesterov, d, s, s.verbose());
        printLossAndValAccuracy(nesterovHistory);
        saved(
                LearningCurves.of(nesterovHistory).title("SGD(lr=0.1, momentum=0.9, nesterov=True), two softmaxes"),
                out.resolve("nesterov_learning_curves.png"));

        // The tutorial's Adam cell: one more hidden layer, ReLU in both.
        System.out.println("\nAdam(lr=0.001) on 64-100-100-10 with ReLU");
        Synapse.setSeed(s.seed());
        Sequential adam = new Sequential(
                new Dense(HIDDEN, "relu").withInputShape(64), new Dense(HIDDEN, "relu"), new Dense(CLASSES, "softmax"));
        adam.compile(new Adam(0.001), "categorical_crossentropy", "accuracy");
        History adamHistory = fitWithSplit(adam, d, s, s.verbose());
        printLossAndValAccuracy(adamHistory);
        saved(
                LearningCurves.of(adamHistory).title("Adam(lr=0.001), 64-100-100-10 ReLU"),
                out.resolve("adam_learning_curves.png"));

        // ---- Test predictions ------------------------------------------------------------------------------
        long[] predicted = argmax(adam.predict(d.xTest()));
        long[] truth = d.yTest().toLongArray();
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            correct += predicted[i] == truth[i] ? 1 : 0;
        }
        double adamAccuracy = correct / (double) truth.length;
        for (int i = 0; i < 15; i++) {
            System.out.printf(
                    Locale.ROOT, "  test %2d: predicted label: %d, true label: %d%n", i, predicted[i], truth[i]);
        }
        System.out.printf(Locale.ROOT, "test acc: %.4f%n", adamAccuracy);
        int[] pred15 = new int[15];
        int[] true15 = new int[15];
        for (int i = 0; i < 15; i++) {
            pred15[i] = (int) predicted[i];
            true15[i] = (int) truth[i];
        }
        saved(
                ImageGrid.of(d.scaler()
                                .inverseTransform(d.xTest().slice(0, 0, 15))
                                .reshape(15, 8, 8))
                        .columns(5)
                        .scale(16)
                        .normalize(true)
                        .scaleEach(true)
                        .predictions(pred15, true15)
                        .title(String.format(Locale.ROOT, "test acc: %.4f", adamAccuracy)),
                out.resolve("test_predictions.png"));

        // ---- Initialization ----------------------------------------------------------------------------------
        System.out.println("\nTruncatedNormal(stddev=0.01) in all three layers of 64-100-100-10 tanh, SGD(lr=0.1)");
        Synapse.setSeed(s.seed());
        Sequential tn = deepTanhNet(() -> Initializers.truncatedNormal(0, 0.01));
        tn.compile(new SGD(0.1), "categorical_crossentropy", "accuracy");
        System.out.println("model.layers: " + tn.layers());
        Layer first = tn.getLayer(0);
        System.out.println("model.layers[0].weights: " + first.weights());
        float[] w = first.weights().get(0).value().toFloatArray();
        System.out.println("w[:2, :8] = "
                + first.weights().get(0).value().slice(0, 0, 2).slice(1, 0, 8).detach());
        System.out.printf(Locale.ROOT, "w.std() = %.6f%n", std(w));
        System.out.println(
                "b[:10] = " + first.weights().get(1).value().slice(0, 0, 10).detach());
        History tnHistory = tn.fit(
                d.xTrain(),
                d.yTrainOneHot(),
                Fit.batchSize(s.batchSize()).epochs(s.epochs()).verbose(s.verbose()));
        System.out.printf(
                Locale.ROOT, "Truncated Normal init: loss %.4f after %d epochs%n", tnHistory.last("loss"), s.epochs());
        System.out.println("after training, b[:10] = "
                + first.weights().get(1).value().slice(0, 0, 10).detach() + " (no longer zero)");
        saved(
                new LineChart("SGD(lr=0.1)")
                        .xLabel("epoch")
                        .yLabel("loss")
                        .add("Truncated Normal init", tnHistory.get("loss")),
                out.resolve("truncated_normal_loss.png"));

        Map<String, Supplier<Initializer>> inits = new LinkedHashMap<>();
        inits.put("glorot uniform init", Initializers::glorotUniform);
        inits.put("small init scale", () -> Initializers.truncatedNormal(0, 1e-3));
        inits.put("large init scale", () -> Initializers.truncatedNormal(0, 1));
        inits.put("zero init", Initializers::zeros);
        Map<String, Double> initStd = new LinkedHashMap<>();
        Map<String, float[]> initWeights = new LinkedHashMap<>();
        for (var e : inits.entrySet()) {
            Synapse.setSeed(s.seed());
            Sequential m = deepTanhNet(e.getValue());
            m.buildFor(1, 64);
            float[] w0 = m.getLayer(0).weights().get(0).value().toFloatArray();
            initWeights.put(e.getKey(), w0);
            initStd.put(e.getKey(), std(w0));
        }
        System.out.println("First layer's initial weights, standard deviation: ");
        initStd.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-20s %.6f%n", k, v));
        List<HistogramChart> histograms = new ArrayList<>();
        initWeights.forEach((name, w0) -> {
            double[] v = new double[w0.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = w0[i];
            }
            String title = String.format(Locale.ROOT, "%s, std %.4g", name, initStd.get(name));
            double spread = initStd.get(name) > 0 ? 3 * initStd.get(name) : 1;
            histograms.add(HistogramChart.of(title, v, 40, -spread, spread)
                    .xLabel("first layer's weight")
                    .yLabel("count"));
        });
        saved(
                Figure.grid(2, histograms).title("Initial weights of the first layer (64 x 100)"),
                out.resolve("init_weights.png"));

        Map<String, Map<String, List<Double>>> initLoss = new LinkedHashMap<>();
        Map<String, Supplier<Optimizer>> initOptimizers = new LinkedHashMap<>();
        initOptimizers.put("SGD", () -> new SGD(0.1));
        initOptimizers.put("Adam", Adam::new);
        initOptimizers.put("SGD + Nesterov momentum", () -> new SGD(0.1, 0.9, true));
        for (var o : initOptimizers.entrySet()) {
            if (!s.initOptimizers().contains(o.getKey())) {
                continue;
            }
            System.out.println(
                    "Fitting with: " + o.getKey() + " (" + s.initEpochs() + " epochs, training loss per epoch)");
            Map<String, List<Double>> curves = new LinkedHashMap<>();
            for (var e : inits.entrySet()) {
                Synapse.setSeed(s.seed());
                Sequential m = deepTanhNet(e.getValue());
                m.compile(o.getValue().get(), "categorical_crossentropy");
                History h = m.fit(
                        d.xTrain(),
                        d.yTrainOneHot(),
                        Fit.batchSize(s.batchSize()).epochs(s.initEpochs()).verbose(0));
                curves.put(e.getKey(), h.get("loss"));
                System.out.printf(Locale.ROOT, "  %-20s %s%n", e.getKey(), format(h.get("loss")));
            }
            initLoss.put(o.getKey(), curves);
            LineChart chart = new LineChart("Impact of initialization on convergence with " + o.getKey())
                    .xLabel("# epochs")
                    .yLabel("Training loss")
                    .yRange(0, 6);
            curves.forEach((name, c) -> chart.add(
                    name,
                    c.stream().mapToDouble(Double::doubleValue).toArray(),
                    name.equals("zero init") ? LineChart.Dash.DASHED : LineChart.Dash.SOLID));
            String file = "init_"
                    + o.getKey().toLowerCase(Locale.ROOT).replace(" + ", "_").replace(' ', '_') + ".png";
            saved(chart, out.resolve(file));
        }
        return new Result(sgd, testAccuracy, lrLoss, adamAccuracy, initStd, initLoss, logDir);
    }

    /** The tutorial's split (20% test, random_state 17), scaler and one-hot labels. */
    static Data prepare(Digits digits, long seed) {
        TrainTestSplit split = TrainTestSplit.trainTestSplit(digits.data(), digits.target(), 0.2, seed);
        StandardScaler scaler = new StandardScaler();
        Tensor xTrain = scaler.fitTransform(split.xTrain());
        Tensor xTest = scaler.transform(split.xTest());
        return new Data(
                split.xTrain(),
                xTrain,
                xTest,
                split.yTrain(),
                split.yTest(),
                Categorical.toCategorical(split.yTrain(), CLASSES),
                Categorical.toCategorical(split.yTest(), CLASSES),
                scaler);
    }

    /** 64-100-10: tanh hidden layer, softmax output. */
    static Sequential tanhNet(Supplier<Initializer> init) {
        return new Sequential(
                Dense.builder(HIDDEN)
                        .activation("tanh")
                        .kernelInitializer(init.get())
                        .build()
                        .withInputShape(64),
                Dense.builder(CLASSES)
                        .activation("softmax")
                        .kernelInitializer(init.get())
                        .build());
    }

    /** 64-100-100-10: two tanh hidden layers, the initializer section's network. */
    static Sequential deepTanhNet(Supplier<Initializer> init) {
        return new Sequential(
                Dense.builder(HIDDEN)
                        .activation("tanh")
                        .kernelInitializer(init.get())
                        .build()
                        .withInputShape(64),
                Dense.builder(HIDDEN)
                        .activation("tanh")
                        .kernelInitializer(init.get())
                        .build(),
                Dense.builder(CLASSES)
                        .activation("softmax")
                        .kernelInitializer(init.get())
                        .build());
    }

    /** Fits on the training digits with the tutorial's 20% validation split. */
    static History fitWithSplit(Sequential m, Data d, Settings s, int verbose) {
        return m.fit(
                d.xTrain(),
                d.yTrainOneHot(),
                Fit.batchSize(s.batchSize())
                        .epochs(s.epochs())
                        .validationSplit(0.2)
                        .verbose(verbose));
    }

    /** Prints the last epoch's training loss and validation accuracy. */
    static void printLossAndValAccuracy(History h) {
        System.out.printf(Locale.ROOT, "  loss %.4f, val_accuracy %.4f%n", h.last("loss"), h.last("val_accuracy"));
    }

    /** Saves a picture and says where. */
    static void saved(Picture picture, Path file) {
        System.out.println("  picture: " + picture.save(file));
    }

    /** The history as the tutorial's {@code pd.DataFrame(history.history)} with an epoch column. */
    static void printHistory(History h) {
        List<String> cols = new ArrayList<>(h.history().keySet());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%5s", "epoch"));
        for (String c : cols) {
            head.append(String.format(Locale.ROOT, " %13s", c));
        }
        System.out.println(head);
        for (int i = 0; i < h.epochs().size(); i++) {
            StringBuilder row = new StringBuilder(
                    String.format(Locale.ROOT, "%5d", h.epochs().get(i)));
            for (String c : cols) {
                row.append(String.format(Locale.ROOT, " %13.6f", h.get(c).get(i)));
            }
            System.out.println(row);
        }
    }

    static long[] argmax(Tensor probabilities) {
        return probabilities.argmax(-1).toLongArray();
    }

    static double std(float[] v) {
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double ss = 0;
        for (float f : v) {
            ss += (f - mean) * (f - mean);
        }
        return Math.sqrt(ss / v.length);
    }

    private static String format(List<Double> values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(String.format(Locale.ROOT, "%.3f ", v));
        }
        return sb.toString().trim();
    }
}
