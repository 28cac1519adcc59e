package dev.synapse.interop.keras;

import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Translates between Keras's model configs ({@code model.to_json()}, the {@code config.json} of a
 * {@code .keras} file, the {@code model_config} attribute of a legacy {@code .h5}) and Synapse's, which
 * already follow Keras's layer names and arguments: this class only removes and adds Keras's
 * serialization wrappers ({@code module}, {@code registered_name}, {@code build_config}, dtype policy
 * objects), turns {@code InputLayer}'s {@code batch_shape} into a shape, and rewrites the functional
 * graph between Keras's {@code inbound_nodes} (Keras 3's {@code args}/{@code keras_history} form and
 * Keras 2's nested lists) and Synapse's {@code nodes}. Layer types are built only through
 * {@link LayerRegistry}; a {@code Lambda} is refused (its function is code).
 */
final class KerasConfigs {
    /** Keys of Keras's wrappers that carry nothing Synapse reads. */
    private static final Set<String> WRAPPER_KEYS =
            Set.of("module", "registered_name", "build_config", "compile_config", "shared_object_id");

    /** Keras arguments Synapse has no counterpart for, accepted only at these (Keras's default) values. */
    private static final Map<String, Object> NEUTRAL = neutral();

    /** Layer types whose call takes a list of tensors as its one argument. */
    private static final Set<String> MERGE_TYPES =
            Set.of("Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Dot");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-/]{1,200}");

    private KerasConfigs() {}

    private static Map<String, Object> neutral() {
        Map<String, Object> m = new HashMap<>();
        m.put("data_format", "channels_last");
        m.put("groups", 1L);
        m.put("sparse", false);
        m.put("ragged", false);
        m.put("optional", false);
        m.put("synchronized", false);
        m.put("autocast", true);
        m.put("trainable", true);
        m.put("dtype", "float32");
        m.put("renorm", false);
        m.put("renorm_momentum", 0.99);
        return m;
    }

    // ---- Keras to Synapse ------------------------------------------------------------------------

    /** A model's Keras config as Synapse's serialized config ({@code class_name} and {@code config}). */
    static Map<String, Object> toSynapse(Map<String, Object> keras) {
        String cls = string(keras, "class_name", "model config");
        Map<String, Object> config = map(keras, "config", cls);
        return switch (cls) {
            case "Sequential" -> wrap("Sequential", sequential(config));
            case "Functional", "Model" -> wrap("Functional", functional(config));
            default -> layer(keras);
        };
    }

    private static Map<String, Object> sequential(Map<String, Object> c) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> layers = new ArrayList<>();
        for (Object o : list(c, "layers", "Sequential")) {
            Map<String, Object> l = asMap(o, "Sequential's layers");
            if ("InputLayer".equals(l.get("class_name"))) {
                if (!layers.isEmpty() || out.containsKey("build_input_shape")) {
                    throw new IllegalArgumentException("Sequential: an InputLayer after the first layer");
                }
                Map<String, Object> input = inputLayer(map(l, "config", "InputLayer"));
                out.put("build_input_shape", input.get("shape"));
                out.put("input_dtype", input.get("input_dtype"));
            } else {
                layers.add(toSynapse(l));
            }
        }
        Object legacyShape = c.get("build_input_shape");
        if (!out.containsKey("build_input_shape") && legacyShape instanceof List<?> shape && !shape.isEmpty()) {
            out.put("build_input_shape", new ArrayList<>(shape.subList(1, shape.size())));
        }
        out.put("layers", layers);
        copyName(c, out);
        return out;
    }

    private static Map<String, Object> functional(Map<String, Object> c) {
        List<?> kerasLayers = list(c, "layers", "Functional");
        Set<String> builtIn = nodeZeroIsBuiltIn(kerasLayers);
        List<Object> layers = new ArrayList<>();
        List<PendingNode> pending = new ArrayList<>();
        for (Object o : kerasLayers) {
            Map<String, Object> l = asMap(o, "Functional's layers");
            Map<String, Object> translated = toSynapse(l);
            layers.add(translated);
            String name = string(asMap(translated.get("config"), "layer config"), "name", "layer");
            if ("InputLayer".equals(l.get("class_name"))) {
                pending.add(new PendingNode(name, List.of()));
                continue;
            }
            Object inbound = l.get("inbound_nodes");
            if (inbound instanceof List<?> nodes) {
                for (Object node : nodes) {
                    pending.add(new PendingNode(name, applications(inboundRefs(node, name), builtIn, name)));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("layers", layers);
        out.put("nodes", ordered(pending));
        out.put("input_layers", applications(refs(c.get("input_layers"), "input_layers"), builtIn, "input_layers"));
        out.put("output_layers", applications(refs(c.get("output_layers"), "output_layers"), builtIn, "output_layers"));
        copyName(c, out);
        return out;
    }

    /**
     * The nested models whose node 0 is the one made when they were built, which Keras's configs count but do not
     * list: Keras 3's functional models, and in Keras 2's nested-list form also Sequential models that start with
     * an InputLayer (Keras 2's Sequential is functional).
     */
    private static Set<String> nodeZeroIsBuiltIn(List<?> layers) {
        Set<String> out = new java.util.HashSet<>();
        for (Object o : layers) {
            Map<String, Object> l = asMap(o, "Functional's layers");
            Object cls = l.get("class_name");
            Map<String, Object> config = asMap(l.get("config"), "layer config");
            boolean keras2 = l.get("inbound_nodes") instanceof List<?> nodes
                    && !nodes.isEmpty()
                    && nodes.get(0) instanceof List<?>;
            boolean functional = "Functional".equals(cls) || "Model".equals(cls);
            boolean sequentialWithInput = "Sequential".equals(cls)
                    && config.get("layers") instanceof List<?> inner
                    && !inner.isEmpty()
                    && inner.get(0) instanceof Map<?, ?> first
                    && "InputLayer".equals(first.get("class_name"));
            if (functional || (keras2 && sequentialWithInput)) {
                out.add(String.valueOf(config.get("name")));
            }
        }
        return out;
    }

    /** References with Keras's node indices turned into Synapse's, which count a layer's applications in the graph. */
    private static List<List<Object>> applications(List<List<Object>> refs, Set<String> builtIn, String where) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> r : refs) {
            if (!builtIn.contains((String) r.get(0))) {
                out.add(r);
                continue;
            }
            long node = (Long) r.get(1) - 1;
            if (node < 0) {
                throw new IllegalArgumentException(where + ": reference " + r + " is to the node model '" + r.get(0)
                        + "' made when it was built, which a config does not list");
            }
            out.add(List.of(r.get(0), node, r.get(2)));
        }
        return out;
    }

    private record PendingNode(String layer, List<List<Object>> inputs) {}

    /** Nodes in an order where each input was produced before its use (Synapse's config reads them so). */
    private static List<Object> ordered(List<PendingNode> pending) {
        Map<String, Integer> produced = new HashMap<>();
        for (PendingNode n : pending) {
            if (n.inputs().isEmpty()) {
                produced.merge(n.layer(), 1, Integer::sum);
            }
        }
        List<PendingNode> left = new ArrayList<>(
                pending.stream().filter(n -> !n.inputs().isEmpty()).toList());
        List<Object> out = new ArrayList<>();
        while (!left.isEmpty()) {
            boolean progress = false;
            for (int i = 0; i < left.size(); i++) {
                PendingNode n = left.get(i);
                boolean ready = n.inputs().stream()
                        .allMatch(r -> produced.getOrDefault((String) r.get(0), 0) > ((Long) r.get(1)).intValue());
                if (ready) {
                    out.add(List.of(n.layer(), n.inputs()));
                    produced.merge(n.layer(), 1, Integer::sum);
                    left.remove(i);
                    progress = true;
                    break;
                }
            }
            if (!progress) {
                PendingNode n = left.get(0);
                throw new IllegalArgumentException("functional config: layer '" + n.layer() + "' reads " + n.inputs()
                        + ", which no layer of the model produces");
            }
        }
        return out;
    }

    /** The input references of one inbound node, in Keras 3's or Keras 2's form. */
    private static List<List<Object>> inboundRefs(Object node, String layer) {
        List<List<Object>> refs = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> keras3 = asMap(m, "inbound node");
            Object kwargs = keras3.get("kwargs");
            if (kwargs instanceof Map<?, ?> kw) {
                for (Map.Entry<?, ?> e : kw.entrySet()) {
                    // Synapse passes the training flag from the caller, as Keras's call context does.
                    if (!"training".equals(e.getKey()) && e.getValue() != null) {
                        throw new IllegalArgumentException("layer '" + layer + "' is called with the argument '"
                                + e.getKey() + "' = " + e.getValue() + ", which Synapse's layers do not take");
                    }
                }
            }
            collectTensors(keras3.get("args"), refs, layer);
        } else if (node instanceof List<?> keras2) {
            for (Object r : keras2) {
                List<?> ref = asList(r, "inbound node of '" + layer + "'");
                if (ref.size() < 3) {
                    throw new IllegalArgumentException("layer '" + layer + "': inbound reference " + ref
                            + " should be [layer, node, tensor, kwargs]");
                }
                refs.add(ref(ref.get(0), ref.get(1), ref.get(2), layer));
            }
        } else {
            throw new IllegalArgumentException(
                    "layer '" + layer + "': an inbound node should be an object or a list, got " + node);
        }
        return refs;
    }

    private static void collectTensors(@Nullable Object v, List<List<Object>> refs, String layer) {
        if (v instanceof List<?> l) {
            for (Object o : l) {
                collectTensors(o, refs, layer);
            }
        } else if (v instanceof Map<?, ?> m && "__keras_tensor__".equals(m.get("class_name"))) {
            Map<String, Object> c = asMap(m.get("config"), "keras tensor");
            List<?> h = asList(c.get("keras_history"), "keras_history of an input of '" + layer + "'");
            if (h.size() != 3) {
                throw new IllegalArgumentException(
                        "layer '" + layer + "': keras_history " + h + " should be [layer, node, tensor]");
            }
            refs.add(ref(h.get(0), h.get(1), h.get(2), layer));
        } else if (v != null) {
            throw new IllegalArgumentException("layer '" + layer + "' is called with the constant " + v
                    + "; Synapse's functional configs take tensors only");
        }
    }

    private static List<Object> ref(
            @Nullable Object name, @Nullable Object node, @Nullable Object tensor, String layer) {
        if (!(name instanceof String s)
                || !(node instanceof Long n)
                || !(tensor instanceof Long t)
                || n < 0
                || t < 0
                || n > Integer.MAX_VALUE
                || t > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "layer '" + layer + "': bad tensor reference [" + name + ", " + node + ", " + tensor + "]");
        }
        return List.of(s, n, t);
    }

    /** {@code input_layers}/{@code output_layers}: Keras 3 writes one reference unnested for a single tensor. */
    private static List<List<Object>> refs(@Nullable Object v, String key) {
        List<?> l = asList(v, key);
        List<List<Object>> out = new ArrayList<>();
        if (!l.isEmpty() && l.get(0) instanceof String) {
            out.add(ref(l.get(0), l.size() > 1 ? l.get(1) : null, l.size() > 2 ? l.get(2) : null, key));
            return out;
        }
        for (Object o : l) {
            List<?> r = asList(o, key);
            out.add(ref(
                    r.isEmpty() ? null : r.get(0),
                    r.size() > 1 ? r.get(1) : null,
                    r.size() > 2 ? r.get(2) : null,
                    key));
        }
        return out;
    }

    /** One layer's Keras config as Synapse's: wrappers off, dtype policies and InputLayer shapes translated. */
    private static Map<String, Object> layer(Map<String, Object> keras) {
        String cls = string(keras, "class_name", "layer");
        Map<String, Object> config = map(keras, "config", cls);
        String name = String.valueOf(config.get("name"));
        if (cls.equals("Lambda")) {
            throw new IllegalArgumentException("layer '" + name + "' is a Lambda: its function is Python code, which "
                    + "Synapse never runs from a file (Keras's safe_mode refuses it too); rebuild that part of the "
                    + "model in Java and load the weights alone");
        }
        if (cls.equals("InputLayer")) {
            return wrap(cls, inputLayer(config));
        }
        Map<String, Object> c = clean(config, cls + " '" + name + "'");
        if (cls.equals("LeakyReLU") && c.containsKey("alpha") && !c.containsKey("negative_slope")) {
            c.put("negative_slope", c.remove("alpha")); // Keras 2's name of the slope
        }
        return wrap(cls, c);
    }

    private static Map<String, Object> inputLayer(Map<String, Object> c) {
        Object shape = c.containsKey("batch_shape") ? c.get("batch_shape") : c.get("batch_input_shape");
        List<?> dims = asList(shape, "InputLayer's batch_shape");
        if (dims.isEmpty()) {
            throw new IllegalArgumentException("InputLayer: batch_shape " + dims + " has no batch axis");
        }
        for (Object d : dims.subList(1, dims.size())) {
            if (!(d instanceof Long)) {
                throw new IllegalArgumentException("InputLayer '" + c.get("name") + "': batch_shape " + dims
                        + " has an unknown size beyond the batch axis, which Synapse's Input cannot take");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", c.get("name"));
        out.put("shape", new ArrayList<>(dims.subList(1, dims.size())));
        Object dtype = policyName(c.get("dtype"), "InputLayer");
        out.put("input_dtype", dtype == null ? "float32" : dtype);
        return out;
    }

    private static Map<String, Object> clean(Map<String, Object> config, String where) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : config.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (WRAPPER_KEYS.contains(k)) {
                continue;
            }
            if (k.equals("dtype")) {
                v = policyName(v, where);
            } else if (v instanceof Map<?, ?> m && "__numpy__".equals(m.get("class_name"))) {
                // A NumPy array argument (Rescaling's per-channel scale): its values as nested lists.
                v = asMap(m.get("config"), where + " " + k).get("value");
            } else if (v instanceof Map<?, ?> m && m.containsKey("class_name")) {
                v = unwrapObject(asMap(m, where + " " + k), where + " " + k);
            }
            out.put(k, v);
        }
        return out;
    }

    /** Initializers, regularizers and constraints are {@code {class_name, config}} in both. */
    private static Map<String, Object> unwrapObject(Map<String, Object> m, String where) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", string(m, "class_name", where));
        Object c = m.get("config");
        out.put("config", c instanceof Map<?, ?> cm ? clean(asMap(cm, where), where) : Map.of());
        return out;
    }

    /** A dtype policy object or name as the dtype name Synapse's layers take; mixed policies are refused. */
    private static @Nullable String policyName(@Nullable Object v, String where) {
        if (v == null) {
            return null;
        }
        String name;
        if (v instanceof String s) {
            name = s;
        } else if (v instanceof Map<?, ?> m) {
            Map<String, Object> c = m.get("config") instanceof Map<?, ?> cm ? asMap(cm, where) : asMap(m, where);
            name = String.valueOf(c.get("name"));
        } else {
            throw new IllegalArgumentException(where + ": dtype " + v + " is neither a name nor a policy");
        }
        if (!Set.of("float32", "float64", "float16", "bfloat16", "int32", "int64")
                .contains(name)) {
            throw new IllegalArgumentException(where + ": dtype policy '" + name + "' is not supported here; "
                    + "save the model with the float32 policy");
        }
        return name;
    }

    /**
     * Fails when the Keras config of {@code layer} gave an argument its Synapse layer does not keep
     * (so would silently ignore), unless the argument has Keras's default value.
     */
    static void checkArguments(Layer layer, Map<String, Object> serialized) {
        Object c = serialized.get("config");
        if (!(c instanceof Map<?, ?> given)) {
            return;
        }
        Map<String, Object> kept = layer.getConfig();
        for (Map.Entry<?, ?> e : given.entrySet()) {
            Object k = e.getKey();
            Object v = e.getValue();
            if (kept.containsKey(k) || v == null || Objects.equals(NEUTRAL.get(k), v)) {
                continue;
            }
            // An initializer only makes weights that the file's weights then replace.
            if (String.valueOf(k).endsWith("_initializer")
                    || k.equals("dtype")
                    || k.equals("input_shape")
                    || k.equals("build_input_shape")
                    || k.equals("input_dtype")) {
                continue;
            }
            throw new IllegalArgumentException(layer.className() + " '" + layer.name() + "': the argument '" + k
                    + "' = " + v + " has no Synapse counterpart (Synapse's " + layer.className() + " takes "
                    + kept.keySet() + ")");
        }
    }

    // ---- Synapse to Keras ------------------------------------------------------------------------

    /** The shape and dtype of the tensor {@code ref} of the model at {@code scope} (names from the outermost). */
    @FunctionalInterface
    interface TensorInfo {
        Map<String, Object> of(List<String> scope, List<?> ref);
    }

    /** Synapse's serialized model as a Keras 3 config ({@code config.json} of a {@code .keras} file). */
    static Map<String, Object> toKeras(Map<String, Object> synapse, TensorInfo tensorInfo) {
        return toKeras(synapse, tensorInfo, List.of(), null);
    }

    private static Map<String, Object> toKeras(
            Map<String, Object> synapse, TensorInfo tensorInfo, List<String> scope, @Nullable List<Object> inbound) {
        String cls = string(synapse, "class_name", "model");
        Map<String, Object> c = map(synapse, "config", cls);
        return switch (cls) {
            case "Sequential" -> kerasSequential(c, tensorInfo, scope, inbound);
            case "Functional" -> kerasFunctional(c, tensorInfo, scope, inbound);
            default -> kerasLayer(cls, c, inbound);
        };
    }

    /** The scope of a model nested in the model at {@code scope}: its names, then the nested model's. */
    private static List<String> inside(List<String> scope, Map<String, Object> layer) {
        List<String> out = new ArrayList<>(scope);
        out.add(string(map(layer, "config", "model"), "name", "model"));
        return out;
    }

    private static boolean isModel(String cls) {
        return cls.equals("Sequential") || cls.equals("Functional");
    }

    private static Map<String, Object> kerasSequential(
            Map<String, Object> c, TensorInfo tensorInfo, List<String> scope, @Nullable List<Object> inbound) {
        List<Object> layers = new ArrayList<>();
        Object shape = c.get("build_input_shape");
        if (shape instanceof List<?> dims) {
            Map<String, Object> input = new LinkedHashMap<>();
            List<Object> batchShape = new ArrayList<>();
            batchShape.add(null);
            batchShape.addAll(dims);
            input.put("batch_shape", batchShape);
            input.put("dtype", c.getOrDefault("input_dtype", "float32"));
            input.put("name", string(c, "name", "Sequential") + "_input");
            layers.add(kerasWrapper("InputLayer", input, null));
        }
        for (Object o : list(c, "layers", "Sequential")) {
            Map<String, Object> l = asMap(o, "Sequential's layers");
            boolean model = isModel(string(l, "class_name", "layer"));
            layers.add(toKeras(l, tensorInfo, model ? inside(scope, l) : scope, null));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", c.get("name"));
        out.put("trainable", c.getOrDefault("trainable", true));
        out.put("dtype", policy("float32"));
        out.put("layers", layers);
        return kerasWrapper("Sequential", out, inbound);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kerasFunctional(
            Map<String, Object> c, TensorInfo tensorInfo, List<String> scope, @Nullable List<Object> inbound) {
        Map<String, List<Object>> calls = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        for (Object o : list(c, "layers", "Functional")) {
            Map<String, Object> l = asMap(o, "layers");
            types.put((String) asMap(l.get("config"), "config").get("name"), (String) l.get("class_name"));
        }
        for (Object o : list(c, "nodes", "Functional")) {
            List<Object> node = (List<Object>) o;
            String layer = (String) node.get(0);
            List<Object> tensors = new ArrayList<>();
            for (Object r : (List<Object>) node.get(1)) {
                Map<String, Object> tc = new LinkedHashMap<>(tensorInfo.of(scope, (List<?>) r));
                tc.put("keras_history", kerasRef((List<?>) r, types));
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("class_name", "__keras_tensor__");
                t.put("config", tc);
                tensors.add(t);
            }
            Map<String, Object> call = new LinkedHashMap<>();
            boolean merge = MERGE_TYPES.contains(types.get(layer)) || tensors.size() > 1;
            call.put("args", merge ? List.of(tensors) : tensors);
            call.put("kwargs", Map.of());
            calls.computeIfAbsent(layer, k -> new ArrayList<>()).add(call);
        }
        List<Object> layers = new ArrayList<>();
        for (Object o : list(c, "layers", "Functional")) {
            Map<String, Object> l = asMap(o, "layers");
            Map<String, Object> lc = asMap(l.get("config"), "config");
            String name = (String) lc.get("name");
            List<Object> in = calls.getOrDefault(name, List.of());
            String cls = String.valueOf(l.get("class_name"));
            layers.add(isModel(cls) ? toKeras(l, tensorInfo, inside(scope, l), in) : kerasLayer(cls, lc, in));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", c.get("name"));
        out.put("trainable", c.getOrDefault("trainable", true));
        out.put("layers", layers);
        out.put("input_layers", kerasRefs(c.get("input_layers"), types));
        out.put("output_layers", kerasRefs(c.get("output_layers"), types));
        return kerasWrapper("Functional", out, inbound);
    }

    /** A reference with Keras 3's node index: a nested functional model's node 0 is the one made when it was built. */
    private static List<Object> kerasRef(List<?> ref, Map<String, String> types) {
        long node = ((Number) ref.get(1)).longValue();
        if ("Functional".equals(types.get(String.valueOf(ref.get(0))))) {
            node++;
        }
        return List.of(ref.get(0), node, ref.get(2));
    }

    private static List<Object> kerasRefs(@Nullable Object refs, Map<String, String> types) {
        List<Object> out = new ArrayList<>();
        for (Object r : asList(refs, "input or output layers")) {
            out.add(kerasRef(asList(r, "reference"), types));
        }
        return out;
    }

    private static Map<String, Object> kerasLayer(String cls, Map<String, Object> c, @Nullable List<Object> inbound) {
        if (cls.equals("Divide")) {
            throw new IllegalArgumentException("Divide '" + c.get("name") + "' has no Keras layer (Keras divides with"
                    + " keras.ops.divide, code a .keras file cannot hold)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (cls.equals("InputLayer")) {
            List<Object> batchShape = new ArrayList<>();
            batchShape.add(null);
            batchShape.addAll(asList(c.get("shape"), "InputLayer's shape"));
            out.put("batch_shape", batchShape);
            out.put("dtype", c.getOrDefault("input_dtype", "float32"));
            out.put("name", c.get("name"));
            return kerasWrapper(cls, out, inbound);
        }
        for (Map.Entry<String, Object> e : c.entrySet()) {
            Object v = e.getValue();
            if (e.getKey().equals("input_shape")) {
                continue; // the InputLayer of the graph carries it
            }
            if (e.getKey().equals("dtype")) {
                v = policy(String.valueOf(v));
            } else if (v instanceof Map<?, ?> m && m.containsKey("class_name")) {
                Map<String, Object> obj = asMap(m, "argument");
                v = kerasObject(obj, e.getKey());
            }
            out.put(e.getKey(), v);
        }
        out.putIfAbsent("dtype", policy("float32"));
        if (out.get("padding") instanceof List<?> explicit) {
            throw new IllegalArgumentException(cls + " '" + c.get("name") + "' has explicit padding " + explicit
                    + ", which Keras's " + cls + " does not take (only \"valid\" and \"same\"); pad with a"
                    + " ZeroPadding layer before a \"valid\" one to save it as Keras");
        }
        // PyTorch's count_include_pad is Synapse's own argument: Keras's pooling leaves padding out of the divisor.
        if (Boolean.TRUE.equals(out.remove("count_include_pad"))) {
            throw new IllegalArgumentException(cls + " '" + c.get("name") + "' counts padding in its averages"
                    + " (count_include_pad), which Keras's " + cls + " does not");
        }
        // So is PyTorch's ceil_mode: Keras's pooling sizes always round down.
        if (Boolean.TRUE.equals(out.remove("ceil_mode"))) {
            throw new IllegalArgumentException(cls + " '" + c.get("name") + "' rounds its output size up"
                    + " (ceil_mode), which Keras's " + cls + " does not");
        }
        // PyTorch's align_corners too: Keras's bilinear UpSampling2D samples at half-pixel centres.
        if (Boolean.TRUE.equals(out.remove("align_corners"))) {
            throw new IllegalArgumentException(cls + " '" + c.get("name") + "' aligns the corner pixels"
                    + " (align_corners), which Keras's " + cls + " does not");
        }
        if (cls.endsWith("Transpose") && out.containsKey("groups")) {
            // Keras's transposed convolutions take no groups argument.
            Object groups = out.remove("groups");
            if (!(groups instanceof Number n) || n.intValue() != 1) {
                throw new IllegalArgumentException(cls + " '" + c.get("name") + "' has groups=" + groups
                        + ", which Keras's " + cls + " does not take");
            }
        }
        return kerasWrapper(cls, out, inbound);
    }

    private static Map<String, Object> kerasObject(Map<String, Object> obj, String key) {
        Map<String, Object> out = new LinkedHashMap<>();
        String package_ = key.endsWith("initializer")
                ? "keras.initializers"
                : key.endsWith("regularizer") ? "keras.regularizers" : "keras.constraints";
        out.put("module", package_);
        out.put("class_name", obj.get("class_name"));
        out.put("config", obj.getOrDefault("config", Map.of()));
        out.put("registered_name", null);
        return out;
    }

    private static Map<String, Object> policy(String name) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("module", "keras");
        p.put("class_name", "DTypePolicy");
        p.put("config", c);
        p.put("registered_name", null);
        return p;
    }

    private static Map<String, Object> kerasWrapper(
            String cls, Map<String, Object> config, @Nullable List<Object> inbound) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "module",
                switch (cls) {
                    case "Sequential" -> "keras";
                    case "Functional" -> "keras.src.models.functional";
                    default -> "keras.layers";
                });
        m.put("class_name", cls);
        m.put("config", config);
        m.put("registered_name", cls.equals("Functional") ? "Functional" : null);
        if (inbound != null) {
            m.put("name", config.get("name")); // a functional config finds its layers by this name
            m.put("inbound_nodes", inbound);
        }
        return m;
    }

    // ---- names and paths -------------------------------------------------------------------------

    /**
     * The group of each layer in a {@code .keras} weights file: Keras names them by class
     * ({@code dense}, {@code dense_1}, ...) in the order of {@code model.layers}, whatever the layers'
     * own names; so reading and writing both derive them here.
     */
    static List<String> weightPaths(List<String> classNames) {
        Map<String, Integer> used = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (String cls : classNames) {
            String base = snakeCase(cls);
            Integer n = used.get(base);
            if (n == null) {
                used.put(base, 0);
                out.add(base);
            } else {
                used.put(base, n + 1);
                out.add(base + "_" + (n + 1));
            }
        }
        return out;
    }

    /** Keras's {@code to_snake_case}: {@code Conv2DTranspose} to {@code conv2d_transpose}. */
    static String snakeCase(String cls) {
        String s = cls.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(Locale.ROOT);
    }

    /** Refuses a layer or weight name that could not come from Keras (and could address other entries). */
    static String checkName(String name, String what) {
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException(what + " name '" + name + "' is not a Keras name");
        }
        return name;
    }

    // ---- typed access ----------------------------------------------------------------------------

    private static Map<String, Object> wrap(String cls, Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", cls);
        m.put("config", config);
        return m;
    }

    /** A model's name and, when frozen (a GAN's discriminator), its trainable flag. */
    private static void copyName(Map<String, Object> from, Map<String, Object> to) {
        Object name = from.get("name");
        if (name instanceof String) {
            to.put("name", name);
        }
        if (Boolean.FALSE.equals(from.get("trainable"))) {
            to.put("trainable", false);
        }
    }

    static String string(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(where + ": '" + key + "' should be a string, got " + v);
        }
        return s;
    }

    static Map<String, Object> map(Map<String, Object> m, String key, String where) {
        return asMap(m.get(key), where + "'s " + key);
    }

    private static List<?> list(Map<String, Object> m, String key, String where) {
        return asList(m.get(key), where + "'s " + key);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(@Nullable Object v, String what) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(what + " should be a JSON object, got " + v);
        }
        return (Map<String, Object>) m;
    }

    static List<?> asList(@Nullable Object v, String what) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(what + " should be a JSON list, got " + v);
        }
        return l;
    }
}
