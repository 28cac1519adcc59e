package dev.synapse.io.internal;

import dev.synapse.io.CorruptFileException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads from parsed JSON (maps, lists, longs, doubles, strings, booleans) that fail with a
 * {@link CorruptFileException} naming the file and the key, instead of a {@code ClassCastException}
 * or a {@code NullPointerException}: what a loader needs when every value comes from a file.
 */
public final class JsonFields {
    private JsonFields() {}

    /** The object at {@code key}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> m, String key, String source)
            throws CorruptFileException {
        Object v = m.get(key);
        if (!(v instanceof Map<?, ?>)) {
            throw wrong(source, key, "an object", v);
        }
        return (Map<String, Object>) v;
    }

    /** The object at {@code key}, or null when absent. */
    public static @Nullable Map<String, Object> optionalMap(Map<String, Object> m, String key, String source)
            throws CorruptFileException {
        return m.get(key) == null ? null : map(m, key, source);
    }

    /** The list at {@code key}. */
    public static List<Object> list(Map<String, Object> m, String key, String source) throws CorruptFileException {
        return asList(m.get(key), key, source);
    }

    /** {@code v} as a list; {@code what} names it in the error. */
    @SuppressWarnings("unchecked")
    public static List<Object> asList(@Nullable Object v, String what, String source) throws CorruptFileException {
        if (!(v instanceof List<?>)) {
            throw wrong(source, what, "a list", v);
        }
        return (List<Object>) v;
    }

    /** {@code v} as an object; {@code what} names it in the error. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(@Nullable Object v, String what, String source)
            throws CorruptFileException {
        if (!(v instanceof Map<?, ?>)) {
            throw wrong(source, what, "an object", v);
        }
        return (Map<String, Object>) v;
    }

    /** The integer at {@code key}. */
    public static long integer(Map<String, Object> m, String key, String source) throws CorruptFileException {
        return asLong(m.get(key), key, source);
    }

    /** {@code v} as an integer. */
    public static long asLong(@Nullable Object v, String what, String source) throws CorruptFileException {
        if (!(v instanceof Long l)) {
            throw wrong(source, what, "an integer", v);
        }
        return l;
    }

    /** The integer at {@code key}, which must lie in {@code [min, max]}. */
    public static int intIn(Map<String, Object> m, String key, int min, int max, String source)
            throws CorruptFileException {
        long v = integer(m, key, source);
        if (v < min || v > max) {
            throw new CorruptFileException(source + ": '" + key + "' is " + v + ", outside [" + min + ", " + max + "]");
        }
        return (int) v;
    }

    /** The number at {@code key} (integer or not). */
    public static double number(Map<String, Object> m, String key, String source) throws CorruptFileException {
        Object v = m.get(key);
        if (!(v instanceof Long || v instanceof Double)) {
            throw wrong(source, key, "a number", v);
        }
        return ((Number) v).doubleValue();
    }

    /** The string at {@code key}. */
    public static String string(Map<String, Object> m, String key, String source) throws CorruptFileException {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw wrong(source, key, "a string", v);
        }
        return s;
    }

    /** The boolean at {@code key}. */
    public static boolean bool(Map<String, Object> m, String key, String source) throws CorruptFileException {
        Object v = m.get(key);
        if (!(v instanceof Boolean b)) {
            throw wrong(source, key, "true or false", v);
        }
        return b;
    }

    private static CorruptFileException wrong(String source, String key, String expected, @Nullable Object got) {
        String seen = got == null
                ? "nothing"
                : got instanceof String
                        ? "a string"
                        : got instanceof Map
                                ? "an object"
                                : got instanceof List
                                        ? "a list"
                                        : got instanceof Boolean ? "a boolean" : "the number " + got;
        return new CorruptFileException(source + ": '" + key + "' should be " + expected + " but is " + seen);
    }
}
