package dev.synapse.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemoryScopeTest {
    // A device of its own: its bytes in use move only with what these tests allocate.
    private static final Device DEV = Device.of("emulated:5");
    private Device.Scope onDevice;
    // Every test runs inside a scope of its own, so that no tensor of it is left for the garbage collector to free
    // while a later test counts bytes.
    private MemoryScope testScope;

    @BeforeEach
    void useDevice() {
        onDevice = DEV.use();
        testScope = MemoryScope.open();
    }

    @AfterEach
    void restoreDevice() {
        testScope.close();
        onDevice.close();
    }

    private static long inUse() {
        return Synapse.memoryStats(DEV).allocatedBytes();
    }

    @Test
    void closingReleasesWhatTheScopeAllocatedAtOnce() {
        long before = inUse();
        Tensor outside = Tensor.ones(100);
        Tensor inside;
        try (var scope = MemoryScope.open()) {
            inside = Tensor.ones(1000);
            inside = inside.add(inside);
            assertEquals(before + 512 + 2 * 4096, inUse(), "ones(100) in one 512-byte block, two 4 KiB blocks");
            assertEquals(2, scope.size(), "ones(1000) and its sum");
        }
        assertEquals(before + 512, inUse(), "only the tensor made before the scope is left");
        assertTrue(inside.storage().isReleased());
        assertFalse(outside.storage().isReleased());
        assertEquals(100.0, outside.sum().item(), 0.0);
        assertSame(testScope, MemoryScope.current());
    }

    @Test
    void aReleasedTensorFailsInKernelsHostReadsAndViewsNamingItself() {
        Tensor t;
        try (var _ = MemoryScope.open()) {
            t = Tensor.zeros(2, 3);
        }
        for (Runnable use : new Runnable[] {() -> t.add(1), t::toFloatArray}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, use::run);
            String m = e.getMessage();
            assertTrue(
                    m.contains("float32")
                            && m.contains("(2, 3)")
                            && m.contains("emulated:5")
                            && m.contains("released")
                            && m.contains("keep"),
                    m);
        }
        String view =
                assertThrows(IllegalStateException.class, () -> t.reshape(6)).getMessage();
        assertTrue(view.startsWith("view: the float32 tensor of shape (6,) on emulated:5 was released"), view);
    }

    @Test
    void keepHandsATensorToTheEnclosingScope() {
        long before = inUse();
        try (var outer = MemoryScope.open()) {
            Tensor kept;
            try (var inner = MemoryScope.open()) {
                kept = inner.keep(Tensor.full(3, 1000));
                Tensor.full(4, 1000);
            }
            assertEquals(before + 4096, inUse(), "the kept tensor alone survives the inner scope");
            assertEquals(1, outer.size());
            assertEquals(3000.0, kept.sum().item(), 0.0);
        }
        assertEquals(before, inUse(), "the outer scope released the kept tensor too");
    }

    @Test
    void tensorKeepOutlivesEveryScope() {
        long before = inUse();
        Tensor kept;
        try (var _ = MemoryScope.open();
                var _ = MemoryScope.open()) {
            kept = Tensor.full(2, 1000).keep();
        }
        assertEquals(before + 4096, inUse());
        try (var _ = MemoryScope.open()) {
            assertArrayEquals(new float[] {2, 2}, kept.slice(0, 0, 2).toFloatArray());
        }
        kept.storage().release();
        kept.storage().release();
        assertEquals(before, inUse(), "release is idempotent: the block goes back once");
    }

    @Test
    void closingAnOuterScopeClosesTheScopesLeftOpenInsideIt() {
        long before = inUse();
        Tensor inner;
        try (var _ = MemoryScope.open()) {
            MemoryScope.open();
            inner = Tensor.ones(10);
        }
        assertTrue(inner.storage().isReleased());
        assertEquals(before, inUse());
        assertSame(testScope, MemoryScope.current(), "the scope around both is current again");
    }

    @Test
    void gradientsOutliveTheStepAndZeroGradReleasesThem() {
        Tensor w = Tensor.ones(1000).requiresGrad(true).keep();
        long before = inUse();
        try (var _ = Synapse.stepScope()) {
            w.mul(w).sum().backward();
        }
        assertEquals(before + 4096, inUse(), "the gradient alone outlives the step");
        assertEquals(2.0, w.grad().toFloatArray()[999], 0.0);
        Tensor g = w.grad();
        try (var _ = Synapse.stepScope()) {
            w.zeroGrad();
        }
        assertTrue(g.storage().isReleased(), "zeroGrad inside a step gives the gradient back when the step ends");
        assertEquals(before, inUse());
        w.storage().release();
    }

    @Test
    void setGradKeepsTheNewGradientAndReleasesTheOldOneWithTheStep() {
        Tensor w = Tensor.ones(4).requiresGrad(true).keep();
        Tensor first;
        Tensor second;
        try (var _ = Synapse.stepScope()) {
            w.mul(3).sum().backward();
            first = w.grad();
            second = first.mul(2);
            w.setGrad(second);
        }
        assertTrue(first.storage().isReleased(), "the replaced gradient goes with the step");
        assertSame(second, w.grad());
        assertFalse(second.storage().isReleased(), "the new gradient outlives the step");
        assertArrayEquals(new float[] {6, 6, 6, 6}, w.grad().toFloatArray());
        w.grad().storage().release();
        w.storage().release();
    }

    @Test
    void cpuStorageIgnoresRelease() {
        try (var _ = Device.CPU.use()) {
            Tensor t;
            try (var scope = MemoryScope.open()) {
                t = Tensor.ones(3);
                assertEquals(0, scope.size(), "a scope leaves CPU storage to the garbage collector");
            }
            assertFalse(t.storage().isReleased(), "the garbage collector owns Java arrays");
            assertEquals(3.0, t.sum().item(), 0.0);
        }
    }

    @Test
    void aScopeClosedOnAnotherThreadFails() throws Exception {
        MemoryScope scope = MemoryScope.open();
        try {
            Throwable[] thrown = new Throwable[1];
            Thread other = new Thread(() -> {
                try {
                    scope.close();
                } catch (IllegalStateException e) {
                    thrown[0] = e;
                }
            });
            other.start();
            other.join();
            assertTrue(thrown[0] != null && thrown[0].getMessage().contains("thread"), String.valueOf(thrown[0]));
        } finally {
            scope.close();
        }
    }
}
