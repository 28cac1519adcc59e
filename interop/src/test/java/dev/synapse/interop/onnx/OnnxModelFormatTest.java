package dev.synapse.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.SafeTensors;
import dev.synapse.nn.Model;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code Model.load} reads ONNX files once this module is on the class path. */
class OnnxModelFormatTest {
    @Test
    void anOnnxFileLoadsThroughModelLoadWithPyTorchsOutputs() throws IOException {
        Model model = Model.load(OnnxImporterTest.fixture("cnn.onnx"));
        Map<String, Tensor> io =
                SafeTensors.read(OnnxImporterTest.fixture("cnn.safetensors")).tensors();
        double worst = OnnxImporterTest.maxDifference(model.apply(io.get("input")), io.get("output"));
        assertTrue(worst <= 1e-4, "largest difference " + worst);
    }
}
