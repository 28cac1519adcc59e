package dev.synapse.examples.letters;

import dev.synapse.Synapse;
import dev.synapse.autograd.GradMode;
import dev.synapse.autograd.GradientTape;
import dev.synapse.cli.Flags;
import dev.synapse.datasets.Split;
import dev.synapse.examples.letters.LettersData.Images;
import dev.synapse.losses.BinaryCrossentropy;
import dev.synapse.nn.Model;
import dev.synapse.optim.Adam;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seed 000, "Generative Adversarial Networks": a DCGAN on the letters. The generator maps 100 normal
 * values through Dense 7x7x256, BatchNormalization and LeakyReLU, then three Conv2DTranspose layers
 * (128, 64 and 1 filters of 5x5, the last two with stride 2, tanh at the end) to a 28x28 picture; the
 * discriminator, two strided 5x5 convolutions with LeakyReLU and Dropout(0.3), gives one logit. The
 * custom training step records both models on two {@link GradientTape}s, takes binary cross-entropy
 * from logits (the generator wants its fakes called real; the discriminator wants real called real and
 * fake called fake) and applies each tape's gradients with its own Adam (1e-4). The tutorial runs 500
 * epochs over the letters in batches of 1024, in order, and prints the epoch every 5.
 *
 * <pre>{@code
 * ./synapse example dcgan [--dataset emnist|fashion] [--epochs 500] [--samples N] [--batch-size 1024]
 *     [--out DIR]
 * }</pre>
 *
 * <p>As the tutorial, the letters stay in [0, 1] while the generator's tanh gives [-1, 1]. Besides
 * the losses, each step measures how far the fakes' mean picture is from the letters' mean picture
 * (mean absolute difference per pixel): a plain, discriminator-free sign that the generator learns
 * the data. Every {@code --grid-every} epochs the generator (in inference mode, as {@code predict})
 * draws the same 16 noise vectors into {@code samples_epoch_NNN.png} (epoch 000: before training);
 * at the end five fresh samples go to {@code synthetic.png}, as the tutorial's last cell.
 */
public final class Dcgan {
    private static final int NOISE = 100;

    private Dcgan() {}

    /**
     * What the program does.
     *
     * @param dataset the letters ({@code emnist}, {@code fashion}, {@code npm-0-4})
     * @param samples the first this many letters (0: all)
     * @param epochs passes over the letters (500)
     * @param batchSize 1024
     * @param learningRate both optimizers' (1e-4)
     * @param printEvery print the epoch every this many (5)
     * @param gridEvery draw the fixed noise every this many epochs (also after the last; 0: only after the last)
     * @param gridSamples pictures in each grid (16)
     * @param seed 1102
     * @param out the folder for the grids
     */
    public record Settings(
            String dataset,
            int samples,
            int epochs,
            int batchSize,
            double learningRate,
            int printEvery,
            int gridEvery,
            int gridSamples,
            long seed,
            Path out) {
        /** The tutorial's settings on the given letters. */
        public static Settings tutorial(String dataset) {
            return new Settings(dataset, 0, 500, 1024, 1e-4, 5, 25, 16, 1102, Path.of("out", "dcgan"));
        }
    }

    /**
     * Pictures drawn from the fixed noise after an epoch.
     *
     * @param epoch the epoch just finished (0: before training)
     * @param pictures {@code [gridSamples, 28, 28]} in [-1, 1]
     */
    public record Grid(int epoch, Tensor pictures) {}

    /**
     * The key figures.
     *
     * @param generatorLoss the generator's loss, per step
     * @param discriminatorLoss the discriminator's loss, per step
     * @param meanPictureDistance mean absolute difference between the step's fakes' mean picture and the letters' mean
     *     picture, per step (before the step's update)
     * @param grids the fixed noise's pictures, before training and every {@code gridEvery} epochs
     * @param stepsPerEpoch batches in an epoch
     * @param files the pictures written
     * @param seconds the wall time
     */
    public record Result(
            List<Double> generatorLoss,
            List<Double> discriminatorLoss,
            List<Double> meanPictureDistance,
            List<Grid> grids,
            int stepsPerEpoch,
            List<Path> files,
            double seconds) {}

    private final BinaryCrossentropy crossEntropy = new BinaryCrossentropy(true);
    private Model generator;
    private Model discriminator;
    private Adam generatorOptimizer;
    private Adam discriminatorOptimizer;

    private Tensor generatorLoss(Tensor fakeOutput) {
        return crossEntropy.call(Tensor.onesLike(fakeOutput), fakeOutput);
    }

    private Tensor discriminatorLoss(Tensor realOutput, Tensor fakeOutput) {
        Tensor realLoss = crossEntropy.call(Tensor.onesLike(realOutput), realOutput);
        Tensor fakeLoss = crossEntropy.call(Tensor.zerosLike(fakeOutput), fakeOutput);
        return realLoss.add(fakeLoss);
    }

    /** One {@code train_step}: returns the generator's loss, the discriminator's loss and the fakes' mean picture. */
    private Tensor[] trainStep(Tensor images) {
        int batch = images.dim(0);
        Tensor noise = Tensor.randn(batch, NOISE);
        try (GradientTape generatorTape = GradientTape.open();
                GradientTape discriminatorTape = GradientTape.open()) {
            Tensor generated = generator.apply(noise, true).reshape(batch, 28, 28);
            Tensor realOutput = discriminator.apply(images, true);
            Tensor fakeOutput = discriminator.apply(generated, true);
            Tensor lossGenerator = generatorLoss(fakeOutput);
            Tensor lossDiscriminator = discriminatorLoss(realOutput, fakeOutput);
            List<Tensor> gradGenerator = generatorTape.gradient(lossGenerator, generator.trainableVariables());
            List<Tensor> gradDiscriminator =
                    discriminatorTape.gradient(lossDiscriminator, discriminator.trainableVariables());
            generatorOptimizer.applyGradients(gradGenerator, generator.trainableVariables());
            discriminatorOptimizer.applyGradients(gradDiscriminator, discriminator.trainableVariables());
            return new Tensor[] {
                lossGenerator.detach(),
                lossDiscriminator.detach(),
                generated.detach().mean(new int[] {0}, false)
            };
        }
    }

    public static Result run(Settings s) {
        return new Dcgan().train(s);
    }

    private Result train(Settings s) {
        long start = System.nanoTime();
        LettersFiles.makeFolder(s.out());
        List<Path> files = new ArrayList<>();
        Images letters = LettersData.letters(s.dataset(), Split.TRAIN).first(s.samples());
        Tensor x = letters.x();
        Tensor realMean = x.mean(new int[] {0}, false);
        System.out.println("Letters: " + letters.name() + ", " + letters.size() + " pictures");

        Synapse.setSeed(s.seed());
        generator = LettersModels.generator();
        discriminator = LettersModels.discriminator();
        generator.summary();
        discriminator.summary();
        generatorOptimizer = new Adam(s.learningRate());
        discriminatorOptimizer = new Adam(s.learningRate());
        Tensor fixedNoise = Tensor.normal(0, 1, new Generator(s.seed() + 1), s.gridSamples(), NOISE);

        List<Double> gLoss = new ArrayList<>();
        List<Double> dLoss = new ArrayList<>();
        List<Double> distance = new ArrayList<>();
        List<Grid> grids = new ArrayList<>();
        grids.add(grid(0, fixedNoise));
        files.add(save(grids.get(0), s.out()));
        int n = x.dim(0);
        int steps = (n + s.batchSize() - 1) / s.batchSize();
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            // Dataset.from_tensor_slices(letters).batch(1024): in order, the last batch smaller.
            for (int from = 0; from < n; from += s.batchSize()) {
                // The step's tensors give their device memory back when the scope ends; the numbers are read inside.
                try (var _ = Synapse.stepScope()) {
                    Tensor[] out = trainStep(x.slice(0, from, Math.min(n, from + s.batchSize())));
                    gLoss.add(out[0].item());
                    dLoss.add(out[1].item());
                    try (var _ = GradMode.noGrad()) {
                        distance.add(out[2].sub(realMean).abs().mean().item());
                    }
                }
            }
            if ((epoch + 1) % s.printEvery() == 0) {
                int last = gLoss.size();
                System.out.printf(
                        Locale.ROOT,
                        "epoch = %d  (generator loss %.4f, discriminator loss %.4f, "
                                + "mean picture distance %.4f, %.1f s an epoch)%n",
                        epoch + 1,
                        mean(gLoss, last - steps, last),
                        mean(dLoss, last - steps, last),
                        mean(distance, last - steps, last),
                        (System.nanoTime() - epochStart) / 1e9);
            }
            if ((s.gridEvery() > 0 && (epoch + 1) % s.gridEvery() == 0) || epoch + 1 == s.epochs()) {
                grids.add(grid(epoch + 1, fixedNoise));
                files.add(save(grids.get(grids.size() - 1), s.out()));
            }
        }
        // synthetic = model_generator.predict(tf_normal([5, 100])), shown in one row
        Tensor synthetic = generator.predict(Tensor.randn(5, NOISE)).reshape(5, 28, 28);
        files.add(LettersFiles.generated(synthetic, 5, "synthetic", s.out().resolve("synthetic.png")));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "(%.0f s) files: %s%n", seconds, files);
        return new Result(gLoss, dLoss, distance, grids, steps, List.copyOf(files), seconds);
    }

    private static Path save(Grid g, Path out) {
        return LettersFiles.generated(
                g.pictures(),
                4,
                "epoch " + g.epoch(),
                out.resolve(String.format(Locale.ROOT, "samples_epoch_%03d.png", g.epoch())));
    }

    private Grid grid(int epoch, Tensor noise) {
        return new Grid(epoch, generator.predict(noise).reshape(noise.dim(0), 28, 28));
    }

    static double mean(List<Double> values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values.get(i);
        }
        return sum / (to - from);
    }

    public static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse example dcgan", "Seed 000: the DCGAN on letters, trained with two GradientTapes.", args);
        Settings t = Settings.tutorial("emnist");
        String dataset = f.choice(
                "dataset",
                "emnist",
                "the letters; offline: fashion or npm-0-4 (see LettersData)",
                LettersData.LETTER_SOURCES);
        int samples = f.integer("samples", 0, 0, "letters to train on, 0 for all");
        int epochs = f.integer("epochs", t.epochs(), 0, "epochs");
        int batchSize = f.integer("batch-size", t.batchSize(), 1, "letters per batch");
        int batch = f.integer("batch", 0, 0, "older spelling of --batch-size (0: not given)");
        int gridEvery = f.integer("grid-every", t.gridEvery(), 0, "epochs between pictures (0: only after the last)");
        Path out = f.path("out", t.out(), "folder for the pictures");
        f.done();
        run(new Settings(
                dataset,
                samples,
                epochs,
                batch > 0 ? batch : batchSize,
                t.learningRate(),
                t.printEvery(),
                gridEvery,
                t.gridSamples(),
                t.seed(),
                out));
    }
}
