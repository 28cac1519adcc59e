package dev.synapse.nn;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A set of layer types that {@link LayerRegistry} registers when it starts, found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.synapse.nn.LayerTypes}, or
 * {@code provides} in a module): the built-in layers of {@code dev.synapse.nn.layers} come this way,
 * and a library of custom layers can too (Keras's {@code register_keras_serializable} for a package).
 * Only code on the class or module path registers types; a file never names a Java class.
 */
public interface LayerTypes {
    /** Registers each type: {@code registry.accept(className, factory)}, the factory building from a config. */
    void registerTo(BiConsumer<String, Function<Map<String, Object>, Layer>> registry);
}
