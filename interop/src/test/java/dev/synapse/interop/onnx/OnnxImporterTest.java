package dev.synapse.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.SafeTensors;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Model;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Divide;
import dev.synapse.nn.layers.Permute;
import dev.synapse.nn.layers.Rescaling;
import dev.synapse.nn.layers.UpSampling2D;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models exported by PyTorch ({@code make_fixtures.py} beside the fixtures, torch 2.13, opset 17)
 * give PyTorch's outputs once imported (gru_reset_before, a GRU PyTorch cannot export, is checked against
 * onnxruntime). The tolerance, 1e-5 absolute plus 1e-5 relative, is float32
 * rounding over sums of at most a few hundred products of values of order one; a wrong gate order,
 * kernel layout, padding or flatten order moves outputs by 1e-2 or more.
 */
class OnnxImporterTest {
    static Path fixture(String file) {
        try {
            return Path.of(OnnxImporterTest.class.getResource(file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static double maxDifference(Tensor got, Tensor want) {
        assertEquals(Arrays.toString(want.dims()), Arrays.toString(got.dims()), "output shape");
        double[] g = got.to(dev.synapse.tensor.DType.FLOAT64).toDoubleArray();
        double[] w = want.to(dev.synapse.tensor.DType.FLOAT64).toDoubleArray();
        double worst = 0;
        for (int i = 0; i < g.length; i++) {
            double d = Math.abs(g[i] - w[i]);
            assertTrue(d <= 1e-5 + 1e-5 * Math.abs(w[i]), "element " + i + ": got " + g[i] + ", PyTorch " + w[i]);
            worst = Math.max(worst, d);
        }
        return worst;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mlp",
                "matmul_add",
                "cnn",
                "conv_variants",
                "conv1d",
                "conv_transpose",
                "batchnorm",
                "padded_pools",
                "explicit_pad_pools",
                "ceil_pools",
                "lstm_bidirectional",
                "gru_bidirectional",
                "lstm",
                "lstm_sequence",
                "gru",
                "gru_reset_before",
                "embedding",
                "upsample",
                "branches",
                "arithmetic",
                "upsample_align_corners",
                "arithmetic_after_cropping"
            })
    void importedModelGivesPyTorchsOutputs(String name) throws IOException {
        Model model = OnnxImporter.load(fixture(name + ".onnx"));
        Map<String, Tensor> io =
                SafeTensors.read(fixture(name + ".safetensors")).tensors();
        Tensor out = model.apply(io.get("input"));
        double worst = maxDifference(out, io.get("output"));
        System.out.printf("%s: largest |Synapse - PyTorch| %.3g%n", name, worst);
    }

    @Test
    void imageModelsTakeNchwThroughChannelsFirstLayersWithoutPermutes() throws IOException {
        Model model = OnnxImporter.load(fixture("cnn.onnx"));
        List<Layer> layers = model.layers();
        long permutes = layers.stream().filter(l -> l instanceof Permute).count();
        // Convolutions and pooling are built channels-first, so Flatten sees [N, C, H, W] as PyTorch's does.
        assertEquals(0, permutes, layers.toString());
        assertTrue(
                layers.stream()
                        .filter(l -> l instanceof Conv2D || l instanceof dev.synapse.nn.layers.MaxPooling2D)
                        .allMatch(l -> "channels_first".equals(l.getConfig().get("data_format"))),
                layers.toString());
        assertEquals(
                List.of(1, 12, 12),
                Arrays.stream(model.inputs().get(0).shape()).boxed().toList().subList(1, 4));
        Conv2D conv = (Conv2D)
                layers.stream().filter(l -> l instanceof Conv2D).findFirst().orElseThrow();
        assertEquals(
                List.of(3, 3, 1, 4),
                Arrays.stream(conv.kernel().shape()).boxed().toList());
    }

    @Test
    void divAndConstantArithmeticBecomeDivideAndRescalingInTheConvolutionsLayout() throws IOException {
        Model model = OnnxImporter.load(fixture("arithmetic.onnx"));
        List<Layer> layers = model.layers();
        assertEquals(1, layers.stream().filter(l -> l instanceof Divide).count(), layers.toString());
        assertTrue(layers.stream().filter(l -> l instanceof Rescaling).count() >= 6, layers.toString());
        // The constants after the (channels-first) convolution apply in the file's layout: no Permute at all.
        assertEquals(0, layers.stream().filter(l -> l instanceof Permute).count(), layers.toString());
        Tensor x = SafeTensors.read(fixture("arithmetic.safetensors")).tensors().get("input");
        OrtCheck.check("arithmetic imported and exported again", model, x);
    }

    @Test
    void alignCornersBecomesUpSampling2DWithAlignedCornersAndExportsBack() throws IOException {
        Model model = OnnxImporter.load(fixture("upsample_align_corners.onnx"));
        List<UpSampling2D> ups = model.layers().stream()
                .filter(l -> l instanceof UpSampling2D)
                .map(l -> (UpSampling2D) l)
                .toList();
        assertEquals(2, ups.size(), model.layers().toString());
        assertTrue(ups.stream().allMatch(UpSampling2D::alignCorners), ups.toString());
        Tensor x = SafeTensors.read(fixture("upsample_align_corners.safetensors"))
                .tensors()
                .get("input");
        OrtCheck.check("upsample_align_corners imported and exported again", model, x);
    }

    @Test
    void aConstantAfterAChannelsLastLayerIsTransposedToItsLayout() throws IOException {
        // A padded ConvTranspose is cropped by Cropping2D, which is channels-last: the constant follows that layout.
        Model model = OnnxImporter.load(fixture("arithmetic_after_cropping.onnx"));
        List<Layer> layers = model.layers();
        assertTrue(layers.stream().anyMatch(l -> l instanceof dev.synapse.nn.layers.Cropping2D), layers.toString());
        Rescaling shift = (Rescaling) layers.stream()
                .filter(l -> l instanceof Rescaling r && r.offsetShape().length > 0)
                .findFirst()
                .orElseThrow();
        assertEquals(
                List.of(5, 7, 3), Arrays.stream(shift.offsetShape()).boxed().toList());
    }

    @Test
    void aConstantThatWouldWidenTheTensorOrAReciprocalIsListed() {
        OnnxUnsupportedException e = assertThrows(
                OnnxUnsupportedException.class, () -> OnnxImporter.build(arithmetic("Add", "x", "wide"), "wide"));
        assertTrue(e.getMessage().contains("does not broadcast into the model tensor [batch, 3]"), e.getMessage());
        e = assertThrows(
                OnnxUnsupportedException.class, () -> OnnxImporter.build(arithmetic("Div", "c", "x"), "reciprocal"));
        assertTrue(e.getMessage().contains("'n' (Div): a constant divided by a model tensor"), e.getMessage());
    }

    /** A graph of one binary node over the input {@code x} [batch, 3], a constant {@code c} [3] and {@code wide} [2, 3]. */
    private static OnnxGraph arithmetic(String op, String a, String b) {
        OnnxTensor c = new OnnxTensor("c", OnnxTensor.FLOAT, new long[] {3}, new float[] {1, 2, 3}, null);
        OnnxTensor wide = new OnnxTensor("wide", OnnxTensor.FLOAT, new long[] {2, 3}, new float[6], null);
        return new OnnxGraph(
                "g",
                List.of(new OnnxNode("n", op, "", List.of(a, b), List.of("y"), Map.of())),
                Map.of("c", c, "wide", wide),
                List.of(new OnnxValueInfo("x", OnnxTensor.FLOAT, new long[] {-1, 3})),
                List.of(new OnnxValueInfo("y", OnnxTensor.FLOAT, new long[] {-1, 3})),
                17);
    }

    @Test
    void aBidirectionalNodeBecomesOneBidirectionalLayer() throws IOException {
        for (String name : List.of("lstm_bidirectional", "gru_bidirectional")) {
            Model model = OnnxImporter.load(fixture(name + ".onnx"));
            List<Layer> layers = model.layers();
            assertEquals(
                    1,
                    layers.stream()
                            .filter(l -> l instanceof dev.synapse.nn.layers.Bidirectional)
                            .count(),
                    layers.toString());
            // Back out through the exporter: ONNX Runtime agrees with the imported model.
            Tensor x =
                    SafeTensors.read(fixture(name + ".safetensors")).tensors().get("input");
            OrtCheck.check(name + " imported and exported again", model, x);
        }
    }

    @Test
    void aModuleCalledTwiceStaysOneLayerSoFineTuningKeepsItTied() throws IOException {
        // upsample.onnx applies one nn.Conv2d to two branches: both Conv nodes read conv.weight.
        Model model = OnnxImporter.load(fixture("upsample.onnx"));
        List<Layer> convs =
                model.layers().stream().filter(l -> l instanceof Conv2D).toList();
        assertEquals(1, convs.size(), model.layers().toString());
        assertEquals(2, convs.get(0).inboundNodes().size());
    }

    @Test
    void fineTuningChangesTheWeightsAndLowersTheLoss() throws IOException {
        Model model = OnnxImporter.load(fixture("cnn.onnx"));
        Map<String, Tensor> io = SafeTensors.read(fixture("cnn.safetensors")).tensors();
        Tensor x = io.get("input");
        Tensor target = io.get("output").mul(0.5).add(1.0);
        Tensor before = model.getLayer(model.layers().size() - 1)
                .getWeights()
                .get(0)
                .detach()
                .contiguous();
        model.compile(new SGD(0.05), "mse");
        double first = model.evaluate(x, target).get("loss");
        for (int i = 0; i < 20; i++) {
            model.trainOnBatch(x, target);
        }
        double last = model.evaluate(x, target).get("loss");
        Tensor after = model.getLayer(model.layers().size() - 1).getWeights().get(0);
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
        assertNotEquals(
                Arrays.toString(before.toFloatArray()), Arrays.toString(after.toFloatArray()), "weights unchanged");
    }

    @Test
    void unsupportedOperatorsAreListedInOneError() {
        OnnxUnsupportedException e =
                assertThrows(OnnxUnsupportedException.class, () -> OnnxImporter.load(fixture("unsupported.onnx")));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("(CumSum): operator CumSum is not supported"), all);
        assertTrue(all.contains("(TopK): operator TopK is not supported"), all);
        assertTrue(all.contains("(Sin): operator Sin is not supported"), all);
        assertEquals(3, e.problems().size(), all);
        assertTrue(e.getMessage().contains("unsupported.onnx"), e.getMessage());
    }
}
