package dev.synapse.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The row-major to column-major mapping of cuBLAS calls, checked without a GPU: the arguments {@link
 * Cublas.Gemm#columnMajor()} gives are run through a reference column-major GEMM written from the BLAS definition,
 * and must give the row-major product for each layout of A and B.
 */
class MatmulTest {
    /** BLAS's {@code gemm}: column-major, {@code C = op(A) op(B)} with {@code A(i, j) = a[i + j * lda]}. */
    private static void referenceGemm(
            int transa,
            int transb,
            int m,
            int n,
            int k,
            double[] a,
            int lda,
            double[] b,
            int ldb,
            double[] c,
            int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    double x = transa == Cublas.OP_N ? a[i + l * lda] : a[l + i * lda];
                    double y = transb == Cublas.OP_N ? b[l + j * ldb] : b[j + l * ldb];
                    s += x * y;
                }
                c[i + j * ldc] = s;
            }
        }
    }

    /** A rows x cols matrix stored row-major, or column-major (a transposed view), with the given padding. */
    private static double[] store(double[][] m, boolean columnMajor, int ld) {
        int rows = m.length;
        int cols = m[0].length;
        double[] s = new double[(columnMajor ? cols : rows) * ld];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                s[columnMajor ? i + j * ld : i * ld + j] = m[i][j];
            }
        }
        return s;
    }

    @Test
    void everyLayoutOfAAndBGivesTheRowMajorProduct() {
        int m = 3;
        int k = 4;
        int n = 5;
        SplittableRandom r = new SplittableRandom(7);
        double[][] a = new double[m][k];
        double[][] b = new double[k][n];
        for (double[] row : a) {
            for (int j = 0; j < k; j++) {
                row[j] = r.nextInt(-5, 6);
            }
        }
        for (double[] row : b) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextInt(-5, 6);
            }
        }
        double[] expected = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int l = 0; l < k; l++) {
                    expected[i * n + j] += a[i][l] * b[l][j];
                }
            }
        }
        for (boolean aT : new boolean[] {false, true}) {
            for (boolean bT : new boolean[] {false, true}) {
                // Padded leading dimensions (a slice of a wider matrix) must be honoured too.
                int lda = (aT ? m : k) + 2;
                int ldb = (bT ? k : n) + 1;
                double[] as = store(a, aT, lda);
                double[] bs = store(b, bT, ldb);
                int[] la = aT ? Matmul.layout(1, lda, m, k) : Matmul.layout(lda, 1, m, k);
                int[] lb = bT ? Matmul.layout(1, ldb, k, n) : Matmul.layout(ldb, 1, k, n);
                assertEquals(aT ? 1 : 0, la[0]);
                assertEquals(lda, la[1]);
                int[] cm = new Cublas.Gemm(m, n, k, la[0] == 1, la[1], lb[0] == 1, lb[1], n).columnMajor();
                double[] c = new double[m * n];
                // cublasSgemm(handle, cm[0], cm[1], cm[2], cm[3], cm[4], alpha, B, cm[5], A, cm[6], beta, C, cm[7])
                referenceGemm(cm[0], cm[1], cm[2], cm[3], cm[4], bs, cm[5], as, cm[6], c, cm[7]);
                assertArrayEquals(
                        expected,
                        c,
                        "A " + (aT ? "transposed" : "row-major") + ", B " + (bT ? "transposed" : "row-major"));
            }
        }
    }

    @Test
    void layoutsOfDegenerateAndOddViews() {
        assertArrayEquals(new int[] {0, 4}, Matmul.layout(4, 1, 3, 4), "contiguous");
        assertArrayEquals(new int[] {0, 4}, Matmul.layout(0, 1, 1, 4), "one row takes any row stride");
        assertArrayEquals(new int[] {1, 3}, Matmul.layout(1, 3, 3, 4), "transposed");
        assertArrayEquals(new int[] {0, 1}, Matmul.layout(1, 1, 3, 1), "a column vector");
        assertNull(Matmul.layout(8, 2, 3, 4), "strided columns: copied");
        assertNull(Matmul.layout(-4, 1, 3, 4), "a flipped view: copied");
        assertNull(Matmul.layout(0, 1, 3, 4), "rows broadcast inside a matrix: copied");
    }
}
