package dev.synapse.nn;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Automatic layer names, as Keras gives them: the class name in snake case ({@code Dense} becomes
 * {@code dense}, {@code Conv2DTranspose} {@code conv2d_transpose}), then {@code _1}, {@code _2}, ...
 * for later layers of the same kind. The counters are process-wide; {@link #clearSession()} resets
 * them ({@code keras.backend.clear_session()}).
 */
public final class Names {
    private static final Map<String, Integer> COUNTERS = new HashMap<>();

    private Names() {}

    /** A fresh name with the given base: {@code base}, then {@code base_1}, {@code base_2}, ... */
    public static synchronized String unique(String base) {
        int n = COUNTERS.merge(base, 1, Integer::sum) - 1;
        return n == 0 ? base : base + "_" + n;
    }

    /**
     * Marks a name given explicitly (or read back from a model file) as taken, so that later automatic
     * names do not repeat it: after {@code dense_3}, the next automatic {@code Dense} is {@code dense_4}.
     */
    static synchronized void reserve(String name) {
        int cut = name.lastIndexOf('_');
        if (cut > 0
                && cut < name.length() - 1
                && name.substring(cut + 1).chars().allMatch(Character::isDigit)
                && name.length() - cut - 1 < 10) {
            COUNTERS.merge(name.substring(0, cut), Integer.parseInt(name.substring(cut + 1)) + 1, Math::max);
        } else {
            COUNTERS.merge(name, 1, Math::max);
        }
    }

    /** Gives back {@code name} when it was the last one {@link #unique} issued for {@code base}. */
    static synchronized void release(String base, String name) {
        Integer count = COUNTERS.get(base);
        if (count == null) {
            return;
        }
        int last = count - 1;
        String lastName = last == 0 ? base : base + "_" + last;
        if (lastName.equals(name)) {
            if (count == 1) {
                COUNTERS.remove(base);
            } else {
                COUNTERS.put(base, count - 1);
            }
        }
    }

    /** Resets every counter, so the next {@code Dense} is named {@code dense} again. */
    public static synchronized void clearSession() {
        COUNTERS.clear();
    }

    /** Keras's snake case of a class name: {@code LeakyReLU} becomes {@code leaky_re_lu}. */
    public static String snakeCase(String className) {
        String s = className.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(Locale.ROOT);
    }
}
