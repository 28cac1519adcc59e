package dev.synapse.nn;

import dev.synapse.nn.initializers.Initializer;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.nn.regularizers.Regularizer;
import dev.synapse.nn.regularizers.Regularizers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reading and writing the JSON-friendly values of layer configs: numbers, strings, booleans,
 * {@code List}s and {@code Map}s. Number readers accept any {@link Number} where a real number belongs
 * (a JSON parser may give longs or doubles) but only integral types where an integer belongs, and
 * fail with the key's name when a value is missing or of the wrong kind.
 */
public final class Configs {
    private Configs() {}

    /** An int array as a list of Integers. */
    public static List<Integer> intList(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return out;
    }

    /** A list (or array) of numbers as an int array. */
    public static int[] toIntArray(Object value) {
        if (value instanceof int[] a) {
            return a.clone();
        }
        if (value instanceof List<?> list) {
            int[] out = new int[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = toInt(list.get(i), "list element " + i);
            }
            return out;
        }
        if (value instanceof Number n) {
            return new int[] {toInt(n, "value")};
        }
        throw new IllegalArgumentException("config: expected a list of integers, got " + value);
    }

    /**
     * {@code value} as an int: an integral number type within int range. A fractional type (1e9, 3.0)
     * where an integer belongs is refused rather than rounded or clamped, as is any other value.
     */
    public static int toInt(Object value, String key) {
        if ((value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte)
                && ((Number) value).longValue() == ((Number) value).intValue()) {
            return ((Number) value).intValue();
        }
        throw new IllegalArgumentException("config: '" + key + "' should be an integer"
                + (value instanceof Long ? " within int range" : "") + ", got " + value
                + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")"));
    }

    /** {@code {"class_name": ..., "config": {...}}} for an initializer, as Keras serializes it. */
    public static Map<String, Object> initializer(Initializer init) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", init.className());
        m.put("config", init.config());
        return m;
    }

    /** The initializer a config value names: a serialized map or a Keras string name. */
    public static Initializer toInitializer(Object value) {
        if (value instanceof Initializer i) {
            return i;
        }
        if (value instanceof String s) {
            return Initializers.get(s);
        }
        if (value instanceof Map<?, ?> m) {
            return Initializers.fromConfig(asMap(m));
        }
        throw new IllegalArgumentException("config: expected an initializer, got " + value);
    }

    /** A serialized regularizer, or {@code null}. */
    public static @Nullable Map<String, Object> regularizer(@Nullable Regularizer reg) {
        if (reg == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", reg.className());
        m.put("config", reg.config());
        return m;
    }

    /** The regularizer a config value names, or {@code null}. */
    public static Regularizer toRegularizer(Object value) {
        if (value == null || value instanceof Regularizer) {
            return (Regularizer) value;
        }
        if (value instanceof String s) {
            return Regularizers.get(s);
        }
        if (value instanceof Map<?, ?> m) {
            return Regularizers.fromConfig(asMap(m));
        }
        throw new IllegalArgumentException("config: expected a regularizer, got " + value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** A required int. */
    public static int getInt(Map<String, Object> c, String key) {
        return toInt(require(c, key), key);
    }

    /** An int, or {@code fallback} when absent. */
    public static int getInt(Map<String, Object> c, String key, int fallback) {
        Object v = c.get(key);
        return v == null ? fallback : toInt(v, key);
    }

    /** A required double. */
    public static double getDouble(Map<String, Object> c, String key) {
        return ((Number) require(c, key)).doubleValue();
    }

    /** A double, or {@code fallback} when absent. */
    public static double getDouble(Map<String, Object> c, String key, double fallback) {
        Object v = c.get(key);
        return v == null ? fallback : ((Number) v).doubleValue();
    }

    /** A boolean, or {@code fallback} when absent. */
    public static boolean getBoolean(Map<String, Object> c, String key, boolean fallback) {
        Object v = c.get(key);
        return v == null ? fallback : (Boolean) v;
    }

    /** A string, or {@code fallback} when absent. */
    public static String getString(Map<String, Object> c, String key, String fallback) {
        Object v = c.get(key);
        return v == null ? fallback : v.toString();
    }

    /** A required int array. */
    public static int[] getIntArray(Map<String, Object> c, String key) {
        return toIntArray(require(c, key));
    }

    /** A nested map, or {@code null}. */
    public static @Nullable Map<String, Object> getMap(Map<String, Object> c, String key) {
        Object v = c.get(key);
        return v == null ? null : asMap((Map<?, ?>) v);
    }

    /** A long seed, or {@code null} when absent. */
    public static @Nullable Long getSeed(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Long || v instanceof Integer)) {
            throw new IllegalArgumentException("config: '" + key + "' should be an integer seed, got " + v);
        }
        return ((Number) v).longValue();
    }

    static Object require(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            throw new IllegalArgumentException("config: missing '" + key + "' in " + c);
        }
        return v;
    }
}
