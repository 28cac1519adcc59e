package dev.synapse.examples.lightning;

import dev.synapse.analysis.LogisticRegression;
import dev.synapse.autograd.GradMode;
import dev.synapse.data.Batch;
import dev.synapse.data.DataLoader;
import dev.synapse.data.Dataset;
import dev.synapse.datasets.TrainTest;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Seed 004, section 4.3 ("Anomaly Detection"), as a program ({@code ./synapse example anomaly-detection}):
 * the convolutional autoencoder of {@link ConvolutionalAutoencoder} trained on MNIST reconstructs MNIST
 * pictures well and Fashion-MNIST pictures (normalized with MNIST's statistics) badly. The program prints
 * the L2 distance between input and reconstruction for one picture of each (17.47 and 5.75 in the
 * tutorial), the mean distance over each training set (12.95 and 5.92), draws the two populations as a
 * box plot, fits a logistic regression on the distances (Fashion-MNIST -1, MNIST +1), and classifies
 * 1000 random test pictures of each set: 98.3% of MNIST and 96.8% of Fashion-MNIST correct in the tutorial.
 */
public final class AnomalyDetection {
    /** Random test pictures of each set that the detector classifies. */
    static final int CHECKS = 1000;

    private AnomalyDetection() {}

    /** The tutorial's: the convolutional autoencoder trained 150 epochs on MNIST, batches of 1024. */
    public static Settings tutorial() {
        return Settings.tutorial("anomaly-detection", Settings.NUM_EPOCHS, 1024);
    }

    /**
     * The key figures: mean distances, the share of each test set classified correctly, and every training distance.
     */
    public record Result(
            double meanFashion,
            double meanMnist,
            double mnistCorrect,
            double fashionCorrect,
            double[] normsFashion,
            double[] normsMnist) {}

    public static Result run(Settings s) {
        ConvolutionalAutoencoder.Result trained = ConvolutionalAutoencoder.train(s);
        AutoencoderModule model = trained.model();
        Pictures.grids(model, s.out());
        TrainTest mnist = MnistData.mnist(s);
        // As many Fashion-MNIST training pictures as MNIST ones (60,000 each in the tutorial), so that the
        // logistic regression sees two classes of equal size.
        TrainTest fashion = MnistData.fashion(s);
        fashion = new TrainTest(MnistData.first(fashion.train(), mnist.train().size()), fashion.test());
        Dataset mnistTrain = mnist.train().map(MnistData.transform(false));
        Dataset fashionTrain = fashion.train().map(MnistData.transform(false));
        Dataset mnistTest = mnist.test().map(MnistData.transform(false));
        Dataset fashionTest = fashion.test().map(MnistData.transform(false));

        // One picture of each: input beside reconstruction, and their distance.
        for (var ex : new Object[][] {{"fashion", fashionTrain, 5}, {"mnist", mnistTrain, 7}}) {
            Tensor in = ((Dataset) ex[1]).get((Integer) ex[2]).x();
            Tensor out = reconstruct(model, in.reshape(1, 28, 28)).reshape(28, 28);
            System.out.printf(
                    Locale.ROOT,
                    "Distanza fra le immagini: %.2f   (%s, picture %d)%n",
                    in.sub(out).square().sum().sqrt().item(),
                    ex[0],
                    (Integer) ex[2]);
            Pictures.pair(in, out, s.out().resolve(ex[0] + "_example.png"));
        }

        double[] normsFashion = norms(model, fashionTrain, s);
        System.out.printf(Locale.ROOT, "Media delle norme L2 per FashionMNIST: %.6f%n", mean(normsFashion));
        double[] normsMnist = norms(model, mnistTrain, s);
        System.out.printf(Locale.ROOT, "Media delle norme L2 per MNIST: %.6f%n", mean(normsMnist));
        Pictures.boxPlot(normsFashion, normsMnist, s.out().resolve("boxplot.png"));

        // Logistic regression on the distances: Fashion-MNIST -1 (anomaly), MNIST +1.
        double[][] xTrain = new double[normsFashion.length + normsMnist.length][];
        long[] yTrain = new long[xTrain.length];
        for (int i = 0; i < xTrain.length; i++) {
            boolean fashionRow = i < normsFashion.length;
            xTrain[i] = new double[] {fashionRow ? normsFashion[i] : normsMnist[i - normsFashion.length]};
            yTrain[i] = fashionRow ? -1 : 1;
        }
        LogisticRegression lr = new LogisticRegression().fit(xTrain, yTrain);

        // 1000 random test indices (with repetition, as np.random.choice), the same for both sets.
        Generator g = new Generator(s.seed() + 2);
        int n = Math.min(mnist.test().size(), fashion.test().size());
        int[] picks = new int[CHECKS];
        for (int i = 0; i < CHECKS; i++) {
            picks[i] = g.nextInt(n);
        }
        double[] dm = norms(model, mnistTest.subset(picks), s);
        double[] df = norms(model, fashionTest.subset(picks), s);
        long[] pm = lr.predict(column(dm));
        long[] pf = lr.predict(column(df));
        double mnistCorrect = 0;
        double fashionCorrect = 0;
        for (int i = 0; i < CHECKS; i++) {
            mnistCorrect += pm[i] == 1 ? 1 : 0;
            fashionCorrect += pf[i] == -1 ? 1 : 0;
        }
        mnistCorrect = mnistCorrect / CHECKS * 100;
        fashionCorrect = fashionCorrect / CHECKS * 100;
        System.out.printf(
                Locale.ROOT, "Percentuale di elementi di MNIST classificati correttamente: %.2f%%%n", mnistCorrect);
        System.out.printf(
                Locale.ROOT,
                "Percentuale di elementi di Fashion-MNIST classificati correttamente: %.2f%%%n",
                fashionCorrect);
        return new Result(mean(normsFashion), mean(normsMnist), mnistCorrect, fashionCorrect, normsFashion, normsMnist);
    }

    private static Tensor reconstruct(AutoencoderModule model, Tensor x) {
        try (var _ = GradMode.noGrad()) {
            return model.forward(model.input(x))[1];
        }
    }

    /**
     * {@code (im - im_out).view(B, -1).norm(2, dim=-1)} for every picture of {@code d}, batches of the settings' size.
     */
    static double[] norms(AutoencoderModule model, Dataset d, Settings s) {
        double[] out = new double[d.size()];
        int at = 0;
        try (DataLoader loader = MnistData.loader(d, s, false)) {
            for (Batch b : loader) {
                Tensor x = b.x();
                Tensor diff = x.sub(reconstruct(model, x).reshape(x.dims()));
                double[] n = diff.reshape(x.dim(0), -1).square().sum(1).sqrt().toDoubleArray();
                System.arraycopy(n, 0, out, at, n.length);
                at += n.length;
            }
        }
        return out;
    }

    private static double[][] column(double[] v) {
        double[][] out = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = new double[] {v[i]};
        }
        return out;
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    public static void main(String[] args) {
        run(Settings.parse(
                tutorial(),
                "Seed 004, 4.3: the conv autoencoder's reconstruction distances tell MNIST from Fashion-MNIST.",
                args));
    }
}
