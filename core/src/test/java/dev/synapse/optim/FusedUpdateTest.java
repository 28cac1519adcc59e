package dev.synapse.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.backend.FusedUpdate;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The backend's fused optimizer kernels against the optimizers' tensor-op formulation. */
@dev.synapse.testing.CpuOnly
class FusedUpdateTest {
    private static final int[] SIZES = {1, 15, 16, 17, 1003, 100_000};

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            // Fused multiply-adds round once where the composed ops round twice: a few ulp per step.
            assertEquals(e[i], a[i], 1e-5 * Math.abs(e[i]) + 1e-6, what + " element " + i);
        }
    }

    @Test
    void adamMatchesTheComposedUpdate() {
        for (boolean amsgrad : new boolean[] {false, true}) {
            for (int n : SIZES) {
                Generator gen = new Generator(n);
                Adam adam = new Adam(new Adam.Options(1e-2, 0.9, 0.999, 1e-7, amsgrad));
                Tensor w1 = Tensor.normal(0, 1, gen, n);
                Tensor w2 = w1.copy();
                int slotCount = amsgrad ? 3 : 2;
                Tensor[] s1 = new Tensor[slotCount];
                Tensor[] s2 = new Tensor[slotCount];
                for (int k = 0; k < slotCount; k++) {
                    s1[k] = Tensor.zeros(n);
                    s2[k] = Tensor.zeros(n);
                }
                for (int t = 1; t <= 5; t++) {
                    Tensor g = Tensor.normal(0, 1, gen, n);
                    double alpha = 1e-2 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                    Tensor vhat = amsgrad ? s1[2] : null;
                    assertTrue(w1.backend()
                            .fusedUpdate(new FusedUpdate.AdamStep(alpha, 0.9, 0.999, 1e-7, s1[0], s1[1], vhat), w1, g));
                    adam.updateComposed(w2, g, s2, alpha, 1e-7);
                }
                assertClose(w2, w1, "adam amsgrad=" + amsgrad + " n=" + n + " weights");
                assertClose(s2[1], s1[1], "adam n=" + n + " second moment");
            }
        }
    }

    @Test
    void momentumMatchesTheComposedUpdate() {
        for (boolean nesterov : new boolean[] {false, true}) {
            for (int n : SIZES) {
                Generator gen = new Generator(n + 1);
                SGD sgd = new SGD(0.1, 0.9, nesterov);
                Tensor w1 = Tensor.normal(0, 1, gen, n);
                Tensor w2 = w1.copy();
                Tensor[] s1 = {Tensor.zeros(n)};
                Tensor[] s2 = {Tensor.zeros(n)};
                for (int t = 1; t <= 5; t++) {
                    Tensor g = Tensor.normal(0, 1, gen, n);
                    assertTrue(w1.backend()
                            .fusedUpdate(new FusedUpdate.SgdMomentumStep(0.1, 0.9, nesterov, s1[0]), w1, g));
                    sgd.updateComposed(w2, g, s2, 0.1);
                }
                assertClose(w2, w1, "momentum nesterov=" + nesterov + " n=" + n);
            }
        }
    }

    @Test
    void nonContiguousOrDoubleTensorsUseTheComposedPath() {
        Tensor w = Tensor.zeros(4, 4).t();
        assertFalse(w.backend()
                .fusedUpdate(
                        new FusedUpdate.SgdMomentumStep(0.1, 0.9, false, Tensor.zeros(4, 4)), w, Tensor.ones(4, 4)));
        Tensor d = Tensor.zeros(3).to(dev.synapse.tensor.DType.FLOAT64);
        assertFalse(d.backend().fusedUpdate(new FusedUpdate.AdamStep(1, 0.9, 0.999, 1e-7, d, d, null), d, d));
    }
    /**
     * One step from hand-derived numbers, with every hyperparameter distinct so that a kernel reading one in
     * another's place gives another answer: g = 1, beta1 = 0.9, beta2 = 0.99, epsilon = 0.5, alpha = 2 give
     * m = 0.1, v = 0.01, vhat = max(0.04, 0.01) and w = 1 - 2 * 0.1 / (sqrt(v or vhat) + 0.5).
     * Sizes 1 and 17 take the scalar tail and the vector loop.
     */
    @Test
    void adamStepReachesTheKernelWithItsHyperparameters() {
        for (int n : new int[] {1, 17}) {
            Tensor w = Tensor.full(1, n);
            Tensor m = Tensor.zeros(n);
            Tensor v = Tensor.zeros(n);
            assertTrue(w.backend()
                    .fusedUpdate(new FusedUpdate.AdamStep(2, 0.9, 0.99, 0.5, m, v, null), w, Tensor.ones(n)));
            assertEach(n, w, 1 - 1.0 / 3, "adam weights");
            assertEach(n, m, 0.1, "adam m");
            assertEach(n, v, 0.01, "adam v");

            Tensor wa = Tensor.full(1, n);
            Tensor vhat = Tensor.full(0.04, n);
            assertTrue(wa.backend()
                    .fusedUpdate(
                            new FusedUpdate.AdamStep(2, 0.9, 0.99, 0.5, Tensor.zeros(n), Tensor.zeros(n), vhat),
                            wa,
                            Tensor.ones(n)));
            assertEach(n, wa, 1 - 2 * 0.1 / (0.2 + 0.5), "amsgrad weights");
            assertEach(n, vhat, 0.04, "amsgrad vhat");
        }
    }

    /**
     * Velocity 0.5, g = 2, lr = 0.1, momentum 0.9: velocity = 0.45 - 0.2 = 0.25; the weights move by 0.25, or
     * with Nesterov by 0.9 * 0.25 - 0.2 = 0.025.
     */
    @Test
    void sgdMomentumStepReachesTheKernelWithItsHyperparameters() {
        for (int n : new int[] {1, 17}) {
            for (boolean nesterov : new boolean[] {false, true}) {
                Tensor w = Tensor.full(1, n);
                Tensor velocity = Tensor.full(0.5, n);
                assertTrue(w.backend()
                        .fusedUpdate(
                                new FusedUpdate.SgdMomentumStep(0.1, 0.9, nesterov, velocity), w, Tensor.full(2, n)));
                assertEach(n, velocity, 0.25, "velocity");
                assertEach(n, w, nesterov ? 1.025 : 1.25, "weights nesterov=" + nesterov);
            }
        }
    }

    /**
     * With a zero gradient and beta 0.5 each moment halves: from 1.5e-38 (normal; the smallest normal float is
     * about 1.18e-38) it would become the subnormal 7.5e-39, which the kernel stores as zero; from 4e-38 it becomes
     * the normal 2e-38, kept. The weights do not move. Sizes 1 and 17 take the scalar tail and the vector loop.
     */
    @Test
    void momentsThatWouldTurnSubnormalBecomeZero() {
        for (int n : new int[] {1, 17}) {
            for (double start : new double[] {1.5e-38, 4e-38}) {
                float halved = (float) (start / 2);
                double expected = halved < Float.MIN_NORMAL ? 0 : halved;
                Tensor w = Tensor.full(1, n);
                Tensor m = Tensor.full(start, n);
                Tensor v = Tensor.full(start, n);
                assertTrue(w.backend()
                        .fusedUpdate(new FusedUpdate.AdamStep(1e-3, 0.5, 0.5, 1e-7, m, v, null), w, Tensor.zeros(n)));
                assertExactly(n, m, expected, "adam m from " + start);
                assertExactly(n, v, expected, "adam v from " + start);
                assertExactly(n, w, 1 - 1e-3 * expected / (Math.sqrt(expected) + 1e-7), "adam weights");

                Tensor velocity = Tensor.full(start, n);
                Tensor ws = Tensor.full(1, n);
                assertTrue(ws.backend()
                        .fusedUpdate(new FusedUpdate.SgdMomentumStep(0.1, 0.5, false, velocity), ws, Tensor.zeros(n)));
                assertExactly(n, velocity, expected, "velocity from " + start);
            }
        }
    }

    private static void assertExactly(int n, Tensor actual, double expected, String what) {
        float[] a = actual.toFloatArray();
        for (int i = 0; i < n; i++) {
            assertEquals((float) expected, a[i], what + " element " + i + " of " + n);
        }
    }

    private static void assertEach(int n, Tensor actual, double expected, String what) {
        float[] a = actual.toFloatArray();
        assertEquals(n, a.length, what);
        for (int i = 0; i < n; i++) {
            assertEquals(expected, a[i], 1e-6, what + " element " + i + " of " + n);
        }
    }
}
