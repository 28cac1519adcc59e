package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link FloatTranspose} against the definition, element by element (emulated where 512-bit vectors are not). */
class FloatTransposeTest {
    private static final float UNTOUCHED = -1f;

    @Test
    void everyRowCountFrom8To16WritesItsStepsAndNothingElse() {
        int stride = 21; // rows apart by more than their 16 values, as in a matrix wider than the block
        float[] src = new float[3 + 16 * stride];
        for (int i = 0; i < src.length; i++) {
            src[i] = i;
        }
        for (int rows = 8; rows <= 16; rows++) { // the micro-kernels' 8 and 12 rows, and the range around them
            int d = 5;
            float[] dst = new float[d + 16 * rows + 16];
            java.util.Arrays.fill(dst, UNTOUCHED);
            FloatTranspose.rowsToSteps(src, 3, stride, rows, dst, d, new float[256]);
            for (int i = 0; i < dst.length; i++) {
                int e = i - d;
                float want = e >= 0 && e < 16 * rows ? src[3 + (e % rows) * stride + e / rows] : UNTOUCHED;
                assertEquals(want, dst[i], "rows=" + rows + " dst[" + i + "]");
            }
        }
    }
}
