package dev.synapse.examples.lightning;

import dev.synapse.Synapse;
import dev.synapse.autograd.GradMode;
import dev.synapse.data.Batch;
import dev.synapse.data.DataLoader;
import dev.synapse.datasets.TrainTest;
import dev.synapse.losses.Loss;
import dev.synapse.losses.SparseCategoricalCrossentropy;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seed 004, section 1, first part, as a program ({@code ./synapse example mlp-by-hand}): the same
 * {@code MLPClassifier} (784 → 512 tanh → 10) trained by a loop written out by hand, as the tutorial
 * does in plain PyTorch before moving to Lightning: {@code model.train()}, forward, cross-entropy,
 * {@code backward()}, {@code optimizer.step()}, {@code zero_grad()}, the loss printed every 100
 * iterations; then {@code model.eval()} under {@code torch.set_grad_enabled(False)} and the accuracy over
 * all test predictions. Plain SGD at 0.001, batches of 256, 5 epochs. The tutorial prints test
 * accuracies 0.72, 0.78, 0.81, 0.83, 0.84.
 */
public final class MlpByHand {
    private MlpByHand() {}

    /** The tutorial's: MNIST, 5 epochs, batches of 256. */
    public static Settings tutorial() {
        return Settings.tutorial("mlp-by-hand", 5, 256);
    }

    /** The test accuracy after each epoch, and every loss the loop printed (every 100th iteration). */
    public record Result(List<Double> testAccuracy, List<Double> printedLoss) {}

    /** Trains as the settings say, printing what the tutorial prints. */
    public static Result run(Settings s) {
        Synapse.setSeed(s.seed());
        TrainTest mnist = MnistData.mnist(s);
        LightningMlp.MLPClassifier model = new LightningMlp.MLPClassifier(784, 512, 10);
        Loss criterion = new SparseCategoricalCrossentropy(true); // nn.CrossEntropyLoss()
        Optimizer optimizer = new SGD(0.001);
        List<Tensor> parameters = model.parameters();
        List<Double> accuracies = new ArrayList<>();
        List<Double> printed = new ArrayList<>();
        try (DataLoader train = MnistData.loader(mnist.train().map(MnistData.transform(false)), s, true);
                DataLoader test = MnistData.loader(mnist.test().map(MnistData.transform(false)), s, false)) {
            for (int e = 0; e < s.epochs(); e++) {
                model.setTraining(true);
                int i = 0;
                for (Batch batch : train) {
                    Tensor l = criterion.call(batch.y(), model.forward(batch.x()));
                    l.backward();
                    optimizer.step(parameters);
                    Optimizer.zeroGrad(parameters);
                    if (i % 100 == 0) {
                        printed.add(l.item());
                        if (!s.quiet()) {
                            System.out.printf(
                                    Locale.ROOT,
                                    "[training] Epoca: %d/%d. Iterazione: %d/%d. Loss: %.2f%n",
                                    e,
                                    s.epochs(),
                                    i,
                                    train.size(),
                                    l.item());
                        }
                    }
                    i++;
                }
                model.setTraining(false);
                long correct = 0;
                long total = 0;
                try (var _ = GradMode.noGrad()) {
                    for (Batch batch : test) {
                        long[] predictions = model.forward(batch.x()).argmax(1).toLongArray();
                        long[] labels = batch.y().toLongArray();
                        for (int k = 0; k < labels.length; k++) {
                            correct += predictions[k] == labels[k] ? 1 : 0;
                        }
                        total += labels.length;
                    }
                }
                double acc = (double) correct / total;
                accuracies.add(acc);
                if (!s.quiet()) {
                    System.out.printf(Locale.ROOT, "[test] Epoca: %d. Accuracy: %.2f%n", e, acc);
                }
            }
        }
        return new Result(accuracies, printed);
    }

    public static void main(String[] args) {
        run(Settings.parse(tutorial(), "Seed 004, 1: the MLP classifier trained by a hand-written loop.", args));
    }
}
