package dev.synapse.examples.lightning;

import dev.synapse.Synapse;
import dev.synapse.autograd.GradMode;
import dev.synapse.data.DataLoader;
import dev.synapse.datasets.TrainTest;
import dev.synapse.nn.Input;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.ReLU;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import java.util.Arrays;
import java.util.Locale;

/**
 * Seed 004, sections 2.1 and 4.2 ("Autoencoder Fully Connected", "Dimensionality Reduction"), as a
 * program ({@code ./synapse example autoencoder-fc}): the fully connected {@code Autoencoder}
 * (784 → 256 → 128 ReLU code → 256 → 784) trained with SGD at 0.01, momentum 0.99, MSE, batches of 1024
 * on flattened, normalized MNIST; input and reconstruction grids logged to TensorBoard
 * ({@code tb_logs/autoencoder}) and saved as PNG; the t-SNE of 1000 test codes coloured by class; the
 * compression ratio of the test set kept as float32 codes instead of 8-bit pictures
 * ({@code 100 - codes.nbytes / images.nbytes * 100}: 34.69% in the tutorial, whatever the number of
 * pictures, since a code is 128 x 4 bytes against 784 x 1); and a picture rebuilt by the decoder alone.
 */
public final class FullyConnectedAutoencoder {
    private FullyConnectedAutoencoder() {}

    /** The tutorial's: MNIST, 150 epochs, batches of 1024. */
    public static Settings tutorial() {
        return Settings.tutorial("autoencoder-fc", Settings.NUM_EPOCHS, 1024);
    }

    /** {@code class Autoencoder(pl.LightningModule)}. */
    public static final class Module extends AutoencoderModule {
        public Module() {
            super(
                    new Sequential(
                            Input.of(784), Torch.linear(784, 256), new ReLU(), Torch.linear(256, 128), new ReLU()),
                    new Sequential(Input.of(128), Torch.linear(128, 256), new ReLU(), Torch.linear(256, 784)),
                    new int[] {784},
                    0.01,
                    0.99);
        }
    }

    /** The key figures: the history, the test codes, and the bytes of the test set as pictures and as codes. */
    public record Result(History history, AutoencoderModule.Codes codes, long imageBytes, long codeBytes) {
        /** {@code 100 - codes.nbytes / images.nbytes * 100}. */
        public double compressionPercent() {
            return 100 - (double) codeBytes / imageBytes * 100;
        }
    }

    public static Result run(Settings s) {
        Synapse.setSeed(s.seed());
        TrainTest mnist = MnistData.mnist(s);
        Module model = new Module();
        History h;
        AutoencoderModule.Codes codes;
        try (DataLoader train = MnistData.loader(mnist.train().map(MnistData.transform(true)), s, true);
                DataLoader test = MnistData.loader(mnist.test().map(MnistData.transform(true)), s, false)) {
            h = AutoencoderModule.fit(model, "autoencoder", train, test, s);
            codes = model.extractCodes(test);
        }
        Pictures.grids(model, s.out());
        System.out.printf(
                Locale.ROOT,
                "codes %s, labels (%d,)%n",
                Arrays.toString(codes.shape()).replace('[', '(').replace(']', ')'),
                codes.labels().length);
        Pictures.tsne(
                codes,
                s,
                "t-SNE of the fully connected autoencoder's codes",
                s.out().resolve("tsne.png"));

        // 4.2: the test set as 8-bit pictures and as float32 codes.
        long imageBytes = (long) mnist.test().size() * 28 * 28;
        long codeBytes = codes.codes().size() * codes.codes().dtype().byteSize();
        Result r = new Result(h, codes, imageBytes, codeBytes);
        System.out.println("Dimensione occupata dalle immagini: " + imageBytes);
        System.out.println("Dimensione occupata dai codici: " + codeBytes);
        System.out.printf(Locale.ROOT, "Rapporto di compressione: %.2f%%%n", r.compressionPercent());

        // The first test picture rebuilt from its stored code by the decoder alone, normalization undone.
        Tensor decoded;
        try (var _ = GradMode.noGrad()) {
            decoded = model.decode(codes.codes().slice(0, 0, 1))
                    .mul(MnistData.STD)
                    .add(MnistData.MEAN)
                    .reshape(28, 28);
        }
        Pictures.image(decoded, s.out().resolve("decoded_0.png"));
        return r;
    }

    public static void main(String[] args) {
        run(Settings.parse(
                tutorial(),
                "Seed 004, 2.1 and 4.2: the fully connected autoencoder on MNIST, with the t-SNE of its codes.",
                args));
    }
}
