package dev.synapse.nn.regularizers;

import java.util.Locale;
import java.util.Map;

/** The weight regularizers by name, with Keras's defaults ({@code keras.regularizers}). */
public final class Regularizers {
    private Regularizers() {}

    /** {@code factor * sum(|w|)}. */
    public static Regularizer l1(double factor) {
        return new L1L2(factor, 0.0, "L1");
    }

    /** {@code 0.01 * sum(|w|)}, Keras's default. */
    public static Regularizer l1() {
        return l1(0.01);
    }

    /** {@code factor * sum(w^2)}. */
    public static Regularizer l2(double factor) {
        return new L1L2(0.0, factor, "L2");
    }

    /** {@code 0.01 * sum(w^2)}, Keras's default. */
    public static Regularizer l2() {
        return l2(0.01);
    }

    /** {@code l1 * sum(|w|) + l2 * sum(w^2)}. */
    public static Regularizer l1l2(double l1, double l2) {
        return new L1L2(l1, l2);
    }

    /** {@code 0.01 * sum(|w|) + 0.01 * sum(w^2)}, as {@code keras.regularizers.l1_l2()}. */
    public static Regularizer l1l2() {
        return l1l2(0.01, 0.01);
    }

    /** The regularizer with a Keras name: {@code l1}, {@code l2}, {@code l1_l2}, with default factors. */
    public static Regularizer get(String name) {
        return switch (name.replace("_", "").toLowerCase(Locale.ROOT)) {
            case "l1" -> l1();
            case "l2" -> l2();
            case "l1l2" -> l1l2();
            default ->
                throw new IllegalArgumentException("unknown regularizer '" + name + "'; expected l1, l2 or l1_l2");
        };
    }

    /** Rebuilds a regularizer from {@code {"class_name": ..., "config": {...}}}. */
    public static Regularizer fromConfig(Map<String, Object> serialized) {
        if (!(serialized.get("class_name") instanceof String cls)) {
            throw new IllegalArgumentException(
                    "regularizer config: 'class_name' should name L1, L2 or L1L2, got " + serialized.get("class_name"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> c =
                serialized.get("config") == null ? Map.of() : (Map<String, Object>) serialized.get("config");
        double l1 = c.get("l1") == null ? 0.0 : ((Number) c.get("l1")).doubleValue();
        double l2 = c.get("l2") == null ? 0.0 : ((Number) c.get("l2")).doubleValue();
        return switch (cls) {
            case "L1" -> l1(l1);
            case "L2" -> l2(l2);
            case "L1L2" -> l1l2(l1, l2);
            default -> throw new IllegalArgumentException("unknown regularizer class '" + cls + "'");
        };
    }
}
