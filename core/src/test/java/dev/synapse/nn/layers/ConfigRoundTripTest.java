package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.nn.LayerRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every layer's config round trip is one of {@code LayerHarness}'s checks; this covers what the registry refuses. */
class ConfigRoundTripTest {
    @Test
    void unknownTypesAreRefused() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> LayerRegistry.fromConfig(Map.of("class_name", "java.lang.Runtime", "config", Map.of())));
        assertEquals(true, e.getMessage().contains("unknown layer type"));
    }
}
