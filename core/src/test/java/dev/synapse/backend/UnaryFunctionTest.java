package dev.synapse.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The typed unary functions refuse what a backend could not run: a parameterised op without its parameters. */
class UnaryFunctionTest {
    @Test
    void plainRefusesTheOpsThatTakeParametersNamingTheirRecord() {
        String[][] cases = {
            {"LEAKY_RELU", "LeakyRelu(slope)"},
            {"ELU", "Elu(alpha)"},
            {"CLAMP", "Clamp(min, max)"},
            {"POW_SCALAR", "PowScalar(exponent)"}
        };
        for (String[] c : cases) {
            UnaryOp op = UnaryOp.valueOf(c[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UnaryFunction.of(op));
            assertTrue(e.getMessage().contains("UnaryFunction." + c[1]), e.getMessage());
        }
    }

    @Test
    void plainAcceptsEveryOtherOp() {
        int plain = 0;
        for (UnaryOp op : UnaryOp.values()) {
            switch (op) {
                case LEAKY_RELU, ELU, CLAMP, POW_SCALAR -> {}
                default -> {
                    assertEquals(op, ((UnaryFunction.Plain) UnaryFunction.of(op)).op());
                    plain++;
                }
            }
        }
        assertEquals(UnaryOp.values().length - 4, plain);
    }

    @Test
    void clampRefusesAMinAboveItsMax() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UnaryFunction.Clamp(2, -1));
        assertEquals("clamp: min 2.0 is greater than max -1.0", e.getMessage());
        assertEquals(3.0, new UnaryFunction.Clamp(3, 3).max());
    }
}
