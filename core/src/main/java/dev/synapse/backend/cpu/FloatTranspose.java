package dev.synapse.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposes of 8 to 16 rows by 16 columns of floats in 512-bit registers, for packing GEMM panels: a row-major A,
 * and a transposed view of B (what BLAS libraries do with unpack and permute instructions). Four rounds of two-source permutes
 * ({@code FloatVector.selectFrom(v1, v2)}, one {@code vpermi2ps} each on AVX-512): round {@code b} swaps the
 * {@code b}-wide blocks above the diagonal with those below it, for {@code b = 8, 4, 2, 1}.
 *
 * <p>Packing a row-major A for the 12-row micro-kernel this way took 0.27-0.36 ms where gathers took 0.60 (1024 x
 * 1024, one Zen 5 core), and made the MLP's forward product 256 x 784 @ 784 x 512 6% faster on one thread (7 of 7
 * paired runs); for B, the MLP's {@code dX} product 256 x 512 @ 512 x 784^T ran 18% faster on two threads. Only for
 * 16-lane species: the class is first touched, and its constants made, on such machines.
 */
final class FloatTranspose {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

    private static final FloatVector LO8 = swapIndex(8, false);
    private static final FloatVector HI8 = swapIndex(8, true);
    private static final FloatVector LO4 = swapIndex(4, false);
    private static final FloatVector HI4 = swapIndex(4, true);
    private static final FloatVector LO2 = swapIndex(2, false);
    private static final FloatVector HI2 = swapIndex(2, true);
    private static final FloatVector LO1 = swapIndex(1, false);
    private static final FloatVector HI1 = swapIndex(1, true);

    private FloatTranspose() {}

    /**
     * The indices, for {@code selectFrom(x, y)}, of the row pair {@code (x, y)} after round {@code b}: where a column
     * has bit {@code b} clear, the upper row keeps its own value and the lower row takes the upper's from {@code b}
     * columns on; where it is set, the upper row takes the lower's from {@code b} columns back.
     */
    private static FloatVector swapIndex(int b, boolean lower) {
        float[] index = new float[16];
        for (int j = 0; j < 16; j++) {
            boolean own = (j & b) == 0;
            index[j] = lower ? (own ? j + b : 16 + j) : (own ? j : 16 + j - b);
        }
        return FloatVector.fromArray(S, index, 0);
    }

    /**
     * Reads {@code rows} rows of 16 values ({@code 8 <= rows <= 16}), row {@code r} from
     * {@code src[from + r * stride]}, and writes their columns: column {@code q}'s first {@code rows} values at
     * {@code dst[d + q * rows]}, the layout of a packed GEMM panel ({@code rows} values per step of k) for 16
     * steps. {@code work} (256 values) holds the rows halfway, and may be {@code dst}: written as one method, the transpose was too large for
     * C1, which gave up on it now and then, and the method then stayed in slow code for good.
     */
    static void rowsToSteps(float[] src, int from, int stride, int rows, float[] dst, int d, float[] work) {
        firstRounds(src, from, stride, rows, work);
        lastRounds(work, rows, dst, d);
    }

    /** Rounds 8 and 4, into {@code work}; rows from {@code rows} on repeat the last (their lanes are not kept). */
    private static void firstRounds(float[] src, int from, int stride, int rows, float[] work) {
        int last = rows - 1; // rows >= 8, so only rows 8-15 may be missing
        FloatVector r0 = FloatVector.fromArray(S, src, from);
        FloatVector r1 = FloatVector.fromArray(S, src, from + 1 * stride);
        FloatVector r2 = FloatVector.fromArray(S, src, from + 2 * stride);
        FloatVector r3 = FloatVector.fromArray(S, src, from + 3 * stride);
        FloatVector r4 = FloatVector.fromArray(S, src, from + 4 * stride);
        FloatVector r5 = FloatVector.fromArray(S, src, from + 5 * stride);
        FloatVector r6 = FloatVector.fromArray(S, src, from + 6 * stride);
        FloatVector r7 = FloatVector.fromArray(S, src, from + 7 * stride);
        FloatVector r8 = FloatVector.fromArray(S, src, from + Math.min(8, last) * stride);
        FloatVector r9 = FloatVector.fromArray(S, src, from + Math.min(9, last) * stride);
        FloatVector r10 = FloatVector.fromArray(S, src, from + Math.min(10, last) * stride);
        FloatVector r11 = FloatVector.fromArray(S, src, from + Math.min(11, last) * stride);
        FloatVector r12 = FloatVector.fromArray(S, src, from + Math.min(12, last) * stride);
        FloatVector r13 = FloatVector.fromArray(S, src, from + Math.min(13, last) * stride);
        FloatVector r14 = FloatVector.fromArray(S, src, from + Math.min(14, last) * stride);
        FloatVector r15 = FloatVector.fromArray(S, src, from + Math.min(15, last) * stride);
        FloatVector s0 = LO8.selectFrom(r0, r8), s8 = HI8.selectFrom(r0, r8);
        FloatVector s1 = LO8.selectFrom(r1, r9), s9 = HI8.selectFrom(r1, r9);
        FloatVector s2 = LO8.selectFrom(r2, r10), s10 = HI8.selectFrom(r2, r10);
        FloatVector s3 = LO8.selectFrom(r3, r11), s11 = HI8.selectFrom(r3, r11);
        FloatVector s4 = LO8.selectFrom(r4, r12), s12 = HI8.selectFrom(r4, r12);
        FloatVector s5 = LO8.selectFrom(r5, r13), s13 = HI8.selectFrom(r5, r13);
        FloatVector s6 = LO8.selectFrom(r6, r14), s14 = HI8.selectFrom(r6, r14);
        FloatVector s7 = LO8.selectFrom(r7, r15), s15 = HI8.selectFrom(r7, r15);
        FloatVector t0 = LO4.selectFrom(s0, s4), t4 = HI4.selectFrom(s0, s4);
        FloatVector t1 = LO4.selectFrom(s1, s5), t5 = HI4.selectFrom(s1, s5);
        FloatVector t2 = LO4.selectFrom(s2, s6), t6 = HI4.selectFrom(s2, s6);
        FloatVector t3 = LO4.selectFrom(s3, s7), t7 = HI4.selectFrom(s3, s7);
        FloatVector t8 = LO4.selectFrom(s8, s12), t12 = HI4.selectFrom(s8, s12);
        FloatVector t9 = LO4.selectFrom(s9, s13), t13 = HI4.selectFrom(s9, s13);
        FloatVector t10 = LO4.selectFrom(s10, s14), t14 = HI4.selectFrom(s10, s14);
        FloatVector t11 = LO4.selectFrom(s11, s15), t15 = HI4.selectFrom(s11, s15);
        t0.intoArray(work, 0 * 16);
        t1.intoArray(work, 1 * 16);
        t2.intoArray(work, 2 * 16);
        t3.intoArray(work, 3 * 16);
        t4.intoArray(work, 4 * 16);
        t5.intoArray(work, 5 * 16);
        t6.intoArray(work, 6 * 16);
        t7.intoArray(work, 7 * 16);
        t8.intoArray(work, 8 * 16);
        t9.intoArray(work, 9 * 16);
        t10.intoArray(work, 10 * 16);
        t11.intoArray(work, 11 * 16);
        t12.intoArray(work, 12 * 16);
        t13.intoArray(work, 13 * 16);
        t14.intoArray(work, 14 * 16);
        t15.intoArray(work, 15 * 16);
    }

    /**
     * Rounds 2 and 1, and the columns' stores, in order: each whole vector reaches past its column into the next one's
     * slots, which the next store overwrites (as rows >= 8, none but the last leaves the 16 steps); the last is masked.
     */
    private static void lastRounds(float[] work, int rows, float[] dst, int d) {
        FloatVector t0 = FloatVector.fromArray(S, work, 0 * 16);
        FloatVector t1 = FloatVector.fromArray(S, work, 1 * 16);
        FloatVector t2 = FloatVector.fromArray(S, work, 2 * 16);
        FloatVector t3 = FloatVector.fromArray(S, work, 3 * 16);
        FloatVector t4 = FloatVector.fromArray(S, work, 4 * 16);
        FloatVector t5 = FloatVector.fromArray(S, work, 5 * 16);
        FloatVector t6 = FloatVector.fromArray(S, work, 6 * 16);
        FloatVector t7 = FloatVector.fromArray(S, work, 7 * 16);
        FloatVector t8 = FloatVector.fromArray(S, work, 8 * 16);
        FloatVector t9 = FloatVector.fromArray(S, work, 9 * 16);
        FloatVector t10 = FloatVector.fromArray(S, work, 10 * 16);
        FloatVector t11 = FloatVector.fromArray(S, work, 11 * 16);
        FloatVector t12 = FloatVector.fromArray(S, work, 12 * 16);
        FloatVector t13 = FloatVector.fromArray(S, work, 13 * 16);
        FloatVector t14 = FloatVector.fromArray(S, work, 14 * 16);
        FloatVector t15 = FloatVector.fromArray(S, work, 15 * 16);
        FloatVector u0 = LO2.selectFrom(t0, t2), u2 = HI2.selectFrom(t0, t2);
        FloatVector u1 = LO2.selectFrom(t1, t3), u3 = HI2.selectFrom(t1, t3);
        FloatVector u4 = LO2.selectFrom(t4, t6), u6 = HI2.selectFrom(t4, t6);
        FloatVector u5 = LO2.selectFrom(t5, t7), u7 = HI2.selectFrom(t5, t7);
        FloatVector u8 = LO2.selectFrom(t8, t10), u10 = HI2.selectFrom(t8, t10);
        FloatVector u9 = LO2.selectFrom(t9, t11), u11 = HI2.selectFrom(t9, t11);
        FloatVector u12 = LO2.selectFrom(t12, t14), u14 = HI2.selectFrom(t12, t14);
        FloatVector u13 = LO2.selectFrom(t13, t15), u15 = HI2.selectFrom(t13, t15);
        FloatVector w0 = LO1.selectFrom(u0, u1), w1 = HI1.selectFrom(u0, u1);
        FloatVector w2 = LO1.selectFrom(u2, u3), w3 = HI1.selectFrom(u2, u3);
        FloatVector w4 = LO1.selectFrom(u4, u5), w5 = HI1.selectFrom(u4, u5);
        FloatVector w6 = LO1.selectFrom(u6, u7), w7 = HI1.selectFrom(u6, u7);
        FloatVector w8 = LO1.selectFrom(u8, u9), w9 = HI1.selectFrom(u8, u9);
        FloatVector w10 = LO1.selectFrom(u10, u11), w11 = HI1.selectFrom(u10, u11);
        FloatVector w12 = LO1.selectFrom(u12, u13), w13 = HI1.selectFrom(u12, u13);
        FloatVector w14 = LO1.selectFrom(u14, u15), w15 = HI1.selectFrom(u14, u15);
        w0.intoArray(dst, d + 0 * rows);
        w1.intoArray(dst, d + 1 * rows);
        w2.intoArray(dst, d + 2 * rows);
        w3.intoArray(dst, d + 3 * rows);
        w4.intoArray(dst, d + 4 * rows);
        w5.intoArray(dst, d + 5 * rows);
        w6.intoArray(dst, d + 6 * rows);
        w7.intoArray(dst, d + 7 * rows);
        w8.intoArray(dst, d + 8 * rows);
        w9.intoArray(dst, d + 9 * rows);
        w10.intoArray(dst, d + 10 * rows);
        w11.intoArray(dst, d + 11 * rows);
        w12.intoArray(dst, d + 12 * rows);
        w13.intoArray(dst, d + 13 * rows);
        w14.intoArray(dst, d + 14 * rows);
        w15.intoArray(dst, d + 15 * rows, VectorMask.fromLong(S, (1L << rows) - 1));
    }
}
