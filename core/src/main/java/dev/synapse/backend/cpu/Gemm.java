package dev.synapse.backend.cpu;

/**
 * General matrix multiply {@code C = A * B} (or {@code C += A * B}) on strided float32 or float64
 * matrices: A is {@code m x k} with row stride {@code ars} and column stride {@code acs} (so a
 * transposed view costs nothing), B is {@code k x n}, C is {@code m x n}. All three arrays have the
 * same element type.
 */
final class Gemm {
    private Gemm() {
    }

    /** {@code C = A * B}. */
    static void gemm(Object a, int aOff, int ars, int acs, Object b, int bOff, int brs, int bcs,
                     Object c, int cOff, int crs, int ccs, int m, int n, int k) {
        gemm(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, m, n, k, false);
    }

    /** {@code C = A * B}, or {@code C += A * B} when {@code accumulate}. */
    static void gemm(Object a, int aOff, int ars, int acs, Object b, int bOff, int brs, int bcs,
                     Object c, int cOff, int crs, int ccs, int m, int n, int k, boolean accumulate) {
        if (c instanceof float[] cf) {
            float[] af = (float[]) a;
            float[] bf = (float[]) b;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0f;
                    for (int p = 0; p < k; p++) {
                        s += af[aOff + i * ars + p * acs] * bf[bOff + p * brs + j * bcs];
                    }
                    cf[cOff + i * crs + j * ccs] = accumulate ? cf[cOff + i * crs + j * ccs] + s : s;
                }
            }
        } else {
            double[] ad = (double[]) a;
            double[] bd = (double[]) b;
            double[] cd = (double[]) c;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += ad[aOff + i * ars + p * acs] * bd[bOff + p * brs + j * bcs];
                    }
                    cd[cOff + i * crs + j * ccs] = accumulate ? cd[cOff + i * crs + j * ccs] + s : s;
                }
            }
        }
    }
}
