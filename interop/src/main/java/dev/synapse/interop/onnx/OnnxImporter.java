package dev.synapse.interop.onnx;

import dev.synapse.interop.onnx.OnnxValue.Const;
import dev.synapse.interop.onnx.OnnxValue.Layout;
import dev.synapse.interop.onnx.OnnxValue.Missing;
import dev.synapse.interop.onnx.OnnxValue.Sym;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.tensor.DType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds a trainable Synapse {@link Model} from an ONNX file (PyTorch's {@code torch.onnx.export};
 * the reverse of exporting, as {@code onnx2keras} or {@code onnx2torch} do). The model's layers carry
 * the file's weights, so {@code fit} fine-tunes it.
 *
 * <p>The imported model takes and returns tensors in the ONNX graph's layout: images NCHW as PyTorch
 * has them. Convolutions, pooling, batch normalization and upsampling are built channels-first
 * ({@code data_format="channels_first"}, BatchNormalization over axis 1), so a PyTorch CNN imports layer for
 * layer without a {@code Permute} and its {@code Flatten} keeps PyTorch's order; a layer that has no
 * channels-first variant ({@code Cropping2D} after a padded ConvTranspose) gets a {@code Permute} to NHWC, and
 * one back where the graph needs the ONNX order again.
 * Weights are converted: convolution kernels OIHW to HWIO, {@code Gemm}'s transposed B to Dense's
 * {@code [in, out]}, LSTM gates i,o,f,c to Keras's i,f,c,o with the two biases summed, GRU biases kept
 * apart ({@code linear_before_reset=1} is Keras's {@code reset_after=True}).
 *
 * <p>Imported operators: Gemm, MatMul (with a following bias Add), Conv (1-D, 2-D; strides, dilations,
 * groups, and explicit pads as "same", "valid" or zero padding), ConvTranspose, MaxPool, AveragePool,
 * GlobalAveragePool, GlobalMaxPool, BatchNormalization (inference statistics), Relu, LeakyRelu,
 * Sigmoid, Tanh, Elu, Selu, Softplus, Softsign, Exp, Clip (relu/relu6), Softmax, LogSoftmax, Dropout,
 * Identity, Flatten, Reshape (constant or computed shape), Transpose, Squeeze, Unsqueeze, Concat, Add,
 * Sub, Mul, Div (of model tensors, or with a constant as {@code Rescaling}), Sum, Mean, Max, Min, Gather (Embedding, one time step, shapes), LSTM and GRU (forward,
 * zero initial state), Resize and Upsample (integer factors, nearest or bilinear), with Constant,
 * Shape and ConstantOfShape evaluated while importing. Anything else fails with one
 * {@link OnnxUnsupportedException} listing every node that cannot be imported.
 */
public final class OnnxImporter {
    private static final Map<String, OnnxOpImport> OPS = new HashMap<>();

    static {
        OnnxDenseImport.register(OPS);
        OnnxConvImport.register(OPS);
        OnnxPoolImport.register(OPS);
        OnnxRecurrentImport.register(OPS);
        OnnxShapeImport.register(OPS);
        OnnxElementwiseImport.register(OPS);
        OnnxResizeImport.register(OPS);
    }

    private OnnxImporter() {}

    /**
     * Reads {@code file} and builds its model.
     *
     * @throws dev.synapse.io.CorruptFileException when the file is malformed, naming it and the entry
     * @throws OnnxUnsupportedException listing every node Synapse cannot import
     */
    public static Model load(Path file) throws IOException {
        return build(OnnxReader.read(file), file.toString());
    }

    /** Builds the model of a graph already read; {@code source} names it in errors. */
    public static Model build(OnnxGraph graph, String source) throws OnnxUnsupportedException {
        OnnxImportContext ctx = new OnnxImportContext(graph);
        List<String> problems = new ArrayList<>();
        List<SymbolicTensor> inputs = new ArrayList<>();
        for (OnnxValueInfo in : graph.inputs()) {
            SymbolicTensor t = input(in, problems);
            if (t != null) {
                inputs.add(t);
                ctx.put(in.name(), new Sym(t, Layout.SAME));
            } else {
                ctx.put(in.name(), new Missing());
            }
        }
        for (OnnxNode node : graph.nodes()) {
            if (ctx.isFused(node)) {
                continue;
            }
            if (skipped(node, ctx)) {
                node.outputs().forEach(o -> ctx.put(o, new Missing()));
                continue;
            }
            OnnxOpImport op =
                    node.domain().isEmpty() || node.domain().equals("ai.onnx") ? OPS.get(node.opType()) : null;
            try {
                if (op == null) {
                    String domain = node.domain().isEmpty() ? "" : " of domain " + node.domain();
                    throw new OnnxImportContext.Unsupported("operator " + node.opType() + domain + " is not supported");
                }
                if (node.outputs().isEmpty() || node.outputs().get(0).isEmpty()) {
                    throw new OnnxImportContext.Unsupported("the node has no output");
                }
                op.convert(node, ctx);
                for (String o : node.outputs()) {
                    if (ctx.isUsed(o) && ctx.valueOrNull(o) == null) {
                        throw new OnnxImportContext.Unsupported("output '" + o + "' is used but not imported");
                    }
                }
            } catch (OnnxImportContext.Unsupported e) {
                problems.add("node " + node.describe() + ": " + e.getMessage());
                node.outputs().forEach(o -> ctx.put(o, new Missing()));
            } catch (IllegalArgumentException e) {
                // A layer refused the values the node gave it (shapes that do not fit together).
                problems.add("node " + node.describe() + ": " + String.valueOf(e.getMessage()));
                node.outputs().forEach(o -> ctx.put(o, new Missing()));
            }
        }
        List<SymbolicTensor> outputs = new ArrayList<>();
        for (OnnxValueInfo out : graph.outputs()) {
            OnnxValue v = ctx.valueOrNull(out.name());
            if (v instanceof Sym s) {
                try {
                    outputs.add(s.layout() == Layout.CHANNELS_LAST ? ctx.as(s, Layout.SAME) : s.tensor());
                    if (s.layout() != Layout.SAME && s.layout() != Layout.CHANNELS_LAST) {
                        problems.add("graph output '" + out.name() + "': its layout " + s.layout()
                                + " has no Synapse equivalent");
                    }
                } catch (OnnxImportContext.Unsupported e) {
                    problems.add("graph output '" + out.name() + "': " + e.getMessage());
                }
            } else if (v == null || v instanceof Const) {
                problems.add("graph output '" + out.name() + "': "
                        + (v == null ? "no node computes it" : "it is a constant, not computed from the inputs"));
            }
        }
        if (inputs.isEmpty() && problems.isEmpty()) {
            problems.add("graph: it has no inputs besides its initializers");
        }
        if (graph.outputs().isEmpty()) {
            problems.add("graph: it has no outputs");
        }
        if (!problems.isEmpty()) {
            throw new OnnxUnsupportedException(source, problems);
        }
        try {
            return new Model(inputs, outputs);
        } catch (IllegalArgumentException e) {
            // Inputs no output depends on, for one.
            throw new OnnxUnsupportedException(source, List.of("graph: " + e.getMessage()));
        }
    }

    /** A node whose inputs were not imported is skipped: its cause is already listed. */
    private static boolean skipped(OnnxNode node, OnnxImportContext ctx) {
        for (String in : node.inputs()) {
            if (ctx.valueOrNull(in) instanceof Missing) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable SymbolicTensor input(OnnxValueInfo in, List<String> problems) {
        long[] dims = in.dims();
        if (dims == null || dims.length == 0) {
            problems.add("graph input '" + in.name() + "': needs a shape with a batch axis, got "
                    + (dims == null ? "none" : "a scalar"));
            return null;
        }
        int[] perSample = new int[dims.length - 1];
        for (int i = 1; i < dims.length; i++) {
            perSample[i - 1] = (int) dims[i];
        }
        DType dtype = switch (in.elemType()) {
            case OnnxTensor.FLOAT, OnnxTensor.DOUBLE, OnnxTensor.FLOAT16, OnnxTensor.BFLOAT16 -> DType.FLOAT32;
            case OnnxTensor.INT64 -> DType.INT64;
            case OnnxTensor.INT32 -> DType.INT32;
            default -> null;
        };
        if (dtype == null) {
            problems.add("graph input '" + in.name() + "': element type " + in.elemType() + " is not supported");
            return null;
        }
        return Input.of(dtype, perSample);
    }
}
