package dev.synapse.examples.lightning;

import dev.synapse.Synapse;
import dev.synapse.data.DataLoader;
import dev.synapse.datasets.TrainTest;
import dev.synapse.nn.Input;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.AveragePooling2D;
import dev.synapse.nn.layers.ReLU;
import dev.synapse.nn.layers.UpSampling2D;
import dev.synapse.train.History;
import java.util.Arrays;
import java.util.Locale;

/**
 * Seed 004, section 2.1 ("Autoencoder basato su convoluzioni"), as a program
 * ({@code ./synapse example autoencoder-conv}): the {@code ConvAutoencoder}, whose encoder is
 * Conv 1→16→8→4 (3x3, padding 1) with average pooling and ReLU down to a 7x7x4 code, and whose decoder
 * mirrors it with nearest-neighbour upsampling; SGD at 0.01 with momentum 0.99, MSE, batches of 1024.
 * Logs input and reconstruction grids to TensorBoard ({@code tb_logs/mnist_conv_autoencoder}) and saves
 * them as PNG, then extracts the test codes and draws their t-SNE coloured by class.
 */
public final class ConvolutionalAutoencoder {
    private ConvolutionalAutoencoder() {}

    /** The tutorial's: MNIST, 150 epochs, batches of 1024. */
    public static Settings tutorial() {
        return Settings.tutorial("autoencoder-conv", Settings.NUM_EPOCHS, 1024);
    }

    /**
     * The encoder: {@code Conv2d(1,16,3,padding=1), AvgPool2d(2), ReLU, Conv2d(16,8,3,padding=1), AvgPool2d(2),}
     * {@code ReLU, Conv2d(8,4,3,padding=1), ReLU}.
     */
    static Sequential encoder() {
        return new Sequential(
                Input.of(28, 28, 1),
                Torch.conv(1, 16, 3),
                new AveragePooling2D(2),
                new ReLU(),
                Torch.conv(16, 8, 3),
                new AveragePooling2D(2),
                new ReLU(),
                Torch.conv(8, 4, 3),
                new ReLU());
    }

    /**
     * The decoder: {@code Conv2d(4,8,3,padding=1), Upsample(scale_factor=2), ReLU, Conv2d(8,16,3,padding=1),}
     * {@code Upsample(scale_factor=2), ReLU, Conv2d(16,1,3,padding=1)}.
     */
    static Sequential decoder() {
        return new Sequential(
                Input.of(7, 7, 4),
                Torch.conv(4, 8, 3),
                new UpSampling2D(),
                new ReLU(),
                Torch.conv(8, 16, 3),
                new UpSampling2D(),
                new ReLU(),
                Torch.conv(16, 1, 3));
    }

    /** {@code class ConvAutoencoder(pl.LightningModule)}. */
    public static class Module extends AutoencoderModule {
        public Module() {
            this(0.01);
        }

        protected Module(double learningRate) {
            super(encoder(), decoder(), new int[] {28, 28, 1}, learningRate, 0.99);
        }
    }

    /** The key figures: the history (train/loss, val/loss) and the test codes. */
    public record Result(History history, AutoencoderModule.Codes codes, Module model) {}

    /** Trains the convolutional autoencoder on MNIST as the settings say; returns it with its figures. */
    public static Result train(Settings s) {
        Synapse.setSeed(s.seed());
        TrainTest mnist = MnistData.mnist(s);
        Module model = new Module();
        try (DataLoader train = MnistData.loader(mnist.train().map(MnistData.transform(false)), s, true);
                DataLoader test = MnistData.loader(mnist.test().map(MnistData.transform(false)), s, false)) {
            History h = AutoencoderModule.fit(model, "mnist_conv_autoencoder", train, test, s);
            return new Result(h, model.extractCodes(test), model);
        }
    }

    /** Trains, saves the pictures and prints the codes' shape. */
    public static Result run(Settings s) {
        Result r = train(s);
        Pictures.grids(r.model(), s.out());
        AutoencoderModule.Codes c = r.codes();
        System.out.printf(
                Locale.ROOT,
                "codes %s, labels (%d,)  (channels-last: PyTorch prints (N, 4, 7, 7))%n",
                Arrays.toString(c.shape()).replace('[', '(').replace(']', ')'),
                c.labels().length);
        Pictures.tsne(
                c, s, "t-SNE of the convolutional autoencoder's codes", s.out().resolve("tsne.png"));
        return r;
    }

    public static void main(String[] args) {
        run(Settings.parse(tutorial(), "Seed 004, 2.1: the convolutional autoencoder on MNIST.", args));
    }
}
