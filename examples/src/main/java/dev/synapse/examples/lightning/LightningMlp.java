package dev.synapse.examples.lightning;

import dev.synapse.Synapse;
import dev.synapse.data.Batch;
import dev.synapse.data.DataLoader;
import dev.synapse.datasets.TrainTest;
import dev.synapse.losses.Loss;
import dev.synapse.losses.SparseCategoricalCrossentropy;
import dev.synapse.nn.Input;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Activation;
import dev.synapse.nn.layers.Dense;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.Trainer;
import dev.synapse.train.TrainingModule;
import dev.synapse.train.loggers.TensorBoardLogger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seed 004, section 1 ("PyTorch Lightning"), as a program ({@code ./synapse example lightning-mlp}):
 * the {@code MLPClassifier} (784 → 512 tanh → 10) written as a {@link TrainingModule} with
 * {@code trainingStep}, {@code validationStep}, {@code configureOptimizers} and {@code log}, trained on
 * MNIST by a {@link Trainer} with plain SGD at 0.001 and batches of 256, logging to TensorBoard
 * ({@code out/lightning-mlp/tb_logs/my_model/version_N}). As in section 1.2.2, the validation accuracy is
 * computed once per epoch on all the predictions ({@code validation_epoch_end}), not averaged over
 * batches; then {@code trainer.validate} prints the final figure (the tutorial's 0.9319 after 150 epochs).
 */
public final class LightningMlp {
    private LightningMlp() {}

    /** The tutorial's: MNIST, 150 epochs, batches of 256, two loader workers. */
    public static Settings tutorial() {
        return Settings.tutorial("lightning-mlp", Settings.NUM_EPOCHS, 256);
    }

    /** The key figures: the per-epoch history (train/loss, val/accuracy) and trainer.validate's accuracy. */
    public record Result(History history, double valAccuracy) {}

    /** {@code class MLPClassifier(pl.LightningModule)}. */
    public static final class MLPClassifier extends TrainingModule<Batch> {
        private final Dense hiddenLayer;
        private final Dense outputLayer;
        private final Sequential net;
        private final Loss criterion = new SparseCategoricalCrossentropy(true); // nn.CrossEntropyLoss on scores
        private final int inFeatures;

        public MLPClassifier(int inFeatures, int hiddenUnits, int outClasses) {
            this.inFeatures = inFeatures;
            this.hiddenLayer = Torch.linear(inFeatures, hiddenUnits);
            this.outputLayer = Torch.linear(hiddenUnits, outClasses);
            this.net = new Sequential(Input.of(inFeatures), hiddenLayer, new Activation("tanh"), outputLayer);
        }

        /** {@code x.view(x.shape[0], -1)}, then the two layers: class scores (logits). */
        public Tensor forward(Tensor x) {
            return net.apply(x.reshape(x.dim(0), inFeatures));
        }

        @Override
        public Optimizer configureOptimizers() {
            return new SGD(0.001);
        }

        @Override
        public List<Tensor> parameters() {
            return net.trainableVariables();
        }

        @Override
        public Map<String, Tensor> namedWeights() {
            return net.stateDict();
        }

        @Override
        public Tensor trainingStep(Batch batch, int batchIndex) {
            Tensor loss = criterion.call(batch.y(), forward(batch.x()));
            log("train/loss", loss.item(), batch.size());
            return loss;
        }

        /** Returns this batch's predicted classes and labels; the accuracy is computed at the epoch's end. */
        @Override
        public Object validationStep(Batch batch, int batchIndex) {
            Tensor predictions = forward(batch.x()).argmax(1);
            return new Tensor[] {predictions, batch.y()};
        }

        /** {@code validation_epoch_end}: accuracy over all predictions and labels at once. */
        @Override
        public void onValidationEpochEnd(List<Object> outputs) {
            long correct = 0;
            long total = 0;
            for (Object o : outputs) {
                Tensor[] pl = (Tensor[]) o;
                long[] p = pl[0].toLongArray();
                long[] y = pl[1].toLongArray();
                for (int i = 0; i < p.length; i++) {
                    correct += p[i] == y[i] ? 1 : 0;
                }
                total += p.length;
            }
            log("val/accuracy", (double) correct / total);
        }

        @Override
        public List<String[]> summaryRows() {
            return List.of(
                    new String[] {"hidden_layer", "Linear", Long.toString(hiddenLayer.countParams())},
                    new String[] {"activation", "Tanh", "0"},
                    new String[] {"output_layer", "Linear", Long.toString(outputLayer.countParams())},
                    new String[] {"criterion", "CrossEntropyLoss", "0"});
        }
    }

    /** Trains the MLP as the settings say and returns its figures. */
    public static Result run(Settings s) {
        Synapse.setSeed(s.seed());
        TrainTest mnist = MnistData.mnist(s);
        DataLoader train = MnistData.loader(mnist.train().map(MnistData.transform(false)), s, true);
        DataLoader val = MnistData.loader(mnist.test().map(MnistData.transform(false)), s, false);
        if (!s.quiet()) {
            System.out.printf(
                    Locale.ROOT,
                    "MNIST (%s): %d training and %d validation pictures, batches of %d%n",
                    s.dataset(),
                    mnist.train().size(),
                    mnist.test().size(),
                    s.batchSize());
        }

        MLPClassifier model = new MLPClassifier(784, 512, 10);
        TensorBoardLogger logger = new TensorBoardLogger(s.tbLogs(), "my_model");
        Trainer trainer = Trainer.builder()
                .maxEpochs(s.epochs())
                .logger(logger)
                .verbose(s.quiet() ? 0 : 1)
                .printSummary(!s.quiet())
                .build();
        History history;
        try (train;
                val) {
            history = trainer.fit(model, train, val);
            Map<String, Double> results = trainer.validate(model, val);
            double acc = results.get("val/accuracy");
            if (!s.quiet()) {
                System.out.println("-".repeat(80));
                System.out.println("DATALOADER:0 VALIDATE RESULTS");
                System.out.printf(Locale.ROOT, "{'val/accuracy': %s}%n", acc);
                System.out.println("-".repeat(80));
                System.out.println(
                        "TensorBoard logs: " + logger.logDir() + "  (tensorboard --logdir " + s.tbLogs() + ")");
            }
            Pictures.curves(history, s.out().resolve("curves.png"));
            return new Result(history, acc);
        }
    }

    public static void main(String[] args) {
        run(Settings.parse(
                tutorial(), "Seed 004, 1: the MLP classifier as a TrainingModule run by the Trainer.", args));
    }
}
