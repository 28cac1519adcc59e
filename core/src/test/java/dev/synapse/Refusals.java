package dev.synapse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.function.Executable;

/**
 * Checks the rule that a refused load, resume or update changes nothing: the call must throw an
 * {@link IllegalArgumentException} naming what is wrong, and the object's state must read the same, bit
 * for bit, before and after.
 */
public final class Refusals {
    private Refusals() {}

    /**
     * Runs {@code change}, which must be refused with a message holding each of {@code why}, and checks
     * that {@code state} (a state dict: tensors and plain values by key) is unchanged by it.
     */
    public static IllegalArgumentException assertRefused(
            Supplier<? extends Map<String, ?>> state, Executable change, String... why) {
        Map<String, Object> before = snapshot(state.get());
        var e = assertThrows(IllegalArgumentException.class, change);
        for (String w : why) {
            assertTrue(e.getMessage().contains(w), "expected '" + w + "' in: " + e.getMessage());
        }
        Map<String, Object> after = snapshot(state.get());
        assertEquals(before.keySet(), after.keySet(), "state keys");
        before.forEach((k, v) -> {
            if (v instanceof long[] bits) {
                assertArrayEquals(bits, (long[]) after.get(k), k);
            } else {
                assertEquals(v, after.get(k), k);
            }
        });
        return e;
    }

    /** Tensors as their shape and raw bits (so a NaN or -0.0 compares exactly), other values as they are. */
    private static Map<String, Object> snapshot(Map<String, ?> state) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (state == null) {
            return out;
        }
        state.forEach((k, v) -> {
            if (v instanceof Tensor t) {
                double[] d = t.toDoubleArray();
                long[] bits = new long[d.length];
                for (int i = 0; i < d.length; i++) {
                    bits[i] = Double.doubleToRawLongBits(d[i]);
                }
                out.put(k, bits);
                out.put(k + " (shape)", t.shape());
            } else {
                out.put(k, v);
            }
        });
        return out;
    }
}
