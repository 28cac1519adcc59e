package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
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
import dev.synapse.tensor.Tensor;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The models of seed 000 (EMNIST letters, transfer to digits, autoencoder, DCGAN) and their Keras parameter counts. */
class Seed000ModelsTest {
    @BeforeEach
    void reset() {
        Names.clearSession();
        Synapse.setSeed(1102);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    @Test
    void multiBranchConvModelTransferAndAutoencoder() {
        var in = Input.of(28, 28);
        var reshaped = new Reshape(28, 28, 1).apply(in);
        var c1 = new Conv2D(32, 3).apply(reshaped);
        c1 = new LeakyReLU().apply(new BatchNormalization().apply(c1));
        c1 = new Dense(32, Activation.SIGMOID).apply(new Flatten().apply(new MaxPooling2D().apply(c1)));
        var drop = new Dropout(0.05).apply(reshaped);
        var rot = new RandomRotation(-0.05, 0.05, FillOptions.DEFAULT).apply(drop);
        var tr = new RandomTranslation(new double[] {-0.05, 0.05}, new double[] {-0.05, 0.05}, FillOptions.DEFAULT)
                .apply(rot);
        var c2 = new LeakyReLU().apply(new BatchNormalization().apply(new Conv2D(32, 5).apply(tr)));
        c2 = new Dense(32, Activation.SIGMOID).apply(new Flatten().apply(new MaxPooling2D().apply(c2)));
        var fc = new Dense(32, Activation.SIGMOID)
                .apply(new Dense(64, Activation.SIGMOID).apply(new Flatten().apply(reshaped)));
        var latent = new Concatenate().named("model_conv_latent").apply(c1, c2, fc);
        var x = new LeakyReLU().apply(new Dense(64, Activation.LINEAR).apply(latent));
        var out = new Dense(26, Activation.SOFTMAX).apply(x);
        var modelConv = new Model(in, out);

        String s = modelConv.summaryString();
        assertTrue(s.contains("Total params: " + count(382_202)), s);
        assertTrue(s.contains("Non-trainable params: 128"), s);
        Tensor batch = Tensor.rand(4, 28, 28);
        assertArrayEquals(new int[] {4, 26}, modelConv.apply(batch, true).dims());
        assertArrayEquals(new int[] {4, 26}, modelConv.apply(batch).dims());

        var digits = new Dense(10, Activation.SOFTMAX).apply(new Dense(64, Activation.RELU).apply(latent));
        var transfer = new Model(in, digits);
        modelConv.setTrainable(false);
        String t = transfer.summaryString();
        assertTrue(t.contains("Trainable params: 6,858"), t);

        var bottleneck = new Dense(32, Activation.LINEAR).apply(latent);
        var encoder = new Model(in, bottleneck);
        var decIn = Input.of(32);
        var decoder =
                new Model(decIn, new Dense(784, Activation.SIGMOID).apply(new Dense(64, Activation.RELU).apply(decIn)));
        var ae = new Sequential(encoder, decoder);
        assertArrayEquals(new int[] {4, 784}, ae.apply(batch, true).dims());
        long aeTrainable = 96 * 32 + 32 + 32 * 64 + 64 + 64 * 784 + 784;
        assertEquals(
                aeTrainable,
                ae.trainableWeights().stream().mapToLong(Weight::size).sum());
    }

    @Test
    void dcganGeneratorAndDiscriminatorMatchKerasCounts() {
        var z = Input.of(100);
        var g = new LeakyReLU()
                .apply(new BatchNormalization()
                        .apply(Dense.builder(7 * 7 * 256).useBias(false).build().apply(z)));
        g = new Reshape(7, 7, 256).apply(g);
        g = new LeakyReLU()
                .apply(new BatchNormalization()
                        .apply(Conv2DTranspose.builder(128, 5)
                                .strides(1)
                                .padding("same")
                                .useBias(false)
                                .build()
                                .apply(g)));
        g = new LeakyReLU()
                .apply(new BatchNormalization()
                        .apply(Conv2DTranspose.builder(64, 5)
                                .strides(2)
                                .padding("same")
                                .useBias(false)
                                .build()
                                .apply(g)));
        g = Conv2DTranspose.builder(1, 5)
                .strides(2)
                .padding("same")
                .useBias(false)
                .activation("tanh")
                .build()
                .apply(g);
        var generator = new Model(z, g);
        String s = generator.summaryString();
        assertTrue(s.contains("Total params: 2,330,944"), s);
        assertTrue(s.contains("Trainable params: 2,305,472"), s);
        assertTrue(s.contains("Non-trainable params: 25,472"), s);
        assertArrayEquals(new int[] {-1, 28, 28, 1}, generator.outputs().get(0).shape());

        var img = Input.of(28, 28);
        var d = new Reshape(28, 28, 1).apply(img);
        d = new Dropout(0.3)
                .apply(new LeakyReLU()
                        .apply(Conv2D.builder(64, 5)
                                .strides(2)
                                .padding("same")
                                .build()
                                .apply(d)));
        d = new Dropout(0.3)
                .apply(new LeakyReLU()
                        .apply(Conv2D.builder(128, 5)
                                .strides(2)
                                .padding("same")
                                .build()
                                .apply(d)));
        var discriminator = new Model(img, new Dense(1).apply(new Flatten().apply(d)));
        assertEquals(212_865, discriminator.countParams());
        Tensor fake = generator.apply(Tensor.randn(2, 100), true).reshape(2, 28, 28);
        assertArrayEquals(new int[] {2, 1}, discriminator.apply(fake, true).dims());
    }
}
