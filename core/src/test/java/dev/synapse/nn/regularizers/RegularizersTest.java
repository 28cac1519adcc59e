package dev.synapse.nn.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.autograd.GradCheck;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class RegularizersTest {
    private final Tensor w = Tensor.of(1.0, -2.0, 3.0);

    @Test
    void penaltiesMatchKeras() {
        assertEquals(0.01 * 6, Regularizers.l1().penalty(w).item(), 1e-12);
        assertEquals(0.01 * 14, Regularizers.l2().penalty(w).item(), 1e-12);
        assertEquals(0.1 * 6 + 0.2 * 14, Regularizers.l1l2(0.1, 0.2).penalty(w).item(), 1e-12);
        assertEquals(0.0, Regularizers.l1l2(0, 0).penalty(w).item());
        assertEquals("L2", Regularizers.get("l2").className());
        assertEquals(0.01 * 20, Regularizers.get("l1_l2").penalty(w).item(), 1e-12);
        Regularizer r = Regularizers.l1l2(0.3, 0.4);
        assertEquals(
                r.config(),
                Regularizers.fromConfig(dev.synapse.nn.Configs.regularizer(r)).config());
        GradCheck.check(t -> Regularizers.l1l2(0.3, 0.4).penalty(t[0]), Tensor.of(0.5, -1.5, 2.0));
    }

    @Test
    void aConfigWithoutItsClassNameIsRefusedByName() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Regularizers.fromConfig(java.util.Map.of("config", java.util.Map.of())));
        assertTrue(e.getMessage().contains("'class_name'"), e.getMessage());
    }
}
