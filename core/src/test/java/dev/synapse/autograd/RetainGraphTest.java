package dev.synapse.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class RetainGraphTest {

    @Test
    void aSecondBackwardThroughAFreedGraphFailsAsInPyTorch() {
        Tensor w = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        Tensor loss = w.mul(w).sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(
                e.getMessage().contains("backward through the graph a second time")
                        && e.getMessage().contains("backward(true)")
                        && e.getMessage().startsWith("backward of "),
                e.getMessage());
        assertArrayEquals(new float[] {2f, 4f, 6f}, w.grad().toFloatArray(), "the failed pass added nothing");
    }

    @Test
    void retainGraphAllowsAnotherBackward() {
        Tensor w = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        Tensor loss = w.mul(w).sum();
        loss.backward(true);
        loss.backward();
        assertArrayEquals(new float[] {4f, 8f, 12f}, w.grad().toFloatArray(), "2w twice");
        assertThrows(IllegalStateException.class, loss::backward, "the second pass did not retain it");
    }

    @Test
    void aPartOfTheGraphThatABackwardFreedCannotBeReusedByAnotherLoss() {
        Tensor w = Tensor.of(2f).requiresGrad(true);
        Tensor h = w.mul(w);
        h.mul(3.0).sum().backward();
        assertThrows(IllegalStateException.class, () -> h.add(1.0).sum().backward());
    }

    @Test
    void aPersistentTapeAndTwoOpenTapesKeepTheGraph() {
        Tensor x = Tensor.scalar(3.0);
        try (var tape = GradientTape.openPersistent()) {
            tape.watch(x);
            Tensor y = x.mul(x);
            assertEquals(6.0, tape.gradient(y, x).item(), 1e-6);
            assertEquals(6.0, tape.gradient(y, x).item(), 1e-6);
        }
        Tensor a = Tensor.scalar(2.0).requiresGrad(true);
        try (var t1 = GradientTape.open();
                var t2 = GradientTape.open()) {
            Tensor y = a.mul(a).mul(a);
            assertEquals(12.0, t1.gradient(y, a).item(), 1e-6);
            assertEquals(12.0, t2.gradient(y, a).item(), 1e-6, "the second tape still has the shared graph");
        }
        try (var tape = GradientTape.open()) {
            Tensor y = a.mul(a);
            assertEquals(4.0, tape.gradient(y, a).item(), 1e-6);
            assertThrows(IllegalStateException.class, y::backward, "a lone tape frees what it used");
        }
    }

    @Test
    void createGraphRetainsTheGraphForSecondDerivatives() {
        Tensor x = Tensor.scalar(3.0).requiresGrad(true);
        Tensor y = x.mul(x).mul(x);
        Tensor dy = Autograd.grad(y, null, new Tensor[] {x}, true)[0];
        assertEquals(27.0, dy.item(), 1e-5);
        Tensor d2y = Autograd.grad(dy, null, new Tensor[] {x}, false)[0];
        assertEquals(18.0, d2y.item(), 1e-5);
    }
}
