package dev.synapse.examples;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code ./synapse example NAME [ARGS]}: runs one of the tutorials as a Java program. Each example
 * prints what its tutorial prints and writes its pictures under {@code out/NAME/} (or {@code --out DIR}).
 */
public final class Examples {
    private static final Map<String, Consumer<String[]>> EXAMPLES = new TreeMap<>();

    static {
        EXAMPLES.put("quickstart", Quickstart::main);
        EXAMPLES.put("mlp-by-hand", dev.synapse.examples.seed004.MlpByHand::main);
        EXAMPLES.put("lightning-mlp", dev.synapse.examples.seed004.LightningMlp::main);
        EXAMPLES.put("autoencoder-fc", dev.synapse.examples.seed004.FullyConnectedAutoencoder::main);
        EXAMPLES.put("autoencoder-conv", dev.synapse.examples.seed004.ConvolutionalAutoencoder::main);
        EXAMPLES.put("autoencoder-denoising", dev.synapse.examples.seed004.DenoisingAutoencoder::main);
        EXAMPLES.put("autoencoder-sparse", dev.synapse.examples.seed004.SparseAutoencoder::main);
        EXAMPLES.put("anomaly-detection", dev.synapse.examples.seed004.AnomalyDetection::main);
        EXAMPLES.put("digits-mlp", dev.synapse.examples.seed001.DigitsMlp::main);
        EXAMPLES.put("mnist-cnn", dev.synapse.examples.seed002.MnistCnn::main);
        EXAMPLES.put("fashion-exercise", dev.synapse.examples.seed002.FashionExercise::main);
        EXAMPLES.put("keras-intro", dev.synapse.examples.seed003.KerasIntro::main);
        EXAMPLES.put("autodiff", dev.synapse.examples.seed000.Autodiff::main);
        EXAMPLES.put("emnist-letters", dev.synapse.examples.seed000.EmnistLetters::main);
        EXAMPLES.put("transfer-learning", dev.synapse.examples.seed000.TransferLearning::main);
        EXAMPLES.put("autoencoder", dev.synapse.examples.seed000.Autoencoder::main);
        EXAMPLES.put("dcgan", dev.synapse.examples.seed000.Dcgan::main);
    }

    private Examples() {
    }

    public static void main(String[] args) {
        String name = args.length == 0 ? "list" : args[0];
        Consumer<String[]> example = EXAMPLES.get(name);
        if (example == null) {
            if (!name.equals("list")) {
                System.err.println("unknown example '" + name + "'");
            }
            System.out.println("examples: " + String.join(", ", EXAMPLES.keySet()));
            if (!name.equals("list")) {
                System.exit(2);
            }
            return;
        }
        example.accept(Arrays.copyOfRange(args, 1, args.length));
    }
}
