package dev.synapse.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTrip() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "dense_1 \"q\"\n");
        m.put("units", 64L);
        m.put("rate", 0.25);
        m.put("use_bias", true);
        m.put("shape", List.of(28L, 28L));
        m.put("none", null);
        String text = Json.write(m);
        assertEquals(m, Json.parse(text));
        assertEquals(1e-7, Json.parse("1e-7"));
        assertEquals(-3L, Json.parse(" -3 "));
        assertEquals("é", Json.parse("\"\\u00e9\""));
    }

    @Test
    void malformedInputFailsWithAnOffset() {
        for (String bad :
                new String[] {"{", "{\"a\":}", "[1,]", "\"open", "{\"a\":1,\"a\":2}", "tru", "1 2", "{'a':1}"}) {
            var e = assertThrows(Json.JsonException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("offset"), e.getMessage());
        }
        assertThrows(Json.JsonException.class, () -> Json.parse("[".repeat(1000) + "]".repeat(1000)));
        assertThrows(Json.JsonException.class, () -> Json.write(Double.NaN));
    }
}
