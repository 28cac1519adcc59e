package dev.synapse.examples.lightning;

import dev.synapse.Synapse;
import dev.synapse.cli.Flags;
import dev.synapse.data.DataLoader;
import dev.synapse.datasets.TrainTest;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seed 004, section 3.1 ("Denoising autoencoders"), as a program
 * ({@code ./synapse example autoencoder-denoising}): the convolutional autoencoder of
 * {@link ConvolutionalAutoencoder} fed inputs with Gaussian noise added ({@code x + randn_like(x) * 0.5}, in
 * training and validation steps, as the tutorial), SGD at 0.01 with momentum 0.99, batches of 1024.
 * Original, perturbed and reconstructed grids go to TensorBoard ({@code tb_logs/mnist_denoising_conv_autoencoder})
 * and to PNG; codes of the clean test pictures are drawn with t-SNE.
 *
 * <p>The reconstruction is compared with the clean picture, as the tutorial's text says ("chiedendo al
 * modello di ricostruire comunque l'immagine non perturbata"). The tutorial's code compares it with the
 * perturbed picture instead ({@code self.criterion(perturbed, reconstructed)}), which asks the model to
 * reproduce the noise; {@code --target noisy} runs that literal version.
 */
public final class DenoisingAutoencoder {
    private DenoisingAutoencoder() {}

    /** The tutorial's: MNIST, 150 epochs, batches of 1024. */
    public static Settings tutorial() {
        return Settings.tutorial("autoencoder-denoising", Settings.NUM_EPOCHS, 1024);
    }

    /** {@code class DenoisingConvAutoencoder(pl.LightningModule)}. */
    public static final class Module extends ConvolutionalAutoencoder.Module {
        /** {@code noise_factor}. */
        static final double NOISE_FACTOR = 0.5;

        private final boolean noisyTarget;

        /** @param noisyTarget compare the reconstruction with the perturbed input, as the tutorial's code does */
        public Module(boolean noisyTarget) {
            this.noisyTarget = noisyTarget;
        }

        @Override
        protected Tensor perturb(Tensor x) {
            return x.add(Tensor.randn(x.dims()).mul(NOISE_FACTOR));
        }

        @Override
        protected Tensor target(Tensor x, Tensor perturbed) {
            return noisyTarget ? perturbed : x;
        }

        @Override
        protected Map<String, Tensor> pictures(Tensor x, Tensor perturbed, Tensor reconstructed) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            m.put("original_images", x);
            m.put("perturbed_images", perturbed);
            m.put("generated_images", reconstructed);
            return m;
        }
    }

    /** The key figures: the history and the codes of the clean test pictures. */
    public record Result(History history, AutoencoderModule.Codes codes) {}

    public static Result run(Settings s, boolean noisyTarget) {
        Synapse.setSeed(s.seed());
        TrainTest mnist = MnistData.mnist(s);
        Module model = new Module(noisyTarget);
        try (DataLoader train = MnistData.loader(mnist.train().map(MnistData.transform(false)), s, true);
                DataLoader test = MnistData.loader(mnist.test().map(MnistData.transform(false)), s, false)) {
            History h = AutoencoderModule.fit(model, "mnist_denoising_conv_autoencoder", train, test, s);
            AutoencoderModule.Codes codes = model.extractCodes(test);
            Pictures.grids(model, s.out());
            Pictures.tsne(
                    codes,
                    s,
                    "t-SNE of the denoising autoencoder's codes",
                    s.out().resolve("tsne.png"));
            return new Result(h, codes);
        }
    }

    /** Seed flags, plus {@code --target clean|noisy}. */
    public static void main(String[] args) {
        Flags f = Settings.flags(tutorial(), "Seed 004, 3.1: the conv autoencoder fed noisy pictures.", args);
        Settings s = Settings.read(f, tutorial());
        boolean noisy = f.choice(
                        "target",
                        "clean",
                        "what the reconstruction is compared with: the clean picture, or the noisy input as the "
                                + "tutorial's code",
                        "clean",
                        "noisy")
                .equals("noisy");
        f.done();
        run(s, noisy);
    }
}
