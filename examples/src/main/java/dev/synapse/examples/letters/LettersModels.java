package dev.synapse.examples.letters;

import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Activation;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Concatenate;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Conv2DTranspose;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.nn.layers.FillOptions;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.LeakyReLU;
import dev.synapse.nn.layers.MaxPooling2D;
import dev.synapse.nn.layers.RandomRotation;
import dev.synapse.nn.layers.RandomTranslation;
import dev.synapse.nn.layers.Reshape;

/** The networks of seed 000, one method per {@code get_model_*} function of the tutorial. */
public final class LettersModels {
    /** Name of the concatenation that the transfer model and the autoencoder start from. */
    public static final String LATENT = "model_conv_latent";

    private LettersModels() {}

    /** {@code get_model_dummy}: Flatten, Dense(units, relu), Dense(classes, softmax). */
    public static Sequential dummy(int[] inputShape, int classes, int units) {
        return new Sequential(
                new Flatten().withInputShape(inputShape),
                new Dense(units, Activation.RELU),
                new Dense(classes, Activation.SOFTMAX));
    }

    /**
     * The multi-branch convolutional model, its input and its latent layer ({@code get_model_conv}'s three results).
     */
    public record ConvModel(Model model, SymbolicTensor input, SymbolicTensor latent) {
        /** The parts of a trained model read back from a file: the input and the {@link #LATENT} layer's output. */
        public static ConvModel of(Model model) {
            return new ConvModel(
                    model, model.inputs().get(0), model.getLayer(LATENT).output());
        }
    }

    /**
     * {@code get_model_conv}: two convolutional branches (the second with dropout and random rotation and translation)
     * and a dense one, concatenated.
     */
    public static ConvModel conv(int classes) {
        var input = Input.of(28, 28);
        var reshaped = new Reshape(28, 28, 1).apply(input);

        var conv1 = new Conv2D(32, 3).apply(reshaped);
        conv1 = new BatchNormalization().apply(conv1);
        conv1 = new LeakyReLU().apply(conv1);
        conv1 = new MaxPooling2D().apply(conv1);
        conv1 = new Flatten().apply(conv1);
        conv1 = new Dense(32, Activation.SIGMOID).apply(conv1);

        var drop2 = new Dropout(0.05).apply(reshaped);
        var rot2 = new RandomRotation(-0.05, 0.05, FillOptions.DEFAULT).apply(drop2);
        var tran2 = new RandomTranslation(new double[] {-0.05, 0.05}, new double[] {-0.05, 0.05}, FillOptions.DEFAULT)
                .apply(rot2);
        var conv2 = new Conv2D(32, 5).apply(tran2);
        conv2 = new BatchNormalization().apply(conv2);
        conv2 = new LeakyReLU().apply(conv2);
        conv2 = new MaxPooling2D().apply(conv2);
        conv2 = new Flatten().apply(conv2);
        conv2 = new Dense(32, Activation.SIGMOID).apply(conv2);

        var fc1 = new Flatten().apply(reshaped);
        fc1 = new Dense(64, Activation.SIGMOID).apply(fc1);
        fc1 = new Dense(32, Activation.SIGMOID).apply(fc1);

        var latent = new Concatenate().named(LATENT).apply(conv1, conv2, fc1);
        var x = new Dense(64, Activation.LINEAR).apply(latent);
        x = new LeakyReLU().apply(x);
        var output = new Dense(classes, Activation.SOFTMAX).apply(x);
        return new ConvModel(new Model(input, output), input, latent);
    }

    /**
     * The transfer model: a new head, Dense(64, relu) and Dense(classes, softmax), on the conv model's latent layer.
     */
    public static Model transfer(ConvModel conv, int classes) {
        var head = new Dense(classes, Activation.SOFTMAX).apply(new Dense(64, Activation.RELU).apply(conv.latent()));
        return new Model(conv.input(), head);
    }

    /** The autoencoder, its encoder and its decoder ({@code get_model_ae}'s three results). */
    public record Autoencoder(Sequential autoencoder, Model encoder, Model decoder) {}

    /** {@code get_model_ae}: a 32-unit linear bottleneck on the conv model's latent layer, and a 32-64-784 decoder. */
    public static Autoencoder autoencoder(ConvModel conv) {
        var bottleneck = new Dense(32, Activation.LINEAR).apply(conv.latent());
        var encoder = new Model(conv.input(), bottleneck);
        var decoderInput = Input.of(32);
        var x = new Dense(64, Activation.RELU).apply(decoderInput);
        var decoded = new Dense(784, Activation.SIGMOID).apply(x);
        var decoder = new Model(decoderInput, decoded);
        return new Autoencoder(new Sequential(encoder, decoder), encoder, decoder);
    }

    /** {@code get_model_generator}: noise of 100 values to a 28x28x1 picture in [-1, 1]. */
    public static Model generator() {
        var input = Input.of(100);
        var x = Dense.builder(7 * 7 * 256).useBias(false).build().apply(input);
        x = new BatchNormalization().apply(x);
        x = new LeakyReLU().apply(x);
        x = new Reshape(7, 7, 256).apply(x);
        x = Conv2DTranspose.builder(128, 5)
                .strides(1)
                .padding("same")
                .useBias(false)
                .build()
                .apply(x);
        x = new BatchNormalization().apply(x);
        x = new LeakyReLU().apply(x);
        x = Conv2DTranspose.builder(64, 5)
                .strides(2)
                .padding("same")
                .useBias(false)
                .build()
                .apply(x);
        x = new BatchNormalization().apply(x);
        x = new LeakyReLU().apply(x);
        x = Conv2DTranspose.builder(1, 5)
                .strides(2)
                .padding("same")
                .useBias(false)
                .activation("tanh")
                .build()
                .apply(x);
        // As in the tutorial, the model's output is the 28x28x1 picture (its Reshape((28, 28)) is left unused).
        return new Model(input, x);
    }

    /** {@code get_model_discriminator}: a 28x28 picture to one logit, real against fake. */
    public static Model discriminator() {
        var input = Input.of(28, 28);
        var x = new Reshape(28, 28, 1).apply(input);
        x = Conv2D.builder(64, 5).strides(2).padding("same").build().apply(x);
        x = new LeakyReLU().apply(x);
        x = new Dropout(0.3).apply(x);
        x = Conv2D.builder(128, 5).strides(2).padding("same").build().apply(x);
        x = new LeakyReLU().apply(x);
        x = new Dropout(0.3).apply(x);
        x = new Flatten().apply(x);
        return new Model(input, new Dense(1).apply(x));
    }
}
