package dev.synapse.interop.onnx;

import dev.synapse.io.CorruptFileException;
import dev.synapse.io.ProtoReader;
import dev.synapse.io.ProtoReader.WireException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ONNX model file ({@code ModelProto}, as {@code onnx.load} does) into an {@link OnnxGraph},
 * written by hand against the protobuf wire format. The file is data: every length is checked against
 * the bytes left before anything is allocated, subgraphs nest at most {@value #MAX_DEPTH} deep, tensors
 * kept in external files are refused, and any malformed content is one {@link CorruptFileException}
 * naming the file and the entry (node, initializer, attribute, input).
 */
public final class OnnxReader {
    /** Protobuf's own limit: an ONNX file is at most 2 GiB. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8L;

    /** How deep graphs inside attributes (If, Loop bodies) may nest. */
    static final int MAX_DEPTH = 8;

    private static final int MAX_RANK = 64;

    private final String source;

    private OnnxReader(String source) {
        this.source = source;
    }

    /** Reads {@code file}; throws {@link CorruptFileException} naming it and the entry if it is malformed. */
    public static OnnxGraph read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new CorruptFileException(
                    file + ": " + size + " bytes, more than an ONNX file can hold (" + MAX_FILE_BYTES + ")");
        }
        return read(Files.readAllBytes(file), file.toString());
    }

    /** Reads a model held in memory; {@code source} names it in errors. */
    public static OnnxGraph read(byte[] bytes, String source) throws CorruptFileException {
        return new OnnxReader(source).model(new ProtoReader(bytes, 0, bytes.length));
    }

    private CorruptFileException corrupt(String entry, String message) {
        return new CorruptFileException(source + ": " + entry + ": " + message);
    }

    private OnnxGraph model(ProtoReader r) throws CorruptFileException {
        long opset = -1;
        OnnxGraph graph = null;
        try {
            while (r.hasMore()) {
                int tag = r.tag();
                switch (tag >>> 3) {
                    case 7 -> {
                        expect(tag, ProtoReader.LENGTH_DELIMITED, "graph");
                        graph = graph(r.nested(), 0);
                    }
                    case 8 -> {
                        expect(tag, ProtoReader.LENGTH_DELIMITED, "opset_import");
                        long v = opsetImport(r.nested());
                        opset = v < 0 ? opset : v;
                    }
                    default -> r.skip(tag);
                }
            }
        } catch (WireException e) {
            throw corrupt("model", e.reason());
        }
        if (graph == null) {
            throw corrupt("model", "no graph");
        }
        return new OnnxGraph(graph.name(), graph.nodes(), graph.initializers(), graph.inputs(), graph.outputs(), opset);
    }

    /** The version for the default domain, or -1 for another domain. */
    private static long opsetImport(ProtoReader r) throws WireException {
        String domain = "";
        long version = 0;
        while (r.hasMore()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1 -> domain = r.string();
                case 2 -> version = r.varint();
                default -> r.skip(tag);
            }
        }
        return domain.isEmpty() || domain.equals("ai.onnx") ? version : -1;
    }

    private static void expect(int tag, int wire, String field) throws WireException {
        if ((tag & 7) != wire) {
            throw new WireException("field " + field + " has wire type " + (tag & 7) + ", expected " + wire);
        }
    }

    private OnnxGraph graph(ProtoReader r, int depth) throws CorruptFileException, WireException {
        if (depth > MAX_DEPTH) {
            throw corrupt("graph", "subgraphs nest more than " + MAX_DEPTH + " deep");
        }
        String name = "";
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, OnnxTensor> inits = new LinkedHashMap<>();
        List<OnnxValueInfo> inputs = new ArrayList<>();
        List<OnnxValueInfo> outputs = new ArrayList<>();
        while (r.hasMore()) {
            int tag = r.tag();
            int field = tag >>> 3;
            if (field == 1 || field == 5 || field == 11 || field == 12) {
                expect(tag, ProtoReader.LENGTH_DELIMITED, "graph field " + field);
            }
            switch (field) {
                case 1 -> nodes.add(node(r.nested(), nodes.size(), depth));
                case 2 -> name = r.string();
                case 5 -> {
                    OnnxTensor t = tensor(r.nested(), "initializer " + inits.size());
                    if (inits.putIfAbsent(t.name(), t) != null) {
                        throw corrupt("initializer '" + t.name() + "'", "defined twice");
                    }
                }
                case 11 -> inputs.add(valueInfo(r.nested(), "input " + inputs.size()));
                case 12 -> outputs.add(valueInfo(r.nested(), "output " + outputs.size()));
                case 15 -> throw corrupt("graph '" + name + "'", "sparse initializers are not supported");
                default -> r.skip(tag);
            }
        }
        inputs.removeIf(v -> inits.containsKey(v.name()));
        return new OnnxGraph(name, List.copyOf(nodes), inits, List.copyOf(inputs), List.copyOf(outputs), -1);
    }

    private OnnxNode node(ProtoReader r, int index, int depth) throws CorruptFileException {
        String name = "";
        String op = "";
        String domain = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, OnnxAttribute> attrs = new LinkedHashMap<>();
        try {
            while (r.hasMore()) {
                int tag = r.tag();
                switch (tag >>> 3) {
                    case 1 -> inputs.add(r.string());
                    case 2 -> outputs.add(r.string());
                    case 3 -> name = r.string();
                    case 4 -> op = r.string();
                    case 7 -> domain = r.string();
                    case 5 -> {
                        expect(tag, ProtoReader.LENGTH_DELIMITED, "attribute");
                        OnnxAttribute a = attribute(r.nested(), depth, "node " + index + " '" + name + "'");
                        attrs.put(a.name(), a);
                    }
                    default -> r.skip(tag);
                }
            }
        } catch (WireException e) {
            throw corrupt("node " + index + (name.isEmpty() ? "" : " '" + name + "'"), e.reason());
        }
        if (op.isEmpty()) {
            throw corrupt("node " + index + (name.isEmpty() ? "" : " '" + name + "'"), "no op_type");
        }
        return new OnnxNode(name, op, domain, List.copyOf(inputs), List.copyOf(outputs), attrs);
    }

    private OnnxAttribute attribute(ProtoReader r, int depth, String owner) throws CorruptFileException {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        String s = "";
        OnnxTensor t = null;
        OnnxGraph g = null;
        FloatList floats = new FloatList();
        LongList ints = new LongList();
        List<String> strings = new ArrayList<>();
        try {
            while (r.hasMore()) {
                int tag = r.tag();
                switch (tag >>> 3) {
                    case 1 -> name = r.string();
                    case 20 -> type = (int) r.varint();
                    case 2 -> f = Float.intBitsToFloat(r.fixed32());
                    case 3 -> i = r.varint();
                    case 4 -> s = r.string();
                    case 5 -> t = tensor(r.nested(), owner + " attribute '" + name + "'");
                    case 6 -> g = graph(r.nested(), depth + 1);
                    case 7 -> floats.read(r, tag);
                    case 8 -> ints.read(r, tag);
                    case 9 -> strings.add(r.string());
                    case 10, 11, 22, 23 -> throw new WireException("lists of tensors or graphs are not supported");
                    default -> r.skip(tag);
                }
            }
        } catch (WireException e) {
            throw corrupt(owner + " attribute '" + name + "'", e.reason());
        }
        return new OnnxAttribute(name, type, f, i, s, t, g, floats.toArray(), ints.toArray(), List.copyOf(strings));
    }

    private OnnxValueInfo valueInfo(ProtoReader r, String entry) throws CorruptFileException {
        String name = "";
        int elem = 0;
        long[] dims = null;
        try {
            while (r.hasMore()) {
                int tag = r.tag();
                if (tag >>> 3 == 1) {
                    name = r.string();
                } else if (tag >>> 3 == 2 && (tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                    ProtoReader type = r.nested();
                    while (type.hasMore()) {
                        int tt = type.tag();
                        if (tt >>> 3 == 1 && (tt & 7) == ProtoReader.LENGTH_DELIMITED) {
                            ProtoReader tensorType = type.nested();
                            while (tensorType.hasMore()) {
                                int t3 = tensorType.tag();
                                if (t3 >>> 3 == 1) {
                                    elem = (int) tensorType.varint();
                                } else if (t3 >>> 3 == 2 && (t3 & 7) == ProtoReader.LENGTH_DELIMITED) {
                                    dims = shape(tensorType.nested());
                                } else {
                                    tensorType.skip(t3);
                                }
                            }
                        } else {
                            type.skip(tt);
                        }
                    }
                } else {
                    r.skip(tag);
                }
            }
        } catch (WireException e) {
            throw corrupt(entry + (name.isEmpty() ? "" : " '" + name + "'"), e.reason());
        }
        return new OnnxValueInfo(name, elem, dims);
    }

    private static long[] shape(ProtoReader r) throws WireException {
        LongList dims = new LongList();
        while (r.hasMore()) {
            int tag = r.tag();
            if (tag >>> 3 == 1 && (tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                ProtoReader dim = r.nested();
                long value = -1;
                while (dim.hasMore()) {
                    int dt = dim.tag();
                    if (dt >>> 3 == 1 && (dt & 7) == ProtoReader.VARINT) {
                        value = dim.varint();
                    } else {
                        dim.skip(dt);
                    }
                }
                if (value < -1 || value > Integer.MAX_VALUE) {
                    throw new WireException("dim " + value + " out of range");
                }
                if (dims.size >= MAX_RANK) {
                    throw new WireException("more than " + MAX_RANK + " dims");
                }
                dims.add(value);
            } else {
                r.skip(tag);
            }
        }
        return dims.toArray();
    }

    private OnnxTensor tensor(ProtoReader r, String entry) throws CorruptFileException {
        String name = "";
        int type = 0;
        LongList dims = new LongList();
        byte[] raw = null;
        FloatList floatData = new FloatList();
        LongList intData = new LongList();
        LongList int64Data = new LongList();
        LongList doubleBits = new LongList();
        boolean external = false;
        try {
            while (r.hasMore()) {
                int tag = r.tag();
                switch (tag >>> 3) {
                    case 1 -> dims.read(r, tag);
                    case 2 -> type = (int) r.varint();
                    case 4 -> floatData.read(r, tag);
                    case 5 -> intData.read(r, tag);
                    case 7 -> int64Data.read(r, tag);
                    case 8 -> name = r.string();
                    case 9 -> raw = r.bytes();
                    case 10 -> doubleBits.readFixed64(r, tag);
                    case 13 -> {
                        external = true;
                        r.skip(tag);
                    }
                    case 14 -> external |= r.varint() == 1;
                    default -> r.skip(tag);
                }
            }
        } catch (WireException e) {
            throw corrupt(entry + (name.isEmpty() ? "" : " '" + name + "'"), e.reason());
        }
        String where = entry.startsWith("initializer") && !name.isEmpty() ? "initializer '" + name + "'" : entry;
        if (external) {
            throw corrupt(
                    where,
                    "its data lies in an external file, which Synapse does not read; save the model"
                            + " with onnx.save(model, path, save_as_external_data=False)");
        }
        long[] d = dims.toArray();
        long count = 1;
        for (long x : d) {
            if (x < 0 || x > Integer.MAX_VALUE) {
                throw corrupt(where, "dim " + x + " out of range in " + Arrays.toString(d));
            }
            count *= x;
            if (count > Integer.MAX_VALUE) {
                throw corrupt(where, "dims " + Arrays.toString(d) + " hold more than 2^31 elements");
            }
        }
        if (d.length > MAX_RANK) {
            throw corrupt(where, "rank " + d.length + " exceeds " + MAX_RANK);
        }
        int n = (int) count;
        int width = elementBytes(type);
        if (width == 0) {
            return new OnnxTensor(name, type, d, null, null);
        }
        if (raw != null) {
            if ((long) n * width != raw.length) {
                throw corrupt(
                        where,
                        "raw_data holds " + raw.length + " bytes, but dims " + Arrays.toString(d) + " of type " + type
                                + " need " + (long) n * width);
            }
            return fromRaw(name, type, d, n, ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN));
        }
        int stored = switch (type) {
            case OnnxTensor.FLOAT -> floatData.size;
            case OnnxTensor.INT64 -> int64Data.size;
            case OnnxTensor.DOUBLE -> doubleBits.size;
            default -> intData.size;
        };
        if (stored != n) {
            throw corrupt(where, "holds " + stored + " values, but dims " + Arrays.toString(d) + " need " + n);
        }
        return switch (type) {
            case OnnxTensor.FLOAT -> new OnnxTensor(name, type, d, floatData.toArray(), null);
            case OnnxTensor.DOUBLE -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) Double.longBitsToDouble(doubleBits.values[i]);
                }
                yield new OnnxTensor(name, type, d, f, null);
            }
            case OnnxTensor.FLOAT16, OnnxTensor.BFLOAT16 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = half(type, (short) intData.values[i]);
                }
                yield new OnnxTensor(name, type, d, f, null);
            }
            case OnnxTensor.INT64 -> new OnnxTensor(name, type, d, null, int64Data.toArray());
            default -> new OnnxTensor(name, type, d, null, intData.toArray());
        };
    }

    private static OnnxTensor fromRaw(String name, int type, long[] d, int n, ByteBuffer b) {
        switch (type) {
            case OnnxTensor.FLOAT, OnnxTensor.DOUBLE, OnnxTensor.FLOAT16, OnnxTensor.BFLOAT16 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = switch (type) {
                        case OnnxTensor.FLOAT -> b.getFloat();
                        case OnnxTensor.DOUBLE -> (float) b.getDouble();
                        default -> half(type, b.getShort());
                    };
                }
                return new OnnxTensor(name, type, d, f, null);
            }
            default -> {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = switch (type) {
                        case OnnxTensor.INT64 -> b.getLong();
                        case OnnxTensor.INT32 -> b.getInt();
                        case OnnxTensor.INT16 -> b.getShort();
                        case OnnxTensor.UINT16 -> b.getShort() & 0xffff;
                        case OnnxTensor.INT8 -> b.get();
                        default -> b.get() & 0xff;
                    };
                }
                return new OnnxTensor(name, type, d, null, l);
            }
        }
    }

    private static float half(int type, short bits) {
        return type == OnnxTensor.FLOAT16 ? Float.float16ToFloat(bits) : Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** Bytes per element in raw_data, or 0 for a type Synapse does not read. */
    private static int elementBytes(int type) {
        return switch (type) {
            case OnnxTensor.FLOAT, OnnxTensor.INT32 -> 4;
            case OnnxTensor.DOUBLE, OnnxTensor.INT64 -> 8;
            case OnnxTensor.FLOAT16, OnnxTensor.BFLOAT16, OnnxTensor.INT16, OnnxTensor.UINT16 -> 2;
            case OnnxTensor.INT8, OnnxTensor.UINT8, OnnxTensor.BOOL -> 1;
            default -> 0;
        };
    }

    /** A growable long array filled from a repeated field, packed or not; its size is bounded by the bytes read. */
    private static final class LongList {
        long[] values = new long[8];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void read(ProtoReader r, int tag) throws WireException {
            if ((tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                ProtoReader p = r.nested();
                while (p.hasMore()) {
                    add(p.varint());
                }
            } else if ((tag & 7) == ProtoReader.VARINT) {
                add(r.varint());
            } else {
                throw new WireException("an integer list has wire type " + (tag & 7));
            }
        }

        void readFixed64(ProtoReader r, int tag) throws WireException {
            if ((tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                ProtoReader p = r.nested();
                while (p.hasMore()) {
                    add(p.fixed64());
                }
            } else if ((tag & 7) == ProtoReader.FIXED64) {
                add(r.fixed64());
            } else {
                throw new WireException("a double list has wire type " + (tag & 7));
            }
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable float array filled from a repeated float field, packed or not. */
    private static final class FloatList {
        float[] values = new float[8];
        int size;

        void read(ProtoReader r, int tag) throws WireException {
            if ((tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                ProtoReader p = r.nested();
                while (p.hasMore()) {
                    add(Float.intBitsToFloat(p.fixed32()));
                }
            } else if ((tag & 7) == ProtoReader.FIXED32) {
                add(Float.intBitsToFloat(r.fixed32()));
            } else {
                throw new WireException("a float list has wire type " + (tag & 7));
            }
        }

        private void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
