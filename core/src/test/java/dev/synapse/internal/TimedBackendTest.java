package dev.synapse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.backend.Backend;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The profiler's timing backend forwards every Backend method, defaults included, so profiling changes nothing. */
class TimedBackendTest {
    @Test
    void overridesEveryBackendMethod() {
        List<String> missing = new ArrayList<>();
        for (Method m : Backend.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                assertEquals(
                        m.getReturnType(),
                        TimedBackend.class
                                .getDeclaredMethod(m.getName(), m.getParameterTypes())
                                .getReturnType(),
                        m.getName());
            } catch (NoSuchMethodException e) {
                missing.add(m.getName());
            }
        }
        assertEquals(List.of(), missing, "Backend methods TimedBackend leaves to the interface's defaults");
    }
}
