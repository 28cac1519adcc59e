package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Copies (contiguous, transposed, broadcast, converting), fills and export. */
class CopyKernelsTest {
    private static float[] transposed(float[] v, int rows, int cols) {
        float[] t = new float[v.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = v[i * cols + j];
            }
        }
        return t;
    }

    @Test
    void transposedCopiesMatchTheIndexFormula() {
        for (int[] s : new int[][] {{3, 5}, {32, 32}, {33, 65}, {100, 257}}) {
            float[] v = new float[s[0] * s[1]];
            for (int i = 0; i < v.length; i++) {
                v[i] = i;
            }
            Tensor t = Tensor.of(v).reshape(s[0], s[1]).t();
            assertArrayEquals(transposed(v, s[0], s[1]), t.contiguous().toFloatArray());
            assertArrayEquals(transposed(v, s[0], s[1]), t.to(DType.FLOAT64).toFloatArray());
        }
        Tensor batch =
                Tensor.arange(2 * 40 * 50).reshape(2, 40, 50).transpose(1, 2).contiguous();
        assertEquals(50.0, batch.getDouble(0, 0, 1));
        assertEquals(2000.0 + 3 * 50 + 7, batch.getDouble(1, 7, 3));
    }

    @Test
    void broadcastAndConvertingCopies() {
        Tensor row = Tensor.of(1f, 2f, 3f);
        Tensor dst = Tensor.zeros(DType.FLOAT64, 2, 3);
        CopyKernels.copy(row, dst);
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, dst.toDoubleArray());
        Tensor col = Tensor.of(4, 5).reshape(2, 1);
        Tensor ints = Tensor.zeros(DType.INT64, 2, 3);
        CopyKernels.copy(col, ints);
        assertArrayEquals(new long[] {4, 4, 4, 5, 5, 5}, ints.toLongArray());
        assertArrayEquals(
                new boolean[] {true, false, true},
                Tensor.of(2.5f, 0f, Float.NaN).toBooleanArray());
        assertArrayEquals(new int[] {2, -1, 0}, Tensor.of(2.9, -1.5, 0.2).toIntArray());
    }

    @Test
    void int64CopiesKeepEveryBit() {
        long big = (1L << 62) + 12345;
        Tensor x = Tensor.of(big, 1L, -big, 2L);
        assertArrayEquals(
                new long[] {big, -big}, x.slice(0, 0, 4, 2).contiguous().toLongArray());
        assertArrayEquals(
                new long[] {big, 1L, -big, 2L},
                x.reshape(2, 2).t().t().contiguous().toLongArray());
        Tensor i32 = Tensor.of(7, -8);
        assertArrayEquals(new long[] {7, -8}, i32.toLongArray());
    }

    @Test
    void fillWritesOnlyTheView() {
        Tensor x = Tensor.zeros(4, 4);
        x.slice(1, 1, 3).fill(5);
        assertArrayEquals(new float[] {0, 5, 5, 0, 0, 5, 5, 0, 0, 5, 5, 0, 0, 5, 5, 0}, x.toFloatArray());
        Tensor y = Tensor.zeros(DType.INT64, 3);
        y.fill(-2);
        assertArrayEquals(new long[] {-2, -2, -2}, y.toLongArray());
    }
}
