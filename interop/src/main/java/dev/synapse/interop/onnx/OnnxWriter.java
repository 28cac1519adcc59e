package dev.synapse.interop.onnx;

import dev.synapse.io.AtomicFiles;
import dev.synapse.io.ProtoWriter;
import dev.synapse.nn.InputLayer;
import dev.synapse.nn.LayerNode;
import dev.synapse.nn.Model;
import dev.synapse.nn.SymbolicTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a functional or {@code Sequential} model as an ONNX {@code ModelProto}: the graph's inputs
 * keep Synapse's channels-last shapes, nested models are inlined, and each layer becomes the nodes its
 * converter writes ({@link OnnxLayers}).
 */
final class OnnxWriter {
    // ModelProto and OperatorSetIdProto fields.
    private static final int IR_VERSION = 1;
    private static final int PRODUCER_NAME = 2;
    private static final int PRODUCER_VERSION = 3;
    private static final int GRAPH = 7;
    private static final int OPSET_IMPORT = 8;

    private final OnnxExportOptions options;
    private final OnnxGraphBuilder graph;
    private final Map<SymbolicTensor, ExportedValue> values = new IdentityHashMap<>();

    OnnxWriter(OnnxExportOptions options) {
        this.options = options;
        this.graph = new OnnxGraphBuilder(options.opset());
    }

    /** The model's ONNX bytes. */
    byte[] toBytes(Model model) {
        List<SymbolicTensor> ins = model.inputs();
        if (!options.inputNames().isEmpty() && options.inputNames().size() != ins.size()) {
            throw new IllegalArgumentException(
                    "ONNX export: " + options.inputNames().size() + " input names " + options.inputNames()
                            + " given for a model with " + ins.size() + " inputs");
        }
        for (int i = 0; i < ins.size(); i++) {
            SymbolicTensor in = ins.get(i);
            String name = graph.reserve(
                    options.inputNames().isEmpty()
                            ? in.layer().name()
                            : options.inputNames().get(i));
            int type = OnnxGraphBuilder.elemType(in.dtype());
            if (type < 0) {
                throw new IllegalArgumentException("ONNX export: input '" + name + "' has dtype " + in.dtype()
                        + "; export writes float32 models, with int32 or int64 inputs for indices");
            }
            graph.input(name, type, dims(in.shape()));
            values.put(in, ExportedValue.of(name, in.rank(), type));
        }
        List<String> outNames = new ArrayList<>();
        for (SymbolicTensor out : model.outputs()) {
            outNames.add(outputName(out, outNames));
        }
        run(model);
        for (int k = 0; k < outNames.size(); k++) {
            SymbolicTensor out = model.outputs().get(k);
            ExportedValue v = graph.channelsLast(value(out, "the model output"));
            graph.node("Identity", List.of(v.name()), List.of(outNames.get(k)));
            graph.output(outNames.get(k), v.elemType(), dims(out.shape()));
        }
        ProtoWriter opset = new ProtoWriter().string(1, "").varint(2, options.opset());
        return new ProtoWriter()
                .varint(IR_VERSION, irVersion(options.opset()))
                .string(PRODUCER_NAME, "synapse")
                .string(PRODUCER_VERSION, "0.1")
                .bytes(GRAPH, graph.toGraphBytes(model.name()))
                .message(OPSET_IMPORT, opset)
                .toByteArray();
    }

    /** Writes the model to {@code file}, atomically. */
    void write(Model model, Path file) throws IOException {
        byte[] bytes = toBytes(model);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Converts the layer applications of {@code model}, inlining nested models. */
    private void run(Model model) {
        for (LayerNode node : model.graphNodes()) {
            List<ExportedValue> in = new ArrayList<>();
            List<int[]> inShapes = new ArrayList<>();
            for (SymbolicTensor t : node.inputs()) {
                in.add(value(t, "layer '" + node.layer().name() + "'"));
                inShapes.add(t.shape());
            }
            List<ExportedValue> out;
            if (node.layer() instanceof InputLayer) {
                continue;
            } else if (node.layer() instanceof Model inner) {
                out = inline(inner, in);
            } else {
                out = OnnxLayers.convert(graph, new LayerCall(node.layer(), in, inShapes));
            }
            for (int k = 0; k < node.outputs().size(); k++) {
                values.put(node.outputs().get(k), out.get(k));
            }
        }
    }

    private List<ExportedValue> inline(Model inner, List<ExportedValue> in) {
        List<SymbolicTensor> innerIns = inner.inputs();
        for (int k = 0; k < innerIns.size(); k++) {
            values.put(innerIns.get(k), in.get(k));
        }
        run(inner);
        List<ExportedValue> out = new ArrayList<>();
        for (SymbolicTensor t : inner.outputs()) {
            out.add(value(t, "the output of model '" + inner.name() + "'"));
        }
        return out;
    }

    /** The ONNX value computed for {@code t}, which {@code user} reads. */
    private ExportedValue value(SymbolicTensor t, String user) {
        ExportedValue v = values.get(t);
        if (v == null) {
            throw new IllegalStateException(
                    "ONNX export: " + t + ", read by " + user + ", is not computed by the model's graph");
        }
        return v;
    }

    /** The output's layer name, numbered when a layer gives several outputs, reserved in the graph. */
    private String outputName(SymbolicTensor out, List<String> taken) {
        String base = out.layer().name();
        String name = out.index() == 0 && !taken.contains(base) ? base : base + "_" + out.index();
        return graph.fresh(name);
    }

    private long[] dims(int[] shape) {
        long[] d = new long[shape.length];
        for (int k = 0; k < shape.length; k++) {
            d[k] = shape[k];
        }
        d[0] = options.dynamicBatch() ? -1 : options.batchSize();
        return d;
    }

    /** The IR version ONNX Runtime and onnx.checker expect with {@code opset}. */
    private static int irVersion(int opset) {
        return opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
    }
}
