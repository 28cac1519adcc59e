package dev.synapse.train;

import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads from a callback's state as a checkpoint gives it back (see
 * {@link Callback#loadStateDict}): every value comes from a file, so each read checks the value's
 * type and range and fails with an {@link IllegalArgumentException} naming the callback, the entry and
 * the value, never a {@code ClassCastException} or {@code NullPointerException}.
 */
public final class CallbackStates {
    private CallbackStates() {}

    /** The integer at {@code key} (a Long as JSON gives it back, or an Integer), in {@code [min, max]}. */
    public static int integer(Map<String, Object> state, String key, int min, int max, String owner) {
        Object v = state.get(key);
        if (!(v instanceof Long || v instanceof Integer)
                || ((Number) v).longValue() < min
                || ((Number) v).longValue() > max) {
            throw bad(owner, key, "an integer in [" + min + ", " + max + "]", v);
        }
        return ((Number) v).intValue();
    }

    /**
     * The number stored at {@code key} as {@code Double.toString} text (so that infinities survive JSON):
     * any value {@code Double.toString} writes, infinities and NaN included, and nothing else.
     */
    public static double number(Map<String, Object> state, String key, String owner) {
        Object v = state.get(key);
        if (v instanceof String s
                && (s.equals("Infinity")
                        || s.equals("-Infinity")
                        || s.equals("NaN")
                        || s.matches("-?[0-9.]+(E-?[0-9]+)?"))) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw bad(owner, key, "a number written as text (such as \"0.25\" or \"Infinity\")", v);
    }

    /** Refuses keys outside {@code known} (and, when {@code prefix} is given, outside keys starting with it). */
    public static void onlyKeys(Map<String, Object> state, Set<String> known, @Nullable String prefix, String owner) {
        for (String k : state.keySet()) {
            if (!known.contains(k) && (prefix == null || !k.startsWith(prefix))) {
                throw new IllegalArgumentException(owner + ": unknown state entry '" + k + "' (known: " + known
                        + (prefix == null ? "" : " and " + prefix + "<weight path>") + ")");
            }
        }
    }

    /**
     * The tensors stored under {@code prefix + <weight path>}, checked against the live weights: either
     * none, or exactly one per live weight with its shape and dtype. Returns them by weight path (empty
     * when none were stored).
     */
    public static Map<String, Tensor> weights(
            Map<String, Object> state, String prefix, Map<String, Tensor> live, String owner) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : state.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String name = e.getKey().substring(prefix.length());
            Tensor want = live.get(name);
            if (want == null) {
                throw new IllegalArgumentException(
                        owner + ": state entry '" + e.getKey() + "' names no weight of the model " + "(its weights: "
                                + live.keySet() + "); was the checkpoint written for another model?");
            }
            if (!(e.getValue() instanceof Tensor t)) {
                throw bad(owner, e.getKey(), "a tensor", e.getValue());
            }
            if (!t.shape().equals(want.shape()) || t.dtype() != want.dtype()) {
                throw new IllegalArgumentException(owner + ": state entry '" + e.getKey() + "' is " + t.dtype() + " "
                        + t.shape() + " but the weight is " + want.dtype() + " " + Shape.format(want.dims()));
            }
            out.put(name, t);
        }
        if (!out.isEmpty() && out.size() != live.size()) {
            for (String name : live.keySet()) {
                if (!out.containsKey(name)) {
                    throw new IllegalArgumentException(owner + ": state entry '" + prefix + name + "' is missing; a "
                            + "snapshot must hold every weight of the model");
                }
            }
        }
        return out;
    }

    private static IllegalArgumentException bad(String owner, String key, String expected, @Nullable Object got) {
        String seen = got == null
                ? "nothing"
                : got instanceof Tensor t
                        ? "a tensor of shape " + t.shape()
                        : got instanceof String s
                                ? "the text \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\""
                                : got.getClass().getSimpleName() + " " + got;
        return new IllegalArgumentException(
                owner + ": state entry '" + key + "' should be " + expected + " but is " + seen);
    }
}
