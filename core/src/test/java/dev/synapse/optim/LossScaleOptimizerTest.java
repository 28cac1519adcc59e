package dev.synapse.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dynamic loss scaling as Keras's LossScaleOptimizer: skip and halve on overflow, double after good steps. */
class LossScaleOptimizerTest {

    @Test
    void recoversFromAnInjectedOverflow() {
        Tensor w = Tensor.of(1f, 2f);
        LossScaleOptimizer opt = new LossScaleOptimizer(new SGD(0.5), 1024, 3);
        assertEquals(1024, opt.scale());

        // A good step: the scaled gradient [2, 4] * 1024 is unscaled before SGD's update w -= 0.5 * g.
        opt.applyGradients(List.of(Tensor.of(2f * 1024, 4f * 1024)), List.of(w));
        assertArrayEquals(new float[] {0f, 0f}, w.toFloatArray());
        assertEquals(1, opt.iterations());

        // The injected overflow: one infinite element skips the whole step and halves the scale.
        w.assign(Tensor.of(1f, 2f));
        opt.applyGradients(List.of(Tensor.of(Float.POSITIVE_INFINITY, 4f)), List.of(w));
        assertArrayEquals(new float[] {1f, 2f}, w.toFloatArray(), "weights unchanged");
        assertEquals(512, opt.scale());
        assertEquals(1, opt.iterations(), "the skipped step is not counted");
        assertEquals(1, opt.skippedSteps());
        assertFalse(opt.applyUnscaledGradients(List.of(Tensor.of(Float.NaN, 0f)), List.of(w)), "NaN skips too");
        assertEquals(256, opt.scale());

        // Later steps proceed at the lowered scale; three good ones in a row double it again.
        for (int i = 0; i < 3; i++) {
            opt.applyGradients(List.of(Tensor.of(0.2f * (float) opt.scale(), 0f)), List.of(w));
        }
        assertArrayEquals(new float[] {1f - 3 * 0.1f, 2f}, w.toFloatArray(), 1e-6f);
        assertEquals(512, opt.scale());
        assertEquals(4, opt.iterations());
    }

    @Test
    void scalesTheLossAndUnscalesAccumulatedGradients() {
        LossScaleOptimizer opt = new LossScaleOptimizer(new SGD(0.1));
        assertEquals(32768, opt.scale());
        Tensor w = Tensor.of(3f).requiresGrad(true);
        opt.scaleLoss(w.mul(w).sum()).backward();
        assertEquals(6.0 * 32768, w.grad().item());
        opt.unscaleGradients(List.of(w));
        assertEquals(6.0, w.grad().item());
        assertTrue(opt.stepUnscaled(List.of(w)));
        assertEquals(3 - 0.6, w.item(), 1e-6);
        assertEquals("sgd", opt.name());
    }

    @Test
    void refusesAScaleThatIsNotAPowerOfTwo() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LossScaleOptimizer(new SGD(0.1), 1000, 10));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }

    @Test
    void theScaleAndItsStepCounterTravelWithTheStateAndABadOneChangesNothing() {
        Tensor w = Tensor.of(1f, 2f);
        LossScaleOptimizer opt = new LossScaleOptimizer(new Adam(0.1), 1024, 3);
        opt.applyGradients(List.of(Tensor.of(Float.POSITIVE_INFINITY, 0f)), List.of(w));
        opt.applyGradients(List.of(Tensor.of(512f, 512f)), List.of(w));
        var state = opt.state(List.of(w));
        assertEquals(512, state.get(LossScaleOptimizer.SCALE_KEY).item());
        assertEquals(1, state.get(LossScaleOptimizer.GOOD_STEPS_KEY).item());

        LossScaleOptimizer resumed = new LossScaleOptimizer(new Adam(0.1), 1024, 3);
        resumed.loadState(List.of(w), state);
        assertEquals(512, resumed.scale());
        // Two more good steps reach the growth interval of 3: the counter went on from 1.
        resumed.applyGradients(List.of(Tensor.of(512f, 512f)), List.of(w));
        resumed.applyGradients(List.of(Tensor.of(512f, 512f)), List.of(w));
        assertEquals(1024, resumed.scale());

        var bad = new java.util.LinkedHashMap<>(state);
        bad.put(LossScaleOptimizer.SCALE_KEY, Tensor.scalar(1000, dev.synapse.tensor.DType.FLOAT64));
        LossScaleOptimizer untouched = new LossScaleOptimizer(new Adam(0.1), 1024, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> untouched.loadState(List.of(w), bad));
        assertTrue(e.getMessage().contains("power of two") && e.getMessage().contains("1000"), e.getMessage());
        assertEquals(1024, untouched.scale());
        assertTrue(untouched.state(List.of(w)).keySet().stream().noneMatch(k -> k.startsWith("0.")), "no slots");
    }
}
