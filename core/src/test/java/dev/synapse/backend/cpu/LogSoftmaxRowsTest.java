package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The one-kernel log-softmax and its backward pass against float64 references computed here, row by row. Each value
 * is a few roundings in the dtype from the reference, so the tolerance is 4 ulps of the largest term that enters it
 * (at least 1 for the forward pass, whose log of a sum of at least 1 is good to about ulp(1)); a wrong shift, row or
 * sum is off by far more.
 */
class LogSoftmaxRowsTest {
    /** Row widths below, at and above the vector length, and tensors below and above the vector exp's run length. */
    private static final int[][] SHAPES = {{1, 1}, {3, 5}, {256, 10}, {7, 17}, {2, 3, 33}, {3, 5000}, {600, 10}};

    @Test
    void forwardMatchesTheReferenceRowByRow() {
        for (int[] shape : SHAPES) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = Tensor.randn(shape).mul(4.0).to(dt);
                Tensor out = Tensor.zeros(shape).to(dt);
                assertTrue(LogSoftmaxRows.forward(x, out));
                double[] xv = x.to(DType.FLOAT64).toDoubleArray();
                double[] got = out.to(DType.FLOAT64).toDoubleArray();
                int c = shape[shape.length - 1];
                for (int r = 0; r < xv.length / c; r++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < c; j++) {
                        m = Math.max(m, xv[r * c + j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < c; j++) {
                        sum += Math.exp(xv[r * c + j] - m);
                    }
                    double lse = Math.log(sum);
                    for (int j = 0; j < c; j++) {
                        double shifted = xv[r * c + j] - m;
                        // The sum is at least 1 (the maximum's term), rounded to the dtype: lse carries an absolute
                        // error of about ulp(1), however small it is.
                        double tol = 4 * ulp(dt, Math.max(1, Math.max(Math.abs(shifted), Math.abs(lse))));
                        assertEquals(shifted - lse, got[r * c + j], tol, dt + " " + str(shape) + " row " + r);
                    }
                }
            }
        }
    }

    @Test
    void backwardMatchesTheReferenceRowByRow() {
        for (int[] shape : SHAPES) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor out = Tensor.randn(shape).to(dt);
                assertTrue(LogSoftmaxRows.forward(out, out), "in place");
                Tensor g = Tensor.randn(shape).to(dt);
                Tensor gx = Tensor.zeros(shape).to(dt);
                assertTrue(LogSoftmaxRows.backward(out, g, gx));
                double[] ov = out.to(DType.FLOAT64).toDoubleArray();
                double[] gv = g.to(DType.FLOAT64).toDoubleArray();
                double[] got = gx.to(DType.FLOAT64).toDoubleArray();
                int c = shape[shape.length - 1];
                for (int r = 0; r < ov.length / c; r++) {
                    double s = 0;
                    for (int j = 0; j < c; j++) {
                        s += gv[r * c + j];
                    }
                    for (int j = 0; j < c; j++) {
                        int i = r * c + j;
                        double term = Math.exp(ov[i]) * s;
                        double tol = 4 * ulp(dt, Math.max(Math.abs(gv[i]), Math.abs(term)));
                        assertEquals(gv[i] - term, got[i], tol, dt + " " + str(shape) + " element " + i);
                    }
                }
            }
        }
    }

    /** Large logits stay finite; a row of -inf, an infinite logit and a NaN give what the composed ops give. */
    @Test
    void specialRowsAsTheComposedOps() {
        float inf = Float.POSITIVE_INFINITY;
        Tensor x = Tensor.of(1000f, 0f, -1000f, -inf, -inf, -inf, 1f, inf, 2f, 1f, Float.NaN, 3f, 5f, -inf, 5f)
                .reshape(5, 3);
        Tensor out = Tensor.zeros(5, 3);
        assertTrue(LogSoftmaxRows.forward(x, out));
        float[] v = out.toFloatArray();
        assertEquals(0f, v[0]);
        assertEquals(-1000f, v[1]);
        assertEquals(-2000f, v[2]);
        for (int j = 3; j < 9; j++) {
            // -inf - log(0), and inf - inf beside x - inf: NaN and -inf, as shifting by 0 and composing gives.
            assertTrue((j == 6 || j == 8) ? v[j] == Float.NEGATIVE_INFINITY : Float.isNaN(v[j]), "element " + j);
        }
        for (int j = 9; j < 12; j++) {
            assertTrue(Float.isNaN(v[j]), "a NaN poisons its row, element " + j);
        }
        assertEquals((float) -Math.log(2), v[12], 1e-7f);
        assertEquals(Float.NEGATIVE_INFINITY, v[13]);
        assertEquals((float) -Math.log(2), v[14], 1e-7f);
    }

    @Test
    void declinesWhatItCannotServeAndWritesNothing() {
        Tensor x = Tensor.randn(4, 6);
        Tensor out = Tensor.zeros(4, 6);
        assertFalse(LogSoftmaxRows.forward(x.transpose(0, 1), Tensor.zeros(6, 4)), "strided input");
        assertFalse(LogSoftmaxRows.forward(x, out.transpose(0, 1).contiguous().transpose(0, 1)), "strided output");
        assertFalse(LogSoftmaxRows.forward(x, Tensor.zeros(4, 6).to(DType.FLOAT64)), "mixed dtypes");
        assertFalse(LogSoftmaxRows.forward(x, Tensor.zeros(6, 4)), "another shape");
        assertFalse(LogSoftmaxRows.forward(x.to(DType.INT32), Tensor.zeros(4, 6).to(DType.INT32)), "integers");
        assertFalse(LogSoftmaxRows.forward(Tensor.zeros(0, 3), Tensor.zeros(0, 3)), "empty");
        assertFalse(LogSoftmaxRows.backward(out, x.transpose(0, 1).contiguous().transpose(0, 1), out), "strided g");
        assertEquals(0.0, out.abs().sum().item(), 0.0);
    }

    private static double ulp(DType dt, double v) {
        return dt == DType.FLOAT32 ? Math.ulp((float) v) : Math.ulp(v);
    }

    private static String str(int[] shape) {
        return java.util.Arrays.toString(shape);
    }
}
