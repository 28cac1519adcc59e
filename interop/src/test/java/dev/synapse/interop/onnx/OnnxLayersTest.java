package dev.synapse.interop.onnx;

import static dev.synapse.interop.onnx.OrtCheck.check;
import static dev.synapse.interop.onnx.OrtCheck.input;
import static dev.synapse.interop.onnx.OrtCheck.randomized;

import dev.synapse.nn.Input;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Model;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Activation;
import dev.synapse.nn.layers.Add;
import dev.synapse.nn.layers.Average;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Concatenate;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Divide;
import dev.synapse.nn.layers.Dot;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.nn.layers.Embedding;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.GaussianNoise;
import dev.synapse.nn.layers.LayerNormalization;
import dev.synapse.nn.layers.LeakyReLU;
import dev.synapse.nn.layers.Maximum;
import dev.synapse.nn.layers.Minimum;
import dev.synapse.nn.layers.Multiply;
import dev.synapse.nn.layers.Permute;
import dev.synapse.nn.layers.RandomFlip;
import dev.synapse.nn.layers.ReLU;
import dev.synapse.nn.layers.Rescaling;
import dev.synapse.nn.layers.Reshape;
import dev.synapse.nn.layers.Softmax;
import dev.synapse.nn.layers.Subtract;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxLayersTest {

    @Test
    void denseOnMatricesAndSequences() {
        check("Dense", randomized(new Sequential(Input.of(6), new Dense(5, "relu"), new Dense(3)), 1), input(2, 4, 6));
        check(
                "Dense without bias on [batch, steps, features]",
                randomized(
                        new Sequential(
                                Input.of(3, 6), Dense.builder(4).useBias(false).build()),
                        3),
                input(4, 2, 3, 6));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "relu",
                "relu6",
                "sigmoid",
                "tanh",
                "softmax",
                "log_softmax",
                "leaky_relu",
                "elu",
                "selu",
                "gelu",
                "swish",
                "softplus",
                "softsign",
                "hard_sigmoid",
                "exponential"
            })
    void everyActivation(String name) {
        // Inputs in [-4, 4) reach the saturated and negative parts of every activation.
        Tensor x = input(5, 3, 7).mul(4.0);
        Model model = new Sequential(Input.of(7), new Activation(name));
        check("Activation " + name, model, x);
        check(
                "Activation " + name + " at opset 20",
                model,
                List.of(x),
                OnnxExportOptions.defaults().withOpset(20),
                OrtCheck.TOLERANCE);
    }

    @Test
    void reluVariantsLeakyReluAndSoftmax() {
        Tensor x = input(6, 3, 4, 5).mul(8.0);
        check("ReLU", new Sequential(Input.of(4, 5), new ReLU()), x);
        check("ReLU(max 6, slope 0.1)", new Sequential(Input.of(4, 5), new ReLU(6, 0.1, 0)), x);
        check(
                "ReLU(slope 0.2, threshold 0.5)",
                new Sequential(Input.of(4, 5), new ReLU(Double.POSITIVE_INFINITY, 0.2, 0.5)),
                x);
        check("LeakyReLU(0.3)", new Sequential(Input.of(4, 5), new LeakyReLU(0.3)), x);
        check("Softmax", new Sequential(Input.of(4, 5), new Softmax()), x);
        check("Softmax(axis 1)", new Sequential(Input.of(4, 5), new Softmax(1)), x);
    }

    @Test
    void trainingOnlyLayersAreTheIdentity() {
        Model model = randomized(
                new Sequential(
                        Input.of(4, 4, 2),
                        new RandomFlip(),
                        new Flatten(),
                        new Dense(6),
                        new Dropout(0.5),
                        new GaussianNoise(0.3),
                        new Dense(2)),
                7);
        check("Dropout, GaussianNoise and RandomFlip", model, input(8, 3, 4, 4, 2));
    }

    @Test
    void normalizationWithMovingStatistics() {
        check(
                "BatchNormalization on features",
                randomized(new Sequential(Input.of(5), new BatchNormalization(0.9, 1e-3)), 9),
                input(10, 4, 5));
        check(
                "BatchNormalization after a convolution",
                randomized(new Sequential(Input.of(5, 5, 2), new Conv2D(3, 3), new BatchNormalization()), 11),
                input(12, 2, 5, 5, 2));
        check(
                "BatchNormalization without centre and scale on [batch, steps, features]",
                randomized(new Sequential(Input.of(3, 4), new BatchNormalization(-1, 0.99, 0.01, false, false)), 13),
                input(14, 2, 3, 4));
        check(
                "LayerNormalization",
                randomized(new Sequential(Input.of(3, 6), new LayerNormalization(1e-3, true, true)), 15),
                input(16, 2, 3, 6));
    }

    @Test
    void flattenAfterConvolutionKeepsChannelsLastOrder() {
        // A channels-first flatten would permute the Dense layer's inputs; only Synapse's order matches.
        Model model = randomized(new Sequential(Input.of(4, 3, 2), new Conv2D(3, 2), new Flatten(), new Dense(4)), 17);
        check("Conv2D, Flatten, Dense", model, input(18, 2, 4, 3, 2));
    }

    @Test
    void reshapeAndPermute() {
        check("Reshape", new Sequential(Input.of(12), new Reshape(3, -1), new Dense(2)), input(19, 2, 12));
        check("Permute", new Sequential(Input.of(2, 3, 4), new Permute(3, 1, 2)), input(20, 2, 2, 3, 4));
        check(
                "Permute after a convolution",
                randomized(new Sequential(Input.of(4, 4, 2), new Conv2D(3, 3), new Permute(2, 3, 1)), 21),
                input(22, 2, 4, 4, 2));
    }

    @Test
    void merges() {
        List<Supplier<Layer>> merges = List.of(
                Add::new,
                Subtract::new,
                Multiply::new,
                Average::new,
                Maximum::new,
                Minimum::new,
                Concatenate::new,
                Divide::new);
        for (Supplier<Layer> make : merges) {
            SymbolicTensor a = Input.named("a", 3, 4);
            SymbolicTensor b = Input.named("b", 3, 4);
            Layer merge = make.get();
            Model model = new Model(List.of(a, b), merge.apply(a, b));
            check(
                    merge.className(),
                    model,
                    List.of(input(23, 2, 3, 4), input(24, 2, 3, 4)),
                    OnnxExportOptions.defaults(),
                    OrtCheck.TOLERANCE);
        }
    }

    @Test
    void rescalingByNumbersAndPerChannelArrays() {
        check("Rescaling(1/255)", new Sequential(Input.of(3, 4), new Rescaling(1 / 255.0)), input(70, 2, 3, 4));
        check("Rescaling(1, 0)", new Sequential(Input.of(3), new Rescaling(1.0)), input(71, 2, 3));
        // After a convolution the exporter holds the value channels-first; the per-channel constants are Synapse's.
        Tensor scale = Tensor.of(0.5, -2.0, 4.0);
        Tensor offset = Tensor.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0).reshape(2, 1, 3);
        check(
                "Rescaling per channel after a convolution",
                randomized(
                        new Sequential(
                                Input.of(4, 4, 2), new Conv2D(3, 3), new Rescaling(scale, offset), new Flatten()),
                        72),
                input(73, 2, 4, 4, 2));
    }

    @Test
    void dotProducts() {
        // {first shape, second shape, axes, normalize}: every pairing of the two non-batch axes of rank 3.
        int[][][] shapes = {
            {{4}, {4}}, {{3, 4}, {5, 4}}, {{3, 4}, {4, 5}}, {{4, 3}, {4, 5}}, {{4, 3}, {5, 4}}, {{3, 4}, {5, 4}}
        };
        int[][] axes = {{1, 1}, {2, 2}, {2, 1}, {1, 1}, {1, 2}, {-1, -1}};
        boolean[] normalize = {true, false, false, false, false, true};
        for (int i = 0; i < shapes.length; i++) {
            SymbolicTensor a = Input.named("a", shapes[i][0]);
            SymbolicTensor b = Input.named("b", shapes[i][1]);
            Model model = new Model(List.of(a, b), new Dot(axes[i][0], axes[i][1], normalize[i]).apply(a, b));
            int[] sa = new int[shapes[i][0].length + 1];
            int[] sb = new int[shapes[i][1].length + 1];
            sa[0] = 2;
            sb[0] = 2;
            System.arraycopy(shapes[i][0], 0, sa, 1, shapes[i][0].length);
            System.arraycopy(shapes[i][1], 0, sb, 1, shapes[i][1].length);
            check(
                    "Dot axes " + java.util.Arrays.toString(axes[i]) + (normalize[i] ? ", normalized" : ""),
                    model,
                    List.of(input(40 + i, sa), input(50 + i, sb)),
                    OnnxExportOptions.defaults(),
                    OrtCheck.TOLERANCE);
        }
    }

    @Test
    void timeDistributedDense() {
        check(
                "TimeDistributed(Dense)",
                randomized(
                        new Sequential(
                                Input.of(5, 3),
                                new dev.synapse.nn.layers.TimeDistributed(new Dense(4, "relu")),
                                new Dense(2)),
                        60),
                input(61, 2, 5, 3));
    }

    @Test
    void mergesOfConvolutionsKeepTheirAxes() {
        SymbolicTensor in = Input.of(5, 5, 2);
        SymbolicTensor c1 = new Conv2D(3, 3).apply(in);
        SymbolicTensor c2 = new Conv2D(3, 3).apply(in);
        SymbolicTensor sum = new Add().apply(c1, c2);
        SymbolicTensor channels = new Concatenate().apply(c1, sum);
        SymbolicTensor rows = new Concatenate(1).apply(channels, new Conv2D(6, 1).apply(c1));
        Model model = randomized(new Model(in, rows), 25);
        check("Add and Concatenate (channels, rows) of convolutions", model, input(26, 2, 5, 5, 2));
    }

    @Test
    void embeddingLooksUpIntegerIndices() {
        SymbolicTensor ids = Input.of(DType.INT32, 5);
        SymbolicTensor x = new Embedding(10, 4).apply(ids);
        x = new Flatten().apply(x);
        Model model = randomized(new Model(ids, new Dense(3).apply(x)), 27);
        java.util.SplittableRandom random = new java.util.SplittableRandom(28);
        int[] ids15 = new int[15];
        for (int i = 0; i < ids15.length; i++) {
            ids15[i] = random.nextInt(10);
        }
        Tensor indices = Tensor.wrap(ids15, 3, 5);
        check("Embedding", model, indices);
    }
}
