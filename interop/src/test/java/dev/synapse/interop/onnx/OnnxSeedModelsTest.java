package dev.synapse.interop.onnx;

import static dev.synapse.interop.onnx.OrtCheck.check;
import static dev.synapse.interop.onnx.OrtCheck.input;
import static dev.synapse.interop.onnx.OrtCheck.randomNormalization;

import dev.synapse.Synapse;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Activation;
import dev.synapse.nn.layers.AveragePooling2D;
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
import dev.synapse.nn.layers.ReLU;
import dev.synapse.nn.layers.Reshape;
import dev.synapse.nn.layers.UpSampling2D;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tutorials' models, rebuilt layer for layer as the examples module defines them, exported and
 * run in ONNX Runtime. Their weights are their initializers' (seeded), with random normalization
 * statistics; inputs are uniform in [-1, 1), at batch 3.
 */
class OnnxSeedModelsTest {

    @BeforeEach
    void seed() {
        Synapse.setSeed(4);
    }

    /** Seed 001: the digits MLP, 64-100-10 with a tanh hidden layer and a softmax output. */
    @Test
    void digitsMlp() {
        Model model = new Sequential(new Dense(100, "tanh").withInputShape(64), new Dense(10, "softmax"));
        check("seed 001 MLP", model, input(400, 3, 64));
    }

    /** Seed 002: two blocks of a 3x3 "same" ReLU convolution and 2x2 max pooling, then the classifier. */
    @Test
    void mnistCnn() {
        SymbolicTensor input = Input.named("input", 28, 28, 1);
        SymbolicTensor x = input;
        for (int filters : new int[] {24, 36}) {
            x = Conv2D.builder(filters, 3, 3)
                    .activation("relu")
                    .padding("same")
                    .build()
                    .apply(x);
            x = new MaxPooling2D(2).apply(x);
        }
        x = new Flatten().apply(x);
        x = Dense.builder(128).activation("relu").build().apply(x);
        x = new Dropout(0.5).apply(x);
        Model model =
                new Model(input, Dense.builder(10).activation("softmax").build().apply(x));
        check("seed 002 CNN", model, input(401, 3, 28, 28, 1));
    }

    /** Seed 000: the EMNIST letters model, two conv branches and a dense one concatenated. */
    @Test
    void lettersMultiBranchConv() {
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
        var latent = new Concatenate().apply(conv1, conv2, fc1);
        var x = new Dense(64, Activation.LINEAR).apply(latent);
        x = new LeakyReLU().apply(x);
        Model model = randomNormalization(new Model(input, new Dense(26, Activation.SOFTMAX).apply(x)), 402);
        check("seed 000 multi-branch conv model", model, input(403, 3, 28, 28));
    }

    /** Seed 004: the convolutional autoencoder, encoder and decoder as nested models. */
    @Test
    void convolutionalAutoencoder() {
        Sequential encoder = new Sequential(
                Input.of(28, 28, 1),
                Conv2D.builder(16, 3).padding("same").build(),
                new AveragePooling2D(2),
                new ReLU(),
                Conv2D.builder(8, 3).padding("same").build(),
                new AveragePooling2D(2),
                new ReLU(),
                Conv2D.builder(4, 3).padding("same").build(),
                new ReLU());
        Sequential decoder = new Sequential(
                Input.of(7, 7, 4),
                Conv2D.builder(8, 3).padding("same").build(),
                new UpSampling2D(),
                new ReLU(),
                Conv2D.builder(16, 3).padding("same").build(),
                new UpSampling2D(),
                new ReLU(),
                Conv2D.builder(1, 3).padding("same").build());
        SymbolicTensor in = Input.of(28, 28, 1);
        Model model = new Model(in, decoder.apply(encoder.apply(in)));
        check("seed 004 conv autoencoder", model, input(404, 3, 28, 28, 1));
    }

    /** Seed 000: the DCGAN generator, 100 numbers to a 28x28x1 picture. */
    @Test
    void dcganGenerator() {
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
        Model model = randomNormalization(new Model(input, x), 405);
        check("seed 000 DCGAN generator", model, input(406, 3, 100));
    }
}
