package dev.synapse.examples;

import dev.synapse.cli.Programs;

/**
 * {@code ./synapse example NAME [flags]}: runs one of the tutorials as a Java program. Each example
 * prints what its tutorial prints and writes its pictures under {@code out/NAME/} (or {@code --out DIR});
 * {@code ./synapse example NAME --help} lists its flags with their defaults.
 */
public final class Examples {
    /** Every example by name. */
    public static final Programs PROGRAMS = new Programs("./synapse example", "examples")
            .add("quickstart", Quickstart::main)
            .add("mlp-by-hand", dev.synapse.examples.seed004.MlpByHand::main)
            .add("lightning-mlp", dev.synapse.examples.seed004.LightningMlp::main)
            .add("autoencoder-fc", dev.synapse.examples.seed004.FullyConnectedAutoencoder::main)
            .add("autoencoder-conv", dev.synapse.examples.seed004.ConvolutionalAutoencoder::main)
            .add("autoencoder-denoising", dev.synapse.examples.seed004.DenoisingAutoencoder::main)
            .add("autoencoder-sparse", dev.synapse.examples.seed004.SparseAutoencoder::main)
            .add("anomaly-detection", dev.synapse.examples.seed004.AnomalyDetection::main)
            .add("digits-mlp", dev.synapse.examples.seed001.DigitsMlp::main)
            .add("mnist-cnn", dev.synapse.examples.seed002.MnistCnn::main)
            .add("fashion-exercise", dev.synapse.examples.seed002.FashionExercise::main)
            .add("keras-intro", dev.synapse.examples.seed003.KerasIntro::main)
            .add("autodiff", dev.synapse.examples.seed000.Autodiff::main)
            .add("emnist-letters", dev.synapse.examples.seed000.EmnistLetters::main)
            .add("transfer-learning", dev.synapse.examples.seed000.TransferLearning::main)
            .add("autoencoder", dev.synapse.examples.seed000.Autoencoder::main)
            .add("dcgan", dev.synapse.examples.seed000.Dcgan::main);

    private Examples() {}

    public static void main(String[] args) {
        PROGRAMS.runAndExit(args);
    }
}
