package dev.synapse.interop.onnx;

import dev.synapse.nn.ActivationFunction;
import java.util.List;

/** Synapse's activation functions as ONNX nodes ({@code keras.activations} by name). */
final class OnnxActivations {
    // SELU's constants as Synapse (and Keras, PyTorch) write them, not ONNX's float-rounded defaults.
    private static final double SELU_ALPHA = 1.6732632423543772;
    private static final double SELU_SCALE = 1.0507009873554805;

    private OnnxActivations() {}

    /**
     * {@code activation(x)}; softmax and log-softmax read the channels-last last axis, every other
     * activation is elementwise and keeps {@code x}'s layout.
     */
    static ExportedValue apply(OnnxGraphBuilder g, LayerCall c, ActivationFunction activation, ExportedValue x) {
        String n = c.name() + "/" + activation.name();
        List<String> in = List.of(x.name());
        String out = switch (activation.name()) {
            case "linear" -> null;
            case "relu" -> g.node("Relu", n, in);
            case "relu6" -> g.node("Clip", n, List.of(x.name(), g.scalar(n + "_min", 0), g.scalar(n + "_max", 6)));
            case "sigmoid" -> g.node("Sigmoid", n, in);
            case "tanh" -> g.node("Tanh", n, in);
            case "softmax", "log_softmax" -> {
                x = g.channelsLast(x);
                yield g.node(
                        activation.name().equals("softmax") ? "Softmax" : "LogSoftmax",
                        n,
                        List.of(x.name()),
                        EncodedAttribute.i("axis", -1));
            }
            case "leaky_relu" -> g.node("LeakyRelu", n, in, EncodedAttribute.f("alpha", 0.2));
            case "elu" -> g.node("Elu", n, in, EncodedAttribute.f("alpha", 1.0));
            case "selu" ->
                g.node("Selu", n, in, EncodedAttribute.f("alpha", SELU_ALPHA), EncodedAttribute.f("gamma", SELU_SCALE));
            case "gelu" -> gelu(g, n, x.name());
            case "swish" -> g.node("Mul", n, List.of(x.name(), g.node("Sigmoid", n + "_sigmoid", in)));
            case "softplus" -> g.node("Softplus", n, in);
            case "softsign" -> g.node("Softsign", n, in);
            // Keras 3: relu6(x + 3) / 6 = clip(x / 6 + 1/2, 0, 1).
            case "hard_sigmoid" ->
                g.node("HardSigmoid", n, in, EncodedAttribute.f("alpha", 1.0 / 6.0), EncodedAttribute.f("beta", 0.5));
            case "exponential" -> g.node("Exp", n, in);
            default ->
                throw c.unsupported("uses the activation '" + activation.name()
                        + "', a user function that ONNX export cannot translate");
        };
        return out == null ? x : new ExportedValue(out, x.rank(), x.elemType(), x.channelsFirst());
    }

    /** Exact GELU: ONNX's {@code Gelu} from opset 20, before it {@code x / 2 * (1 + erf(x / sqrt 2))}. */
    private static String gelu(OnnxGraphBuilder g, String n, String x) {
        if (g.opset() >= 20) {
            return g.node("Gelu", n, List.of(x));
        }
        String scaled = g.node("Mul", n + "_scaled", List.of(x, g.scalar(n + "_rsqrt2", Math.sqrt(0.5))));
        String erf = g.node("Erf", n + "_erf", List.of(scaled));
        String onePlus = g.node("Add", n + "_1p", List.of(erf, g.scalar(n + "_one", 1.0)));
        String half = g.node("Mul", n + "_half", List.of(x, g.scalar(n + "_onehalf", 0.5)));
        return g.node("Mul", n, List.of(half, onePlus));
    }

    /** The ONNX name of a recurrent layer's activation (an entry of the ONNX LSTM and GRU attribute of that name). */
    static String recurrent(LayerCall c, ActivationFunction activation) {
        return switch (activation.name()) {
            case "sigmoid" -> "Sigmoid";
            case "tanh" -> "Tanh";
            case "relu" -> "Relu";
            default ->
                throw c.unsupported("uses the recurrent activation '" + activation.name()
                        + "', which ONNX's LSTM and GRU do not offer (they take sigmoid, tanh or relu)");
        };
    }
}
