package dev.synapse.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.optim.Adam;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Storage version counters: backward refuses to use a saved tensor that was written in place after its op ran. */
class VersionCounterTest {

    private static void noGrad(Runnable r) {
        try (var _ = GradMode.noGrad()) {
            r.run();
        }
    }

    @Test
    void backwardFailsNamingTheOpAndTheTensorWhenASavedInputChanged() {
        Tensor w = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        Tensor loss = w.mul(w).sum();
        noGrad(() -> w.addInPlace(Tensor.ones(3)));
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        String m = e.getMessage();
        assertTrue(
                m.contains("backward of mul")
                        && m.contains("input 0")
                        && m.contains("shape (3,)")
                        && m.contains("float32")
                        && m.contains("version 1")
                        && m.contains("version 0"),
                m);
        assertNull(w.grad(), "a failed backward leaves grad() untouched");
    }

    @Test
    void aChangedSavedOutputIsCaughtToo() {
        Tensor x = Tensor.of(0.5, 1.0).requiresGrad(true);
        Tensor y = x.exp();
        Tensor loss = y.sum();
        noGrad(() -> y.mulInPlace(2.0));
        String m = assertThrows(IllegalStateException.class, loss::backward).getMessage();
        assertTrue(m.contains("backward of exp") && m.contains("its output"), m);
    }

    @Test
    void viewsShareTheirStoragesCounter() {
        Tensor w = Tensor.of(1f, 2f, 3f, 4f).requiresGrad(true);
        Tensor x = Tensor.of(1f, 1f, 1f, 1f);
        Tensor loss = w.mul(x).sum();
        Tensor view = x.reshape(2, 2).slice(0, 1, 2);
        noGrad(() -> view.fill(5));
        assertEquals(1, x.version());
        assertEquals(1, x.detach().version());
        assertThrows(IllegalStateException.class, loss::backward);

        // A write through the base is seen by an op that saved a view of it.
        Tensor base = Tensor.of(2.0, 3.0);
        Tensor v = Tensor.scalar(1.0, DType.FLOAT64).requiresGrad(true);
        Tensor l2 = v.mul(base.slice(0, 0, 1)).sum();
        base.assign(Tensor.of(7.0, 7.0));
        assertThrows(IllegalStateException.class, l2::backward);
    }

    @Test
    void everyInPlaceWriteMovesTheVersion() {
        List<Consumer<Tensor>> writes = List.of(
                t -> t.assign(Tensor.ones(2)),
                t -> t.fill(3),
                t -> t.addInPlace(Tensor.ones(2)),
                t -> t.subInPlace(Tensor.ones(2)),
                t -> t.mulInPlace(Tensor.ones(2)),
                t -> t.mulInPlace(2.0),
                Tensor::incrementVersion);
        for (Consumer<Tensor> write : writes) {
            Tensor t = Tensor.zeros(2);
            write.accept(t);
            assertEquals(1, t.version());
        }
    }

    @Test
    @dev.synapse.testing.CpuOnly
    void fusedOptimizerUpdatesMoveTheVersionsOfWeightsAndSlots() {
        for (Optimizer opt : List.of(new Adam(0.1), new SGD(0.1, 0.9, false))) {
            Tensor w = Tensor.ones(8).requiresGrad(true);
            Tensor x = Tensor.arange(8).requiresGrad(false);
            Tensor loss = w.mul(x).sum();
            loss.backward();
            opt.step(List.of(w));
            assertEquals(1, w.version(), opt.name());
            for (Tensor slot : opt.state(List.of(w)).values()) {
                assertEquals(1, slot.version(), opt.name() + " slot");
            }
            // The graph that read w before the step is stale now; a second backward through it must fail.
            Tensor stale = w.mul(w).sum();
            opt.step(List.of(w));
            assertThrows(IllegalStateException.class, stale::backward, opt.name());
        }
    }

    @Test
    void stepsBetweenIterationsDoNotTrip() {
        Tensor w = Tensor.of(1.0, -2.0).requiresGrad(true);
        Tensor x = Tensor.of(3.0, 4.0);
        Adam opt = new Adam(0.01);
        for (int i = 0; i < 3; i++) {
            Tensor loss = w.mul(x).sum().square();
            loss.backward();
            opt.step(List.of(w));
            Optimizer.zeroGrad(List.of(w));
        }
        assertEquals(3, opt.iterations());
    }

    @Test
    void opsWhoseBackwardReadsNoValuesDoNotTrip() {
        // As in PyTorch: add's gradient needs only shapes, so changing its input afterwards is harmless.
        Tensor w = Tensor.of(1f, 2f).requiresGrad(true);
        Tensor x = Tensor.of(5f, 5f);
        Tensor loss = w.add(x).reshape(2, 1).sum();
        noGrad(() -> x.fill(-1));
        loss.backward();
        assertArrayEquals(new float[] {1f, 1f}, w.grad().toFloatArray());
    }

    @Test
    void productsSaveEachInputOnlyForTheOthersGradient() {
        // d(w * x)/dw reads x alone, so a weight changed in place before backward leaves it valid (as in PyTorch);
        // a changed x does not.
        Tensor w = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor x = Tensor.of(3.0, 4.0);
        Tensor loss = w.mul(x).sum();
        noGrad(() -> w.fill(9));
        loss.backward();
        assertArrayEquals(new double[] {3, 4}, w.grad().toDoubleArray(), 0.0);
        Tensor m = Tensor.of(1.0, 2.0).reshape(1, 2).requiresGrad(true);
        Tensor lossM = x.reshape(1, 2).matmul(m.t()).sum();
        noGrad(() -> m.fill(0));
        lossM.backward();
        assertArrayEquals(new double[] {3, 4}, m.grad().toDoubleArray(), 0.0);
        Tensor lossX = w.mul(x).sum();
        x.fill(1);
        assertThrows(IllegalStateException.class, lossX::backward);
        // Division by a constant reads only the divisor, never the output.
        Tensor q = w.div(Tensor.of(2.0, 4.0));
        Tensor lossQ = q.sum();
        noGrad(() -> q.fill(0));
        w.zeroGrad();
        lossQ.backward();
        assertArrayEquals(new double[] {0.5, 0.25}, w.grad().toDoubleArray(), 0.0);
    }

    @Test
    void aChangedIndexTensorIsCaught() {
        Tensor w = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        Tensor idx = Tensor.of(0, 2);
        Tensor loss = w.indexSelect(0, idx).sum();
        idx.fill(1);
        String m = assertThrows(IllegalStateException.class, loss::backward).getMessage();
        assertTrue(m.contains("int32") && m.contains("shape (2,)"), m);
    }

    @Test
    void gradientTapeChecksVersions() {
        Tensor w = Tensor.of(1.0, 2.0).requiresGrad(true);
        try (GradientTape tape = GradientTape.open()) {
            Tensor loss = w.square().sum();
            new SGD(0.1).applyGradients(List.of(Tensor.ones(DType.FLOAT64, 2)), List.of(w));
            String m = assertThrows(IllegalStateException.class, () -> tape.gradient(loss, w))
                    .getMessage();
            assertTrue(m.contains("backward of square") && m.contains("a leaf that requires a gradient"), m);
        }
    }
}
