package dev.synapse.interop.onnx;

import dev.synapse.nn.Model;
import java.io.IOException;
import java.nio.file.Path;

/**
 * ONNX files: export of functional and {@code Sequential} models for inference (PyTorch's
 * {@code torch.onnx.export(model, args, path)}, {@code tf2onnx.convert.from_keras}): the graph takes
 * and returns Synapse's shapes (channels-last pictures) with a symbolic batch dimension, and runs in
 * ONNX Runtime and any other ONNX inference engine. Layers built with {@code data_format="channels_first"} (a
 * PyTorch port in {@code [N, C, ...]}, BatchNormalization over axis 1) are written in that layout, ONNX's own, with
 * no transpose; channels-last ones are transposed to it and back, each value at most once each way.
 *
 * <p>Layers written: Dense; Conv1D, Conv2D (any padding, strides, dilation, groups) and
 * Conv2DTranspose; max and average pooling, 1-D and 2-D, and their global forms; BatchNormalization
 * (its moving statistics) and LayerNormalization; Activation, ReLU, LeakyReLU and Softmax and every
 * built-in activation; Flatten, Reshape and Permute; Concatenate, Add, Subtract, Multiply, Average,
 * Maximum and Minimum; Dot (rank 2 and 3, normalized or not); Embedding; TimeDistributed(Dense) over sequences; LSTM, GRU and SimpleRNN, and their Bidirectional (two recurrent nodes and a
 * merge); RepeatVector; UpSampling2D (nearest and
 * bilinear, with PyTorch's align_corners too), ZeroPadding2D and Cropping2D; nested models.
 * Dropout, GaussianNoise and the random image augmentations are the identity in inference and write
 * nothing. Any other layer, a Lambda or a user activation is an {@link UnsupportedOperationException}
 * naming the layer and its type. Weights are written as float32. {@link #load} imports a file (see
 * {@link OnnxImporter}).
 */
public final class Onnx {
    private Onnx() {}

    /** Writes {@code model} to {@code file} with {@link OnnxExportOptions#defaults()} (opset 17, dynamic batch). */
    public static void export(Model model, Path file) throws IOException {
        export(model, file, OnnxExportOptions.defaults());
    }

    /**
     * Writes {@code model} to {@code file} (atomically: an interrupted export leaves the old file) with
     * the given operator set, input names and batch dimension.
     */
    public static void export(Model model, Path file, OnnxExportOptions options) throws IOException {
        new OnnxWriter(options).write(model, file);
    }

    /** The ONNX bytes {@link #export(Model, Path, OnnxExportOptions)} would write. */
    public static byte[] toBytes(Model model, OnnxExportOptions options) {
        return new OnnxWriter(options).toBytes(model);
    }

    /**
     * Reads an ONNX file and builds a trainable model from it ({@code onnx.load} then a conversion, as
     * {@code onnx2torch}); see {@link OnnxImporter#load}: the model takes the file's own layout (NCHW pictures for a
     * PyTorch export).
     *
     * @throws dev.synapse.io.CorruptFileException when the file is malformed, naming it and the entry
     * @throws OnnxUnsupportedException listing every node Synapse cannot import
     */
    public static Model load(Path file) throws IOException {
        return OnnxImporter.load(file);
    }
}
