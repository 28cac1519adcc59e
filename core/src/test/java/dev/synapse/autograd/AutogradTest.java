package dev.synapse.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AutogradTest {

    @Test
    void backwardAccumulatesIntoLeaves() {
        Tensor w = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        w.mul(w).sum().backward();
        assertArrayEquals(new float[] {2f, 4f, 6f}, w.grad().toFloatArray());
        w.mul(2.0).sum().backward();
        assertArrayEquals(new float[] {4f, 6f, 8f}, w.grad().toFloatArray(), "gradients accumulate with +=");
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void tensorUsedTwiceSumsItsGradients() {
        Tensor x = Tensor.scalar(3.0).requiresGrad(true);
        Tensor y = x.mul(2.0).add(x.mul(x)); // 2x + x^2
        y.backward();
        assertEquals(8.0, x.grad().item(), 1e-6);
    }

    @Test
    void nonScalarNeedsUpstreamGradient() {
        Tensor x = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y = x.mul(3.0);
        assertThrows(IllegalStateException.class, y::backward);
        y.backward(Tensor.of(1f, 10f));
        assertArrayEquals(new float[] {3f, 30f}, x.grad().toFloatArray());
    }

    @Test
    void noGradRecordsNothing() {
        Tensor x = Tensor.scalar(1.0).requiresGrad(true);
        try (var _ = GradMode.noGrad()) {
            Tensor y = x.mul(2.0);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
        }
        Tensor z = x.mul(2.0);
        assertEquals("mul", z.gradFn().op());
    }

    @Test
    void deepGraphDoesNotOverflowTheStack() {
        Tensor x = Tensor.scalar(1.0).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 50_000; i++) {
            y = y.add(1.0);
        }
        y.backward();
        assertEquals(1.0, x.grad().item(), 0.0);
    }

    @Test
    void gradientsFlowThroughBroadcastingBackToTheSourceShape() {
        Tensor a = Tensor.ones(2, 3).requiresGrad(true);
        Tensor b = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        a.mul(b).sum().backward();
        assertArrayEquals(new int[] {3}, b.grad().dims());
        assertArrayEquals(new float[] {2f, 2f, 2f}, b.grad().toFloatArray());
        assertArrayEquals(new float[] {1f, 2f, 3f, 1f, 2f, 3f}, a.grad().toFloatArray());
    }

    @Test
    void inPlaceUpdateOfAWeightNeedsNoGrad() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        assertThrows(IllegalStateException.class, () -> w.subInPlace(Tensor.ones(2)));
        try (var _ = GradMode.noGrad()) {
            w.subInPlace(Tensor.of(0.5f, 0.25f));
        }
        assertArrayEquals(new float[] {0.5f, 0.75f}, w.toFloatArray());
    }

    // ---- a leaf's first gradient: taken from the sweep, or copied where something else holds it ------------

    @Test
    void aGradientMadeForOneLeafIsTakenWithoutACopy() {
        Tensor w = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        Tensor x = Tensor.of(4f, 5f, 6f);
        long copies;
        try (Profiler prof = Profiler.start()) {
            w.mul(x).sum().backward();
            copies = prof.keyAverages().stream()
                    .filter(r -> r.name().equals("kernel copy"))
                    .mapToLong(ProfileRow::calls)
                    .sum();
        }
        assertEquals(0, copies, "the product's gradient g * x belongs to w alone");
        assertArrayEquals(new float[] {4f, 5f, 6f}, w.grad().toFloatArray());
    }

    @Test
    void leavesThatReceiveTheSameGradientGetTheirOwnCopies() {
        Tensor a = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor b = Tensor.of(3f, 4f).requiresGrad(true);
        a.add(b).sum().backward(); // add hands the same gradient to both operands
        a.grad().mulInPlace(Tensor.scalar(10f));
        assertArrayEquals(new float[] {10f, 10f}, a.grad().toFloatArray());
        assertArrayEquals(new float[] {1f, 1f}, b.grad().toFloatArray(), "b's gradient is not a's");
    }

    @Test
    void theCallersGradientIsCopiedNotTaken() {
        Tensor x = Tensor.of(1f, 2f, 3f, 4f, 5f, 6f).requiresGrad(true);
        Tensor g = Tensor.of(1f, 1f, 1f, 1f, 1f, 1f).reshape(2, 3);
        x.reshape(2, 3).backward(g); // reshape's gradient is a view of g
        g.mulInPlace(Tensor.scalar(7f));
        assertArrayEquals(new float[] {1f, 1f, 1f, 1f, 1f, 1f}, x.grad().toFloatArray());
    }

    @Test
    void retainedGraphsAccumulateIntoCopies() {
        Tensor w = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor y = w.mul(Tensor.of(3f, 5f)).sum();
        y.backward(true);
        y.backward(true);
        assertArrayEquals(new float[] {6f, 10f}, w.grad().toFloatArray());
    }
}
