package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The fused relu mask and bias sum against a float64 reference, on shapes that leave every tail. */
class ReluBiasBackwardTest {
    @Test
    void masksAndSumsLikeTheTwoOps() {
        // Channel counts off and on the vector width; row counts from one to several threads' parts and L1 blocks.
        int[][] shapes = {{1, 1}, {3, 5}, {7, 24}, {2, 13, 11, 36}, {4, 28, 28, 24}, {600, 512}, {9000, 17}};
        for (int[] shape : shapes) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor g = Tensor.randn(shape).to(dt);
                Tensor y = Tensor.randn(shape).to(dt);
                int m = shape[shape.length - 1];
                Tensor gz = Tensor.zeros(dt, shape);
                Tensor b = Tensor.zeros(dt, m);
                assertTrue(ReluBiasBackward.run(g, y, gz, b));
                double[] gv = g.to(DType.FLOAT64).toDoubleArray();
                double[] yv = y.to(DType.FLOAT64).toDoubleArray();
                double[] zv = gz.to(DType.FLOAT64).toDoubleArray();
                double[] sums = new double[m];
                double[] scale = new double[m];
                for (int i = 0; i < gv.length; i++) {
                    double want = yv[i] <= 0 ? 0 : gv[i];
                    assertEquals(want, zv[i], 0.0, "mask at " + i);
                    sums[i % m] += want;
                    scale[i % m] += Math.abs(want);
                }
                double[] bv = b.to(DType.FLOAT64).toDoubleArray();
                // float32: sums of float blocks added in double; the error bound is a few ulps of the absolute sum.
                double tol = dt == DType.FLOAT32 ? 1e-6 : 1e-13;
                for (int j = 0; j < m; j++) {
                    assertEquals(
                            sums[j],
                            bv[j],
                            tol * (1 + scale[j]),
                            "bias sum " + j + " of " + java.util.Arrays.toString(shape));
                }
            }
        }
    }

    @Test
    void nanInputsPassTheGradientAndNonPositiveOnesStopIt() {
        Tensor g = Tensor.of(1f, 2f, 3f, 4f, 5f, 6f).reshape(3, 2);
        Tensor y =
                Tensor.of(Float.NaN, 0f, -0f, -1f, 2f, Float.POSITIVE_INFINITY).reshape(3, 2);
        Tensor gz = Tensor.zeros(3, 2);
        Tensor b = Tensor.zeros(2);
        assertTrue(ReluBiasBackward.run(g, y, gz, b));
        float[] z = gz.toFloatArray();
        assertEquals(1f, z[0]);
        assertEquals(0f, z[1]);
        assertEquals(0f, z[2]);
        assertEquals(0f, z[3]);
        assertEquals(5f, z[4]);
        assertEquals(6f, z[5]);
        assertEquals(6f, b.toFloatArray()[0]);
        assertEquals(6f, b.toFloatArray()[1]);
    }

    @Test
    void declinesWhatItDoesNotHandle() {
        Tensor g = Tensor.randn(4, 6);
        Tensor y = Tensor.randn(4, 6);
        assertFalse(ReluBiasBackward.run(g.transpose(0, 1), y.transpose(0, 1), Tensor.zeros(6, 4), Tensor.zeros(4)));
        assertFalse(ReluBiasBackward.run(g, y.to(DType.FLOAT64), Tensor.zeros(4, 6), Tensor.zeros(6)));
        assertFalse(ReluBiasBackward.run(g, y, Tensor.zeros(4, 6), Tensor.zeros(5)));
        assertFalse(ReluBiasBackward.run(
                g.to(DType.INT32), y.to(DType.INT32), Tensor.zeros(DType.INT32, 4, 6), Tensor.zeros(DType.INT32, 6)));
    }
}
