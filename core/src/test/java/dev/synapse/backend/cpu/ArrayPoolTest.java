package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.MemoryScope;
import dev.synapse.tensor.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CPU arrays released by a memory scope are reused, zeroed, for the next tensor of their size. */
class ArrayPoolTest {
    private static final int BIG = ArrayPool.MIN_ELEMENTS * 3 + 5;

    @Test
    void aReleasedArrayServesTheNextTensorOfItsSizeZeroed() {
        // Both arrays of the first step (the zeros and the sum) go back to the pool; the next tensor of that size gets
        // one of them. Identity, not equality: a failure must not print arrays of 50,000 elements.
        Set<Object> released = Collections.newSetFromMap(new IdentityHashMap<>());
        try (MemoryScope step = MemoryScope.open()) {
            Tensor zeros = Tensor.zeros(BIG);
            Tensor t = zeros.add(7f);
            released.add(Elements.array(zeros));
            released.add(Elements.array(t));
            assertEquals(7f, t.get(BIG - 1).item(), 0f);
            assertEquals(2, step.size());
        }
        try (MemoryScope step = MemoryScope.open()) {
            Tensor t = Tensor.zeros(BIG);
            assertTrue(released.contains(Elements.array(t)), "a released array is reused");
            assertEquals(1, step.size());
            assertEquals(0.0, t.abs().sum().item(), "and zeroed");
        }
    }

    /**
     * Elementwise and convolution outputs take released arrays without zeroing them (every element is written), so a
     * step's values must never show what the array held before: three steps on different inputs, each on the arrays
     * the step before released, against the same computation done first.
     */
    @Test
    void outputsOnReusedArraysHoldOnlyTheirOwnValues() {
        Tensor w = Tensor.rand(3, 3, 3, 24);
        Tensor b = Tensor.rand(24).sub(0.5f);
        Tensor[] xs = {Tensor.rand(4, 30, 30, 3), Tensor.rand(4, 30, 30, 3).mul(-1f), Tensor.rand(4, 30, 30, 3)};
        float[][] expected = new float[xs.length][];
        for (int k = 0; k < xs.length; k++) {
            expected[k] = layer(xs[k], w, b).toFloatArray();
        }
        for (int k = 0; k < xs.length; k++) {
            try (MemoryScope scope = MemoryScope.open()) {
                float[] v = layer(xs[k], w, b).toFloatArray();
                assertTrue(java.util.Arrays.equals(expected[k], v), "step " + k + " differs");
                assertTrue(scope.size() > 0);
            }
        }
        // And the backend hands a released array over as it is.
        Set<Object> reused = Collections.newSetFromMap(new IdentityHashMap<>());
        try (MemoryScope scope = MemoryScope.open()) {
            reused.add(Elements.array(Tensor.full(5.0, DType.FLOAT32, BIG)));
            assertEquals(1, scope.size());
        }
        CpuStorage s = (CpuStorage) w.backend().allocateUninitialized(DType.FLOAT32, BIG);
        if (reused.contains(s.array())) { // unless a test running beside this one took it first
            assertEquals(5f, ((float[]) s.array())[BIG - 1], 0f);
        }
    }

    private static Tensor layer(Tensor x, Tensor w, Tensor b) {
        return dev.synapse.ops.Convolutions.conv2dRelu(x, w, b, dev.synapse.ops.Convolutions.Conv2dOptions.DEFAULT)
                .mul(2f)
                .sub(1f)
                .exp();
    }

    @Test
    void aTensorReadAfterItsStepFailsInsteadOfSeeingAnotherTensor() {
        Tensor stale;
        try (MemoryScope step = MemoryScope.open()) {
            stale = Tensor.ones(BIG).mul(2f);
            assertTrue(step.size() > 0);
        }
        assertTrue(stale.storage().isReleased());
        IllegalStateException e = assertThrows(IllegalStateException.class, stale::toFloatArray);
        assertTrue(e.getMessage().contains("released") && e.getMessage().contains("keep"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> stale.add(1f));
    }

    @Test
    void keptTensorsSmallTensorsAndAdoptedArraysStay() {
        Tensor kept;
        Tensor small;
        try (MemoryScope step = MemoryScope.open()) {
            kept = step.keep(Tensor.ones(BIG).mul(3f));
            small = Tensor.ones(ArrayPool.MIN_ELEMENTS - 1).mul(4f);
        }
        assertEquals(3f * BIG, kept.sum().item(), 0f);
        assertEquals(4f * (ArrayPool.MIN_ELEMENTS - 1), small.sum().item(), 0f);
        // An array handed in by the caller stays the caller's: release leaves it alone.
        float[] mine = new float[BIG];
        CpuStorage adopted = (CpuStorage) kept.backend().fromHost(mine);
        assertFalse(adopted.releasable());
        adopted.release();
        assertFalse(adopted.isReleased());
        assertSame(mine, adopted.array());
    }

    @Test
    void thePoolKeepsAtMostItsCapacityAndOnlyLargeArrays() {
        ArrayPool pool = new ArrayPool(4L * 2 * BIG);
        assertTrue(pool.give(DType.FLOAT32, new float[BIG]));
        assertTrue(pool.give(DType.FLOAT32, new float[BIG]));
        assertFalse(pool.give(DType.FLOAT32, new float[BIG]), "over capacity");
        assertFalse(pool.give(DType.FLOAT32, new float[ArrayPool.MIN_ELEMENTS - 1]), "too small to keep");
        assertEquals(4L * 2 * BIG, pool.keptBytes());
        assertNull(pool.take(DType.FLOAT32, BIG + 1), "only the exact length");
        assertNull(pool.take(DType.INT32, BIG), "only the same dtype");
        float[] a = (float[]) pool.take(DType.FLOAT32, BIG);
        assertEquals(BIG, a.length);
        pool.clear();
        assertEquals(0, pool.keptBytes());
        assertNull(pool.take(DType.FLOAT32, BIG));
    }
}
