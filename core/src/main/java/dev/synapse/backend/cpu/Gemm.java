package dev.synapse.backend.cpu;

/**
 * General matrix multiply {@code C = A * B} (or {@code C += A * B}) on strided float32 or float64
 * matrices: A is {@code m x k} with row stride {@code ars} and column stride {@code acs} (so a
 * transposed view costs nothing), B is {@code k x n}, C is {@code m x n}. All three arrays have the
 * same element type; C must not overlap A or B.
 *
 * <p>Float32 products run the packed, register-blocked {@link FloatGemm}; float64 products the simpler
 * {@link DoubleGemm}. Both use the backend's thread pool; called from inside a parallel loop they run
 * on the calling thread.
 */
final class Gemm {
    private Gemm() {}

    /** {@code C = A * B}. */
    static void gemm(
            Object a,
            int aOff,
            int ars,
            int acs,
            Object b,
            int bOff,
            int brs,
            int bcs,
            Object c,
            int cOff,
            int crs,
            int ccs,
            int m,
            int n,
            int k) {
        gemm(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, m, n, k, false);
    }

    /** {@code C = A * B}, or {@code C += A * B} when {@code accumulate}. */
    static void gemm(
            Object a,
            int aOff,
            int ars,
            int acs,
            Object b,
            int bOff,
            int brs,
            int bcs,
            Object c,
            int cOff,
            int crs,
            int ccs,
            int m,
            int n,
            int k,
            boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (c instanceof float[] cf) {
            if (k == 0) {
                clear(cf, cOff, crs, ccs, m, n, accumulate);
            } else {
                FloatGemm.gemm(
                        (float[]) a,
                        aOff,
                        ars,
                        acs,
                        (float[]) b,
                        bOff,
                        brs,
                        bcs,
                        cf,
                        cOff,
                        crs,
                        ccs,
                        m,
                        n,
                        k,
                        accumulate);
            }
        } else if (c instanceof double[] cd) {
            if (k == 0) {
                clear(cd, cOff, crs, ccs, m, n, accumulate);
            } else {
                DoubleGemm.gemm(
                        (double[]) a,
                        aOff,
                        ars,
                        acs,
                        (double[]) b,
                        bOff,
                        brs,
                        bcs,
                        cd,
                        cOff,
                        crs,
                        ccs,
                        m,
                        n,
                        k,
                        accumulate);
            }
        } else {
            throw new IllegalArgumentException("gemm: expected float[] or double[] operands, got "
                    + (c == null ? "null" : c.getClass().getSimpleName()));
        }
    }

    /** An empty inner dimension: the product is zero. */
    private static void clear(float[] c, int cOff, int crs, int ccs, int m, int n, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * crs + j * ccs] = 0f;
                }
            }
        }
    }

    private static void clear(double[] c, int cOff, int crs, int ccs, int m, int n, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * crs + j * ccs] = 0.0;
                }
            }
        }
    }
}
