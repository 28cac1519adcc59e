package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The fused bias add and relu against the sum rounded to the dtype and then masked, on shapes that leave every tail. */
class BiasReluForwardTest {
    @Test
    void addsAndClampsLikeTheTwoOps() {
        // Channel counts off and on the vector width; sizes off the bias tile and across several threads' pieces.
        int[][] shapes = {{1, 1}, {3, 5}, {7, 24}, {2, 13, 11, 36}, {4, 28, 28, 24}, {600, 512}, {9000, 17}};
        for (int[] shape : shapes) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                int m = shape[shape.length - 1];
                Tensor y = Tensor.randn(shape).to(dt);
                Tensor b = Tensor.randn(m).to(dt);
                double[] yv = y.to(DType.FLOAT64).toDoubleArray();
                double[] bv = b.to(DType.FLOAT64).toDoubleArray();
                assertTrue(BiasReluForward.run(y, b));
                double[] got = y.to(DType.FLOAT64).toDoubleArray();
                for (int i = 0; i < yv.length; i++) {
                    double sum = dt == DType.FLOAT32 ? (float) yv[i] + (float) bv[i % m] : yv[i] + bv[i % m];
                    assertEquals(
                            sum <= 0 ? 0 : sum,
                            got[i],
                            0.0,
                            dt + " " + java.util.Arrays.toString(shape) + " element " + i);
                }
            }
        }
    }

    @Test
    void nanPassesAndZeroOrLessBecomesZero() {
        Tensor y =
                Tensor.of(Float.NaN, 1f, -0f, -1f, 2f, Float.NEGATIVE_INFINITY).reshape(3, 2);
        Tensor b = Tensor.of(0f, -1f);
        assertTrue(BiasReluForward.run(y, b));
        float[] v = y.toFloatArray();
        assertTrue(Float.isNaN(v[0]));
        assertEquals(0f, v[1]); // 1 - 1 = 0
        assertEquals(0f, v[2]);
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(v[2]), "-0 + 0 is +0; relu keeps no sign");
        assertEquals(0f, v[3]);
        assertEquals(2f, v[4]);
        assertEquals(0f, v[5]);
    }

    @Test
    void declinesWhatItCannotServeAndWritesNothing() {
        Tensor y = Tensor.randn(4, 6);
        float[] before = y.toFloatArray();
        assertFalse(BiasReluForward.run(y, Tensor.randn(5)), "bias of the wrong length");
        assertFalse(BiasReluForward.run(y, Tensor.randn(6).to(DType.FLOAT64)), "mixed dtypes");
        assertFalse(BiasReluForward.run(y.transpose(0, 1), Tensor.randn(4)), "strided output");
        assertFalse(BiasReluForward.run(y.to(DType.INT32), Tensor.zeros(DType.INT32, 6)), "integers");
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(y.toFloatArray()));
    }
}
