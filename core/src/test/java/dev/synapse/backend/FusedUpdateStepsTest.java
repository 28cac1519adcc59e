package dev.synapse.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fused optimizer steps list the slots they write, in order, and refuse a missing one. */
class FusedUpdateStepsTest {
    @Test
    void adamListsItsMomentsAndTheAmsgradMaximumWhenPresent() {
        Tensor m = Tensor.zeros(2);
        Tensor v = Tensor.zeros(2);
        Tensor vhat = Tensor.zeros(2);
        FusedUpdate.AdamStep plain = new FusedUpdate.AdamStep(1e-3, 0.9, 0.999, 1e-7, m, v, null);
        FusedUpdate.AdamStep ams = new FusedUpdate.AdamStep(1e-3, 0.9, 0.999, 1e-7, m, v, vhat);
        assertFalse(plain.amsgrad());
        assertTrue(ams.amsgrad());
        assertEquals(2, plain.slots().size());
        List<Tensor> slots = ams.slots();
        assertSame(m, slots.get(0));
        assertSame(v, slots.get(1));
        assertSame(vhat, slots.get(2));
        assertThrows(NullPointerException.class, () -> new FusedUpdate.AdamStep(1, 0.9, 0.999, 1e-7, m, null, null));
    }

    @Test
    void sgdMomentumListsItsVelocity() {
        Tensor velocity = Tensor.zeros(3);
        FusedUpdate.SgdMomentumStep step = new FusedUpdate.SgdMomentumStep(0.1, 0.9, true, velocity);
        assertEquals(List.of(velocity), step.slots());
        assertThrows(NullPointerException.class, () -> new FusedUpdate.SgdMomentumStep(0.1, 0.9, false, null));
    }
}
