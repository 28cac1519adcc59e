package dev.synapse.interop.onnx;

import static dev.synapse.interop.onnx.OrtCheck.input;
import static dev.synapse.interop.onnx.OrtCheck.randomized;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.Lambda;
import dev.synapse.nn.layers.TimeDistributed;
import dev.synapse.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxTest {

    private static Model smallCnn() {
        return randomized(
                new Sequential(
                        Input.of(6, 6, 2),
                        Conv2D.builder(3, 3).padding("same").activation("relu").build(),
                        new Flatten(),
                        new Dense(4, "softmax")),
                300);
    }

    @Test
    void exportWritesAFileThatRunsAtAnyBatchSize(@TempDir Path dir) throws IOException {
        Model model = smallCnn();
        Path file = dir.resolve("model.onnx");
        Onnx.export(model, file);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new long[] {-1, 6, 6, 2}, OrtCheck.firstInputShape(bytes));
        // The file was written once; batches of 1, 3 and 8 all run in it.
        for (int batch : new int[] {1, 3, 8}) {
            OrtCheck.compare(
                    "small CNN, batch " + batch,
                    bytes,
                    model,
                    List.of(input(301 + batch, batch, 6, 6, 2)),
                    OnnxExportOptions.defaults(),
                    OrtCheck.TOLERANCE);
        }
    }

    @Test
    void fixedBatchAndInputNames() {
        Model model = smallCnn();
        OnnxExportOptions options =
                OnnxExportOptions.defaults().withFixedBatch(5).withInputNames("pixels");
        byte[] bytes = Onnx.toBytes(model, options);
        assertArrayEquals(new long[] {5, 6, 6, 2}, OrtCheck.firstInputShape(bytes));
        assertEquals(List.of("pixels"), OrtCheck.inputNames(bytes));
        OrtCheck.compare(
                "small CNN, fixed batch", bytes, model, List.of(input(310, 5, 6, 6, 2)), options, OrtCheck.TOLERANCE);
    }

    @Test
    void everyOpsetRuns() {
        for (int opset = OnnxExportOptions.MIN_OPSET; opset <= OnnxExportOptions.MAX_OPSET; opset++) {
            OrtCheck.check(
                    "small CNN at opset " + opset,
                    smallCnn(),
                    List.of(input(320, 2, 6, 6, 2)),
                    OnnxExportOptions.defaults().withOpset(opset),
                    OrtCheck.TOLERANCE);
        }
    }

    @Test
    void refusedOptions() {
        IllegalArgumentException opset = assertThrows(
                IllegalArgumentException.class,
                () -> OnnxExportOptions.defaults().withOpset(13));
        assertTrue(opset.getMessage().contains("13"), opset.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> OnnxExportOptions.defaults().withFixedBatch(0));
        IllegalArgumentException names = assertThrows(
                IllegalArgumentException.class,
                () -> Onnx.toBytes(smallCnn(), OnnxExportOptions.defaults().withInputNames("a", "b")));
        assertTrue(names.getMessage().contains("[a, b]"), names.getMessage());
        Model doubles = new Sequential(Input.of(DType.FLOAT64, 4), new Dense(2));
        IllegalArgumentException dtype =
                assertThrows(IllegalArgumentException.class, () -> Onnx.toBytes(doubles, OnnxExportOptions.defaults()));
        assertTrue(dtype.getMessage().contains("float64"), dtype.getMessage());
    }

    @Test
    void aLayerWithoutOnnxFormIsNamed(@TempDir Path dir) {
        SymbolicTensor in = Input.of(4);
        SymbolicTensor x = new Dense(3).apply(in);
        x = new Lambda(t -> t.mul(2.0)).named("doubling").apply(x);
        Model model = new Model(in, x);
        Path file = dir.resolve("lambda.onnx");
        UnsupportedOperationException e =
                assertThrows(UnsupportedOperationException.class, () -> Onnx.export(model, file));
        assertTrue(e.getMessage().contains("'doubling'") && e.getMessage().contains("Lambda"), e.getMessage());
        assertFalse(Files.exists(file), "nothing is written when export fails");

        Model wrapped = new Sequential(
                Input.of(3, 4, 2), new TimeDistributed(new dev.synapse.nn.layers.Conv1D(2, 1)).named("per_step"));
        UnsupportedOperationException r = assertThrows(
                UnsupportedOperationException.class, () -> Onnx.toBytes(wrapped, OnnxExportOptions.defaults()));
        assertTrue(r.getMessage().contains("'per_step'") && r.getMessage().contains("TimeDistributed"), r.getMessage());
    }

    @Test
    void aUserActivationIsNamed() {
        ActivationFunction cube =
                ActivationFunction.register("onnx_test_cube", t -> t.mul(t).mul(t));
        Model model = new Sequential(Input.of(4), new Dense(3, cube).named("cubed"));
        UnsupportedOperationException e = assertThrows(
                UnsupportedOperationException.class, () -> Onnx.toBytes(model, OnnxExportOptions.defaults()));
        assertTrue(e.getMessage().contains("'cubed'") && e.getMessage().contains("onnx_test_cube"), e.getMessage());
    }
}
