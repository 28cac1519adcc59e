package dev.synapse.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Layer types by name, for rebuilding layers and models from configs (Keras's
 * {@code serialize}/{@code deserialize} with its object registry). A config never chooses a Java
 * class by itself: only the names registered here (the built-in layers and those added with
 * {@link #register}) can be created.
 */
public final class LayerRegistry {
    private static final Map<String, Function<Map<String, Object>, Layer>> FACTORIES = new ConcurrentHashMap<>();

    static {
        register("InputLayer", InputLayer::fromConfig);
        register("Sequential", Sequential::fromConfig);
        register("Functional", Model::fromConfig);
        // The layers of nn.layers (and of any other LayerTypes on the class or module path) register
        // from their own side, so nn does not depend on the package of its subclasses.
        for (LayerTypes types : ServiceLoader.load(LayerTypes.class, LayerTypes.class.getClassLoader())) {
            types.registerTo(LayerRegistry::register);
        }
    }

    private LayerRegistry() {}

    /** Makes a layer type creatable from configs under {@code className} (a user's custom layer). */
    public static void register(String className, Function<Map<String, Object>, Layer> factory) {
        FACTORIES.put(className, factory);
    }

    /** The registered type names. */
    public static Set<String> registered() {
        return new TreeSet<>(FACTORIES.keySet());
    }

    /** {@code {"class_name": ..., "config": {...}}} for a layer. */
    public static Map<String, Object> serialize(Layer layer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", layer.className());
        m.put("config", layer.getConfig());
        return m;
    }

    /** A new, unbuilt layer from {@code {"class_name": ..., "config": {...}}}. */
    @SuppressWarnings("unchecked")
    public static Layer fromConfig(Map<String, Object> serialized) {
        Object cls = serialized.get("class_name");
        Object config = serialized.get("config");
        if (!(cls instanceof String) || !(config instanceof Map)) {
            throw new IllegalArgumentException(
                    "layer config: expected {\"class_name\": ..., \"config\": {...}}, got " + serialized);
        }
        return fromConfig((String) cls, (Map<String, Object>) config);
    }

    /** A new, unbuilt layer of type {@code className} from its config. */
    public static Layer fromConfig(String className, Map<String, Object> config) {
        Function<Map<String, Object>, Layer> f = FACTORIES.get(className);
        if (f == null) {
            throw new IllegalArgumentException("unknown layer type '" + className + "'; known types are " + registered()
                    + "; register custom layers with LayerRegistry.register");
        }
        Layer layer = f.apply(config);
        layer.applyBaseConfig(config);
        return layer;
    }
}
