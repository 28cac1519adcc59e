package dev.synapse.interop.onnx;

import dev.synapse.io.ProtoWriter;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the nodes, weights ({@code initializer}s), inputs and outputs of one ONNX graph
 * ({@code GraphProto}), giving every tensor a unique name, and moves values between the channels-last
 * and channels-first layouts with one cached {@code Transpose} each.
 */
final class OnnxGraphBuilder {
    // TensorProto.DataType values.
    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;

    // GraphProto fields.
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;

    private final int opset;
    private final ProtoWriter nodes = new ProtoWriter();
    private final ProtoWriter initializers = new ProtoWriter();
    private final ProtoWriter inputs = new ProtoWriter();
    private final ProtoWriter outputs = new ProtoWriter();
    private final Set<String> names = new HashSet<>();
    private final Map<String, ExportedValue> converted = new HashMap<>();

    OnnxGraphBuilder(int opset) {
        this.opset = opset;
    }

    /** The operator set the nodes are written for. */
    int opset() {
        return opset;
    }

    /** A name not used yet, made from {@code hint}. */
    String fresh(String hint) {
        String base = hint.isEmpty() ? "t" : hint;
        String name = base;
        for (int k = 1; !names.add(name); k++) {
            name = base + "_" + k;
        }
        return name;
    }

    /** Reserves {@code name} exactly (a graph input or output), or fails if it is taken. */
    String reserve(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("ONNX export: the name '" + name + "' is used twice in the graph");
        }
        return name;
    }

    /** Adds a node with one output named after {@code hint}; returns the output's name. */
    String node(String op, String hint, List<String> in, EncodedAttribute... attributes) {
        String out = fresh(hint);
        node(op, in, List.of(out), attributes);
        return out;
    }

    /** Adds a node with the given outputs (an empty name leaves an optional input or output out). */
    void node(String op, List<String> in, List<String> out, EncodedAttribute... attributes) {
        ProtoWriter n = new ProtoWriter();
        for (String i : in) {
            n.string(1, i);
        }
        for (String o : out) {
            n.string(2, o);
        }
        n.string(3, fresh((out.isEmpty() || out.get(0).isEmpty() ? op : out.get(0)) + "/" + op));
        n.string(4, op);
        for (EncodedAttribute a : attributes) {
            n.message(5, a.proto());
        }
        nodes.message(GRAPH_NODE, n);
    }

    /** A float32 weight with the given dimensions; returns its name. */
    String floats(String hint, float[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) {
            b.putFloat(v);
        }
        return initializer(hint, FLOAT, b.array(), dims);
    }

    /** A float32 weight holding a tensor's values in its own (row-major) order. */
    String floats(String hint, Tensor t) {
        int[] shape = t.dims();
        long[] dims = new long[shape.length];
        for (int k = 0; k < dims.length; k++) {
            dims[k] = shape[k];
        }
        return floats(hint, t.contiguous().toFloatArray(), dims);
    }

    /** An int64 vector (shapes, axes, permutations). */
    String int64s(String hint, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return initializer(hint, INT64, b.array(), values.length);
    }

    /** A float32 scalar. */
    String scalar(String hint, double value) {
        return floats(hint, new float[] {(float) value});
    }

    private String initializer(String hint, int type, byte[] raw, long... dims) {
        String name = fresh(hint);
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, type).string(8, name).bytes(9, raw);
        initializers.message(GRAPH_INITIALIZER, t);
        return name;
    }

    /** Declares a graph input; {@code dims} uses -1 for the symbolic batch dimension. */
    void input(String name, int elemType, long[] dims) {
        inputs.message(GRAPH_INPUT, valueInfo(name, elemType, dims));
    }

    /** Declares a graph output. */
    void output(String name, int elemType, long[] dims) {
        outputs.message(GRAPH_OUTPUT, valueInfo(name, elemType, dims));
    }

    /** {@code ValueInfoProto}: name and tensor type; a negative dimension is the symbolic {@code batch}. */
    private static ProtoWriter valueInfo(String name, int elemType, long[] dims) {
        ProtoWriter shape = new ProtoWriter();
        for (int k = 0; k < dims.length; k++) {
            ProtoWriter dim = new ProtoWriter();
            if (dims[k] >= 0) {
                dim.varint(1, dims[k]);
            } else {
                dim.string(2, k == 0 ? "batch" : name + "_dim" + k);
            }
            shape.message(1, dim);
        }
        ProtoWriter tensor = new ProtoWriter().varint(1, elemType).message(2, shape);
        ProtoWriter type = new ProtoWriter().message(1, tensor);
        return new ProtoWriter().string(1, name).message(2, type);
    }

    /** {@code v} in Synapse's channels-last layout. */
    ExportedValue channelsLast(ExportedValue v) {
        if (!v.channelsFirst()) {
            return v;
        }
        return converted.computeIfAbsent(v.name(), k -> {
            String out = node(
                    "Transpose",
                    k + "_nhwc",
                    List.of(k),
                    EncodedAttribute.ints("perm", ExportedValue.toChannelsLast(v.rank())));
            return new ExportedValue(out, v.rank(), v.elemType(), false);
        });
    }

    /** {@code v} channels-first (ONNX's convolution layout); {@code v} must have rank 3 or more. */
    ExportedValue channelsFirst(ExportedValue v) {
        if (v.channelsFirst()) {
            return v;
        }
        if (v.rank() < 3) {
            throw new IllegalStateException("a value of rank " + v.rank() + " has no channels-first layout");
        }
        return converted.computeIfAbsent(v.name(), k -> {
            String out = node(
                    "Transpose",
                    k + "_nchw",
                    List.of(k),
                    EncodedAttribute.ints("perm", ExportedValue.toChannelsFirst(v.rank())));
            return new ExportedValue(out, v.rank(), v.elemType(), true);
        });
    }

    /** The ONNX element type of a Synapse dtype, or -1 when ONNX export does not write it. */
    static int elemType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> FLOAT;
            case INT32 -> INT32;
            case INT64 -> INT64;
            default -> -1;
        };
    }

    /** The finished {@code GraphProto}'s bytes. */
    byte[] toGraphBytes(String name) {
        ProtoWriter g = new ProtoWriter();
        g.string(GRAPH_NAME, name);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(nodes.toByteArray());
        all.writeBytes(g.toByteArray());
        all.writeBytes(initializers.toByteArray());
        all.writeBytes(inputs.toByteArray());
        all.writeBytes(outputs.toByteArray());
        return all.toByteArray();
    }
}
