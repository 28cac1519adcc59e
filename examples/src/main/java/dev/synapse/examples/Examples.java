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
            .add("mlp-by-hand", dev.synapse.examples.lightning.MlpByHand::main)
            .add("lightning-mlp", dev.synapse.examples.lightning.LightningMlp::main)
            .add("autoencoder-fc", dev.synapse.examples.lightning.FullyConnectedAutoencoder::main)
            .add("autoencoder-conv", dev.synapse.examples.lightning.ConvolutionalAutoencoder::main)
            .add("autoencoder-denoising", dev.synapse.examples.lightning.DenoisingAutoencoder::main)
            .add("autoencoder-sparse", dev.synapse.examples.lightning.SparseAutoencoder::main)
            .add("anomaly-detection", dev.synapse.examples.lightning.AnomalyDetection::main)
            .add("digits-mlp", dev.synapse.examples.digits.DigitsMlp::main)
            .add("mnist-cnn", dev.synapse.examples.cnn.MnistCnn::main)
            .add("fashion-exercise", dev.synapse.examples.cnn.FashionExercise::main)
            .add("spark-fashion", dev.synapse.examples.spark.SparkFashion::main)
            .add("keras-intro", dev.synapse.examples.kerasintro.KerasIntro::main)
            .add("autodiff", dev.synapse.examples.letters.Autodiff::main)
            .add("emnist-letters", dev.synapse.examples.letters.EmnistLetters::main)
            .add("transfer-learning", dev.synapse.examples.letters.TransferLearning::main)
            .add("autoencoder", dev.synapse.examples.letters.Autoencoder::main)
            .add("dcgan", dev.synapse.examples.letters.Dcgan::main);

    private Examples() {}

    public static void main(String[] args) {
        PROGRAMS.runAndExit(args);
    }
}
