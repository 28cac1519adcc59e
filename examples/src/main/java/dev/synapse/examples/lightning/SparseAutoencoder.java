package dev.synapse.examples.lightning;

import dev.synapse.Synapse;
import dev.synapse.analysis.KNeighborsClassifier;
import dev.synapse.data.DataLoader;
import dev.synapse.datasets.ImageDataset;
import dev.synapse.datasets.TrainTest;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Seed 004, sections 3.2 and 4.1 ("Sparse Autoencoders", "Unsupervised representation learning"), as a
 * program ({@code ./synapse example autoencoder-sparse}): the convolutional autoencoder with an L1
 * sparsity penalty on its codes, {@code loss = MSE(x, x̂) + β · mean|ẑ - s|} with {@code s = 0.05} and
 * {@code β = 0.5}, trained with SGD at 0.001, momentum 0.99, batches of 1024; grids to TensorBoard
 * ({@code tb_logs/mnist_sparse_conv_autoencoder}) and PNG; t-SNE of the test codes. Then a 1-nearest-neighbour
 * classifier fitted on the codes of 100 random training pictures, scored on every test code, against
 * the same classifier on the same 100 pictures as raw (normalized) pixel vectors: 0.7431 against 0.7003
 * in the tutorial.
 *
 * <p>The tutorial's own cell takes its 100 "training" codes from the t-SNE subset of <em>test</em> codes
 * (its {@code codes}, not the {@code codes_train} it has just extracted), with labels to match, while
 * the pixel classifier takes training pictures at the same indices; here both use the same 100
 * training pictures, as the text intends. One draw of 100 pictures moves the score by a few points, so
 * the program also scores {@value #DRAWS} more draws and prints their mean, spread and how often the
 * codes win.
 */
public final class SparseAutoencoder {
    /** Pictures the 1-NN classifiers are fitted on. */
    static final int KNN_TRAIN = 100;

    private SparseAutoencoder() {}

    /** The tutorial's: MNIST, 150 epochs, batches of 1024. */
    public static Settings tutorial() {
        return Settings.tutorial("autoencoder-sparse", Settings.NUM_EPOCHS, 1024);
    }

    /** {@code class SparseConvAutoencoder(pl.LightningModule)}. */
    public static final class Module extends ConvolutionalAutoencoder.Module {
        /** The sparsity parameter {@code s} and the penalty's weight {@code beta}. */
        static final double S = 0.05;

        static final double BETA = 0.5;

        public Module() {
            super(0.001);
        }

        /** {@code beta * nn.L1Loss()(ones_like(code) * s, code)}. */
        @Override
        protected Tensor penalty(Tensor code) {
            return code.sub(S).abs().mean().mul(BETA);
        }

        @Override
        public List<String[]> summaryRows() {
            List<String[]> rows = new java.util.ArrayList<>(super.summaryRows());
            rows.add(new String[] {"l1", "L1Loss", "0"});
            return rows;
        }
    }

    /**
     * The key figures: the history, the test codes, the 1-NN accuracies on codes and on pixels for the
     * tutorial's single draw of 100 pictures, and the same for {@link #DRAWS} further draws.
     */
    public record Result(
            History history,
            AutoencoderModule.Codes codes,
            double knnCodes,
            double knnPixels,
            double[] drawsCodes,
            double[] drawsPixels) {}

    /** Further draws of 100 training pictures: one draw's 1-NN accuracy moves by a few points from draw to draw. */
    static final int DRAWS = 20;

    public static Result run(Settings s) {
        Synapse.setSeed(s.seed());
        TrainTest mnist = MnistData.mnist(s);
        Module model = new Module();
        try (DataLoader train = MnistData.loader(mnist.train().map(MnistData.transform(false)), s, true);
                DataLoader test = MnistData.loader(mnist.test().map(MnistData.transform(false)), s, false)) {
            History h = AutoencoderModule.fit(model, "mnist_sparse_conv_autoencoder", train, test, s);
            AutoencoderModule.Codes testCodes = model.extractCodes(test);
            Pictures.grids(model, s.out());
            Pictures.tsne(
                    testCodes,
                    s,
                    "t-SNE of the sparse autoencoder's codes",
                    s.out().resolve("tsne.png"));

            // 4.1: 100 random training pictures, as codes and as pixels; every test picture.
            int[] selected = Arrays.copyOf(
                    new Generator(s.seed() + 1).permutation(mnist.train().size()), KNN_TRAIN);
            AutoencoderModule.Codes trainCodes;
            try (DataLoader few =
                    MnistData.loader(mnist.train().subset(selected).map(MnistData.transform(false)), s, false)) {
                trainCodes = model.extractCodes(few);
            }
            double onCodes =
                    oneNearestNeighbour(trainCodes.codes(), trainCodes.labels(), testCodes.codes(), testCodes.labels());
            System.out.printf(
                    Locale.ROOT,
                    "1-NN on %d codes (%d values each): %.4f%n",
                    KNN_TRAIN,
                    testCodes.codes().dim(1),
                    onCodes);
            double onPixels = oneNearestNeighbour(
                    pixels(mnist.train(), selected),
                    labels(mnist.train(), selected),
                    pixels(mnist.test(), null),
                    labels(mnist.test(), null));
            System.out.printf(
                    Locale.ROOT,
                    "1-NN on the same %d pictures as pixels (784 values each): %.4f%n",
                    KNN_TRAIN,
                    onPixels);

            AutoencoderModule.Codes allCodes;
            try (DataLoader all = MnistData.loader(mnist.train().map(MnistData.transform(false)), s, false)) {
                allCodes = model.extractCodes(all);
            }
            Tensor allPixels = pixels(mnist.train(), null);
            Tensor testPixels = pixels(mnist.test(), null);
            long[] testLabels = labels(mnist.test(), null);
            double[] drawsCodes = new double[DRAWS];
            double[] drawsPixels = new double[DRAWS];
            int codesWin = 0;
            for (int d = 0; d < DRAWS; d++) {
                int[] pick = Arrays.copyOf(
                        new Generator(s.seed() + 2 + d)
                                .permutation(mnist.train().size()),
                        KNN_TRAIN);
                Tensor at = Tensor.of(pick);
                long[] y = labels(mnist.train(), pick);
                drawsCodes[d] = oneNearestNeighbour(
                        allCodes.codes().indexSelect(0, at), y, testCodes.codes(), testCodes.labels());
                drawsPixels[d] = oneNearestNeighbour(allPixels.indexSelect(0, at), y, testPixels, testLabels);
                codesWin += drawsCodes[d] > drawsPixels[d] ? 1 : 0;
            }
            System.out.printf(
                    Locale.ROOT,
                    "over %d more draws of %d pictures: codes %s, pixels %s; codes ahead in %d of %d%n",
                    DRAWS,
                    KNN_TRAIN,
                    spread(drawsCodes),
                    spread(drawsPixels),
                    codesWin,
                    DRAWS);
            return new Result(h, testCodes, onCodes, onPixels, drawsCodes, drawsPixels);
        }
    }

    /** Mean, standard deviation and range of {@code v}, for printing. */
    private static String spread(double[] v) {
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, v.length - 1);
        return String.format(
                Locale.ROOT,
                "%.4f +- %.4f (%.4f to %.4f)",
                mean,
                Math.sqrt(var),
                Arrays.stream(v).min().orElse(Double.NaN),
                Arrays.stream(v).max().orElse(Double.NaN));
    }

    /** {@code KNeighborsClassifier(n_neighbors=1).fit(x, y).score(xTest, yTest)}. */
    static double oneNearestNeighbour(Tensor x, long[] y, Tensor xTest, long[] yTest) {
        return new KNeighborsClassifier(1).fit(x, Tensor.of(y)).score(xTest, Tensor.of(yTest));
    }

    /** Pictures as normalized 784-vectors ({@code mnist_train[i][0].view(-1)}); all when {@code indices} is null. */
    static Tensor pixels(ImageDataset d, int[] indices) {
        Tensor all = d.images().reshape(d.size(), 784).sub(MnistData.MEAN).div(MnistData.STD);
        return indices == null ? all : all.indexSelect(0, Tensor.of(indices));
    }

    static long[] labels(ImageDataset d, int[] indices) {
        long[] all = d.labels().toLongArray();
        if (indices == null) {
            return all;
        }
        long[] out = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = all[indices[i]];
        }
        return out;
    }

    public static void main(String[] args) {
        run(Settings.parse(
                tutorial(),
                "Seed 004, 3.2 and 4.1: the conv autoencoder with an L1 penalty on its codes, and 1-NN on them.",
                args));
    }
}
