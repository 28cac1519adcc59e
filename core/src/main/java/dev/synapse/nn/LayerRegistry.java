package dev.synapse.nn;

import dev.synapse.nn.layers.*;
import java.util.LinkedHashMap;
import java.util.Map;
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
        register("Dense", Dense::fromConfig);
        register("Activation", Activation::fromConfig);
        register("ReLU", ReLU::fromConfig);
        register("LeakyReLU", LeakyReLU::fromConfig);
        register("Softmax", Softmax::fromConfig);
        register("Flatten", Flatten::fromConfig);
        register("Reshape", Reshape::fromConfig);
        register("Permute", Permute::fromConfig);
        register("RepeatVector", RepeatVector::fromConfig);
        register("Concatenate", Concatenate::fromConfig);
        register("Add", Add::fromConfig);
        register("Subtract", Subtract::fromConfig);
        register("Multiply", Multiply::fromConfig);
        register("Average", Average::fromConfig);
        register("Maximum", Maximum::fromConfig);
        register("Minimum", Minimum::fromConfig);
        register("Dot", Dot::fromConfig);
        register("Lambda", Lambda::fromConfig);
        register("Dropout", Dropout::fromConfig);
        register("GaussianNoise", GaussianNoise::fromConfig);
        register("Conv1D", Conv1D::fromConfig);
        register("Conv2D", Conv2D::fromConfig);
        register("Conv2DTranspose", Conv2DTranspose::fromConfig);
        register("MaxPooling1D", MaxPooling1D::fromConfig);
        register("MaxPooling2D", MaxPooling2D::fromConfig);
        register("MaxPool2D", MaxPooling2D::fromConfig);
        register("AveragePooling1D", AveragePooling1D::fromConfig);
        register("AveragePooling2D", AveragePooling2D::fromConfig);
        register("GlobalAveragePooling1D", GlobalAveragePooling1D::fromConfig);
        register("GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig);
        register("GlobalMaxPooling1D", GlobalMaxPooling1D::fromConfig);
        register("GlobalMaxPooling2D", GlobalMaxPooling2D::fromConfig);
        register("UpSampling2D", UpSampling2D::fromConfig);
        register("ZeroPadding2D", ZeroPadding2D::fromConfig);
        register("Cropping2D", Cropping2D::fromConfig);
        register("BatchNormalization", BatchNormalization::fromConfig);
        register("LayerNormalization", LayerNormalization::fromConfig);
        register("Embedding", Embedding::fromConfig);
        register("RandomFlip", RandomFlip::fromConfig);
        register("RandomRotation", RandomRotation::fromConfig);
        register("RandomTranslation", RandomTranslation::fromConfig);
        register("RandomZoom", RandomZoom::fromConfig);
        register("SimpleRNN", SimpleRNN::fromConfig);
        register("LSTM", LSTM::fromConfig);
        register("GRU", GRU::fromConfig);
        register("Bidirectional", Bidirectional::fromConfig);
        register("TimeDistributed", TimeDistributed::fromConfig);
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
