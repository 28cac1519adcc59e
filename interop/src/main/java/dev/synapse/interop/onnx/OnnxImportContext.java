package dev.synapse.interop.onnx;

import dev.synapse.interop.onnx.OnnxValue.Const;
import dev.synapse.interop.onnx.OnnxValue.Layout;
import dev.synapse.interop.onnx.OnnxValue.Missing;
import dev.synapse.interop.onnx.OnnxValue.Sym;
import dev.synapse.nn.Layer;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Permute;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The state of one graph conversion: what each ONNX value became, the layout conversions already
 * made (so a value permuted twice reuses one {@code Permute}), layers shared by nodes that use the
 * same weights, and the nodes fused into an earlier one.
 */
final class OnnxImportContext {
    /** Stands for the batch size in shapes computed while importing ({@code Shape} of a model tensor). */
    static final long BATCH = Long.MIN_VALUE;

    /** A node (or one of its attribute values) Synapse cannot import; the message says what and why. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        private final String reason;

        Unsupported(String reason) {
            super(reason);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private final OnnxGraph graph;
    private final Map<String, OnnxValue> values = new HashMap<>();
    private final Map<String, List<OnnxNode>> consumers = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final Map<SymbolicTensor, Map<Layout, SymbolicTensor>> layouts = new IdentityHashMap<>();
    private final Map<String, Layer> shared = new HashMap<>();
    private final Set<OnnxNode> fused = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    OnnxImportContext(OnnxGraph graph) {
        this.graph = graph;
        for (OnnxNode n : graph.nodes()) {
            for (String in : n.inputs()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
        }
        for (OnnxValueInfo o : graph.outputs()) {
            graphOutputs.add(o.name());
        }
        graph.initializers().forEach((name, t) -> values.put(name, new Const(t)));
    }

    long opset() {
        return graph.opset();
    }

    void put(String name, OnnxValue v) {
        if (!name.isEmpty()) {
            values.put(name, v);
        }
    }

    void putSym(OnnxNode n, int output, SymbolicTensor t, Layout layout) {
        put(n.outputs().get(output), new Sym(t, layout));
    }

    @Nullable
    OnnxValue valueOrNull(String name) {
        return values.get(name);
    }

    OnnxValue value(OnnxNode n, int i) throws Unsupported {
        String name = n.input(i);
        if (name.isEmpty()) {
            throw new Unsupported("input " + i + " is required");
        }
        OnnxValue v = values.get(name);
        if (v == null) {
            throw new Unsupported("input '" + name + "' is not computed by any earlier node");
        }
        return v;
    }

    Sym sym(OnnxNode n, int i) throws Unsupported {
        OnnxValue v = value(n, i);
        if (v instanceof Sym s) {
            return s;
        }
        throw new Unsupported("input '" + n.input(i) + "' must be computed by the model, not a constant");
    }

    OnnxTensor constant(OnnxNode n, int i) throws Unsupported {
        OnnxValue v = value(n, i);
        if (v instanceof Const c && (c.tensor().floats() != null || c.tensor().longs() != null)) {
            return c.tensor();
        }
        throw new Unsupported("input '" + n.input(i) + "' must be a constant of a numeric type (an initializer or"
                + " a Constant), got " + describe(v));
    }

    @Nullable
    OnnxTensor optionalConstant(OnnxNode n, int i) throws Unsupported {
        return n.input(i).isEmpty() ? null : constant(n, i);
    }

    private static String describe(OnnxValue v) {
        return switch (v) {
            case Sym s -> "a tensor computed by the model";
            case Const c -> c.tensor().toString();
            case OnnxValue.ZeroState z -> "zeros of a batch-dependent shape";
            case Missing m -> "a value that was not imported";
        };
    }

    /** True when a later node or the graph's outputs read {@code name}. */
    boolean isUsed(String name) {
        return !name.isEmpty() && (consumers.containsKey(name) || graphOutputs.contains(name));
    }

    /** The nodes reading {@code name}. */
    List<OnnxNode> consumers(String name) {
        return consumers.getOrDefault(name, List.of());
    }

    boolean isGraphOutput(String name) {
        return graphOutputs.contains(name);
    }

    /** Marks {@code n} as converted together with an earlier node. */
    void fuse(OnnxNode n) {
        fused.add(n);
    }

    boolean isFused(OnnxNode n) {
        return fused.contains(n);
    }

    /** One layer per weight set: a module called twice in PyTorch stays one layer, so fine-tuning keeps it tied. */
    @SuppressWarnings("unchecked")
    <L extends Layer> L shared(String key, Supplier<L> make) {
        Layer layer = shared.computeIfAbsent(key, k -> make.get());
        return (L) layer;
    }

    /**
     * The input of a layer that has a channels-first variant (convolution, pooling, batch normalization,
     * upsampling): a value in ONNX's own layout ({@code [N, C, ...]}, as PyTorch's) is taken as it is by a
     * channels-first layer, so a port imports without permutes; one already channels-last stays so.
     */
    record Spatial(SymbolicTensor tensor, boolean channelsFirst) {
        Layout layout() {
            return channelsFirst ? Layout.SAME : Layout.CHANNELS_LAST;
        }

        String dataFormat() {
            return channelsFirst ? "channels_first" : "channels_last";
        }

        int channels() {
            return tensor.dim(channelsFirst ? 1 : tensor.rank() - 1);
        }

        /** The spatial sizes (-1 where unknown). */
        int[] sizes() {
            int[] shape = tensor.shape();
            int[] out = new int[shape.length - 2];
            System.arraycopy(shape, channelsFirst ? 2 : 1, out, 0, out.length);
            return out;
        }
    }

    /** {@code v} as the input of a layer with a channels-first variant ({@link Spatial}). */
    Spatial spatial(Sym v) throws Unsupported {
        return v.layout() == Layout.SAME
                ? new Spatial(v.tensor(), true)
                : new Spatial(as(v, Layout.CHANNELS_LAST), false);
    }

    /** {@code v}'s tensor with its axes in {@code want} (SAME or CHANNELS_LAST), adding a Permute if needed. */
    SymbolicTensor as(Sym v, Layout want) throws Unsupported {
        if (v.layout() == want) {
            return v.tensor();
        }
        int rank = v.tensor().rank();
        boolean convertible = (v.layout() == Layout.SAME || v.layout() == Layout.CHANNELS_LAST)
                && (want == Layout.SAME || want == Layout.CHANNELS_LAST);
        if (!convertible || rank < 3) {
            throw new Unsupported("a value of layout " + v.layout() + " and rank " + rank + " is used where layout "
                    + want + " is needed (only the layouts PyTorch's exporter writes are recognised)");
        }
        Map<Layout, SymbolicTensor> known = layouts.computeIfAbsent(v.tensor(), k -> new EnumMap<>(Layout.class));
        SymbolicTensor done = known.get(want);
        if (done != null) {
            return done;
        }
        int[] dims = new int[rank - 1];
        if (want == Layout.CHANNELS_LAST) {
            // [N, C, s1..] -> [N, s1.., C]
            for (int i = 0; i < rank - 2; i++) {
                dims[i] = i + 2;
            }
            dims[rank - 2] = 1;
        } else {
            // [N, s1.., C] -> [N, C, s1..]
            dims[0] = rank - 1;
            for (int i = 1; i < rank - 1; i++) {
                dims[i] = i;
            }
        }
        SymbolicTensor out = new Permute(dims).apply(v.tensor());
        known.put(want, out);
        layouts.computeIfAbsent(out, k -> new EnumMap<>(Layout.class)).put(v.layout(), v.tensor());
        return out;
    }

    /** The ONNX dims of a model tensor, {@link #BATCH} for the batch and -1 for an unknown size. */
    static long[] onnxShape(Sym v) {
        int[] s = v.tensor().shape();
        long[] d = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = i == 0 ? BATCH : s[i];
        }
        return switch (v.layout()) {
            case SAME -> d;
            case CHANNELS_LAST -> {
                long[] o = new long[d.length];
                o[0] = BATCH;
                o[1] = d[d.length - 1];
                System.arraycopy(d, 1, o, 2, d.length - 2);
                yield o;
            }
            case TIME_MAJOR -> new long[] {d[1], BATCH, d[2]};
            case RNN_SEQUENCE -> new long[] {d[1], 1, BATCH, d[2]};
            case RNN_STATE -> new long[] {1, BATCH, d[1]};
            case BIRNN_SEQUENCE -> new long[] {d[1], 2, BATCH, d[2] < 0 ? -1 : d[2] / 2};
            case BIRNN_STEPS -> new long[] {d[1], BATCH, 2, d[2] < 0 ? -1 : d[2] / 2};
        };
    }

    /** A float32 tensor of a constant's values. */
    static Tensor tensor(OnnxTensor t) {
        float[] f = t.floats();
        if (f == null) {
            double[] d = t.asDoubles();
            f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
        }
        return Tensor.wrap(f, t.shape());
    }

    /** Like {@link #ints} for strides, dilations and windows, which must be at least one. */
    static int[] positiveInts(OnnxNode node, String key, int n) throws Unsupported {
        int[] v = ints(node, key, n, 1);
        for (int x : v) {
            if (x < 1) {
                throw new Unsupported("attribute " + key + " " + java.util.Arrays.toString(v) + " must be positive");
            }
        }
        return v;
    }

    /** An int attribute list of {@code n} values, {@code otherwise} repeated when absent. */
    static int[] ints(OnnxNode node, String key, int n, int otherwise) throws Unsupported {
        long[] v = node.intsAttr(key);
        int[] out = new int[n];
        if (v == null) {
            java.util.Arrays.fill(out, otherwise);
            return out;
        }
        if (v.length != n) {
            throw new Unsupported("attribute " + key + " has " + v.length + " values, expected " + n);
        }
        for (int i = 0; i < n; i++) {
            if (v[i] < 0 || v[i] > Integer.MAX_VALUE) {
                throw new Unsupported("attribute " + key + " value " + v[i] + " out of range");
            }
            out[i] = (int) v[i];
        }
        return out;
    }
}
