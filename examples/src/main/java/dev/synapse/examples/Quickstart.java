package dev.synapse.examples;

import dev.synapse.Synapse;
import dev.synapse.cli.Flags;
import dev.synapse.data.preprocessing.Categorical;
import dev.synapse.data.preprocessing.StandardScaler;
import dev.synapse.data.preprocessing.TrainTestSplit;
import dev.synapse.datasets.Digits;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Dense;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.keras.Fit;
import dev.synapse.viz.BarChart;
import dev.synapse.viz.ImageGrid;
import dev.synapse.viz.LearningCurves;
import dev.synapse.viz.PlotModel;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The README's main job ({@code ./synapse quickstart}): the second tutorial's digits classifier.
 * scikit-learn's 8x8 digits (shipped, no download) are split 80/20, standardized and one-hot
 * encoded; a 64-100-10 tanh network is trained with SGD for 15 epochs, holding out 20% of the
 * training data for validation; the test accuracy is printed and pictures are written:
 *
 * <ul>
 *   <li>{@code learning_curves.png}: loss and accuracy per epoch, training and validation;
 *   <li>{@code predictions.png}: the first 30 test digits captioned "pred P / true T" (red when wrong);
 *   <li>{@code probabilities.png}: the class probabilities of the least confident test digit;
 *   <li>{@code model.png}: the network's layer diagram ({@code plot_model}).
 * </ul>
 *
 * <p>Pictures go to {@code out/quickstart/} under the working directory, or to {@code --out DIR};
 * {@code --epochs N} and {@code --batch-size N} change the tutorial's 15 epochs of batch 32.
 */
public final class Quickstart {
    private Quickstart() {}

    public static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse quickstart",
                "The second tutorial's 64-100-10 tanh network on scikit-learn's 8x8 digits, with its pictures.",
                args);
        Path out = f.path("out", Path.of("out", "quickstart"), "folder for the pictures");
        int epochs = f.integer("epochs", 15, 1, "training epochs");
        int batchSize = f.integer("batch-size", 32, 1, "samples per batch");
        f.done();
        // Pictures are drawn off-screen; say so before any AWT class loads (an entry point may, a library must not).
        System.setProperty("java.awt.headless", "true");
        long start = System.nanoTime();

        Synapse.setSeed(17);
        Digits digits = Digits.load();
        TrainTestSplit split = TrainTestSplit.trainTestSplit(digits.data(), digits.target(), 0.2, 17);
        StandardScaler scaler = new StandardScaler();
        Tensor xTrain = scaler.fitTransform(split.xTrain());
        Tensor xTest = scaler.transform(split.xTest());
        Tensor yTrain = Categorical.toCategorical(split.yTrain(), 10);
        Tensor yTest = Categorical.toCategorical(split.yTest(), 10);
        System.out.printf(
                Locale.ROOT,
                "scikit-learn digits: %d training and %d test pictures of 8x8 pixels%n",
                xTrain.dims()[0],
                xTest.dims()[0]);

        Sequential model = new Sequential(new Dense(100, "tanh").withInputShape(64), new Dense(10, "softmax"));
        model.compile(new SGD(0.1), "categorical_crossentropy", "accuracy");
        model.summary();
        History history = model.fit(
                xTrain, yTrain, Fit.batchSize(batchSize).epochs(epochs).validationSplit(0.2));

        double accuracy = model.evaluate(xTest, yTest).get("accuracy");
        System.out.printf(Locale.ROOT, "%ntest accuracy: %.4f%n", accuracy);

        Tensor probs = model.predict(xTest);
        int[] predicted = toInts(probs.argmax(1).toLongArray());
        int[] truth = toInts(split.yTest().toLongArray());
        int shown = 30;
        Path curves = LearningCurves.of(history).save(out.resolve("learning_curves.png"));
        Path grid = ImageGrid.of(split.xTest().slice(0, 0, shown).reshape(shown, 8, 8))
                .columns(10)
                .scale(8)
                .normalize(true)
                .inverted(true)
                .predictions(java.util.Arrays.copyOf(predicted, shown), java.util.Arrays.copyOf(truth, shown))
                .title(String.format(Locale.ROOT, "First %d test digits (test accuracy %.3f)", shown, accuracy))
                .save(out.resolve("predictions.png"));
        int unsure = leastConfident(probs);
        Path bars = BarChart.probabilities(probs.get(unsure).toDoubleArray(), truth[unsure])
                .title(String.format(
                        Locale.ROOT,
                        "Least confident test digit (#%d): pred %d / true %d",
                        unsure,
                        predicted[unsure],
                        truth[unsure]))
                .save(out.resolve("probabilities.png"));
        Path diagram = PlotModel.of(model).save(out.resolve("model.png"));

        System.out.println("pictures written to " + out.toAbsolutePath().normalize() + ":");
        for (Path p : new Path[] {curves, grid, bars, diagram}) {
            System.out.println("  " + p.getFileName());
        }
        System.out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static int leastConfident(Tensor probs) {
        double[] top = probs.max(new int[] {1}, false).toDoubleArray();
        int arg = 0;
        for (int i = 1; i < top.length; i++) {
            if (top[i] < top[arg]) {
                arg = i;
            }
        }
        return arg;
    }

    private static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }
}
