package dev.synapse.interop.onnx;

import java.util.List;

/**
 * How {@link Onnx#export(dev.synapse.nn.Model, java.nio.file.Path, OnnxExportOptions)} writes a model:
 * the operator set ({@code opset_version} of {@code torch.onnx.export}), the graph inputs' names
 * ({@code input_names}; empty: the model's input layers' names) and whether the batch dimension is
 * symbolic ({@code dynamic_axes={"input": {0: "batch"}}}) or fixed to {@code batchSize}.
 *
 * @param opset the ONNX operator set, {@value #MIN_OPSET} to {@value #MAX_OPSET}
 * @param inputNames one name per model input, or empty for the input layers' names
 * @param dynamicBatch whether the first dimension of every input and output is the symbol {@code batch}
 * @param batchSize the fixed batch size written when {@code dynamicBatch} is false
 */
public record OnnxExportOptions(int opset, List<String> inputNames, boolean dynamicBatch, int batchSize) {
    /** The oldest operator set written: 17, the first with {@code LayerNormalization}. */
    public static final int MIN_OPSET = 17;
    /** The newest operator set written. */
    public static final int MAX_OPSET = 21;

    /** Checks the options. */
    public OnnxExportOptions {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException(
                    "ONNX export: opset must be from " + MIN_OPSET + " to " + MAX_OPSET + ", got " + opset);
        }
        inputNames = List.copyOf(inputNames);
        if (!dynamicBatch && batchSize < 1) {
            throw new IllegalArgumentException("ONNX export: a fixed batch size must be at least 1, got " + batchSize);
        }
    }

    /** Opset 17, the input layers' names, a symbolic batch dimension. */
    public static OnnxExportOptions defaults() {
        return new OnnxExportOptions(MIN_OPSET, List.of(), true, 1);
    }

    /** These options with another operator set. */
    public OnnxExportOptions withOpset(int newOpset) {
        return new OnnxExportOptions(newOpset, inputNames, dynamicBatch, batchSize);
    }

    /** These options with the graph inputs named {@code names}, one per model input. */
    public OnnxExportOptions withInputNames(String... names) {
        return new OnnxExportOptions(opset, List.of(names), dynamicBatch, batchSize);
    }

    /** These options with a symbolic batch dimension. */
    public OnnxExportOptions withDynamicBatch() {
        return new OnnxExportOptions(opset, inputNames, true, batchSize);
    }

    /** These options with the batch dimension fixed to {@code size}. */
    public OnnxExportOptions withFixedBatch(int size) {
        return new OnnxExportOptions(opset, inputNames, false, size);
    }
}
