package dev.synapse.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.backend.FusedUpdate;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The backend's fused optimizer kernels against the optimizers' tensor-op formulation. */
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
                    assertTrue(w1.backend()
                            .fusedUpdate(FusedUpdate.ADAM, w1, g, s1, new double[] {alpha, 0.9, 0.999, 1e-7}));
                    adam.updateComposed(w2, g, s2, alpha);
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
                            .fusedUpdate(
                                    FusedUpdate.SGD_MOMENTUM, w1, g, s1, new double[] {0.1, 0.9, nesterov ? 1 : 0}));
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
                        FusedUpdate.SGD_MOMENTUM,
                        w,
                        Tensor.ones(4, 4),
                        new Tensor[] {Tensor.zeros(4, 4)},
                        new double[] {0.1, 0.9, 0}));
        Tensor d = Tensor.zeros(3).to(dev.synapse.tensor.DType.FLOAT64);
        assertFalse(d.backend()
                .fusedUpdate(FusedUpdate.ADAM, d, d, new Tensor[] {d, d}, new double[] {1, 0.9, 0.999, 1e-7}));
    }
}
