package dev.synapse.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * exp, log, log1p, expm1 and tanh in float32 and float64, each as a vector function and a scalar
 * function that performs the same operations in the same order, so both give the same bits.
 *
 * <p>Why: the Vector API's transcendental lane operations ({@code VectorOperators.EXP}, {@code LOG},
 * {@code TANH}, ...) run through {@link Math} while a loop is interpreted or C1-compiled and through
 * a vendor vector math library once C2 compiles it. The two differ in the last bit, so one
 * computation could give different results before and after JIT compilation, and a seeded run was
 * not bit-reproducible. These functions use only operations that IEEE 754 and the JLS define exactly
 * (add, sub, mul, div, fma, min/max, compares and blends, integer arithmetic on the bit patterns),
 * so every tier, and the scalar tail of a loop, computes identical bits.
 *
 * <p>Method: exp reduces {@code x = k ln2 + r}, {@code |r| <= ln2/2}, with a two-constant split of
 * ln2 (the high part has few enough bits that {@code k * LN2_HI} is exact), evaluates the Taylor
 * polynomial of {@code e^r} (degree 7 in float, 13 in double) by Horner's rule with fma, and scales
 * by {@code 2^k} as two exact powers of two, so results that overflow, underflow or fall into the
 * subnormal range are rounded once. expm1 uses the same reduction and returns
 * {@code 2^k (e^r - 1) + (2^k - 1)}. log splits {@code x = 2^e m}, {@code m} in {@code [sqrt(1/2),
 * sqrt(2))}, and with {@code f = m - 1}, {@code s = f / (2 + f)} evaluates
 * {@code log m = 2 atanh s = f - s (f - s^2 Q(s^2))} (Q: the atanh series, 4 terms in float, 9 in
 * double); log1p applies it to {@code u = 1 + x} and adds the rounding error of that sum,
 * {@code (x - (u - 1)) / u}. tanh is {@code t / (t + 2)} with {@code t = expm1(2|x|)}, saturated at
 * |x| = 10 (float) and 20 (double) and given the sign of x.
 *
 * <p>Measured maximum error on dense sweeps of each domain (a uniform grid, every 4099th float bit
 * pattern or 400,000 random double bit patterns, subnormals, the overflow and underflow thresholds):
 * float32 against the double result of {@link StrictMath}: exp 0.89 ulp, log 0.88, log1p 1.44,
 * expm1 1.45, tanh 2.29; float64 against {@link StrictMath} (itself within 1 ulp of exact), in
 * representable steps: exp 1, log 1, log1p 1, expm1 2, tanh 3. {@code VectorMathTest} asserts
 * these bounds (tanh: 2.5 and 3.5).
 * Special values: exp(NaN) = NaN, exp(+inf) = +inf, exp(-inf) = 0; log(0) = -inf, log(x < 0) = NaN,
 * log(+inf) = +inf; log1p(-1) = -inf, log1p(-0) = -0; expm1(-inf) = -1; tanh(+-inf) = +-1.
 */
final class VectorMath {
    private VectorMath() {}

    // ---- float constants ------------------------------------------------------------------------
    private static final float LOG2E_F = 1.44269504f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, found in the low bits. */
    private static final float MAGIC_F = 12582912f;

    private static final int MAGIC_F_BITS = Float.floatToRawIntBits(MAGIC_F);
    /** ln2 = LN2_HI_F + LN2_LO_F; LN2_HI_F has 15 significant bits. */
    private static final float LN2_HI_F = Float.intBitsToFloat(0x3f317200);

    private static final float LN2_LO_F = 1.4286068e-6f;
    private static final float EXP_LO_F = -104f;
    private static final float EXP_HI_F = 89f;
    private static final float E2_F = (float) (1.0 / 2);
    private static final float E3_F = (float) (1.0 / 6);
    private static final float E4_F = (float) (1.0 / 24);
    private static final float E5_F = (float) (1.0 / 120);
    private static final float E6_F = (float) (1.0 / 720);
    private static final float E7_F = (float) (1.0 / 5040);
    /** Bits of sqrt(1/2) in float; log's mantissa is brought into [sqrt(1/2), sqrt(2)). */
    private static final int SQRTH_F_BITS = 0x3f3504f3;

    private static final float L3_F = (float) (2.0 / 3);
    private static final float L5_F = (float) (2.0 / 5);
    private static final float L7_F = (float) (2.0 / 7);
    private static final float L9_F = (float) (2.0 / 9);
    private static final float TANH_SAT_F = 10f;

    // ---- double constants -----------------------------------------------------------------------
    private static final double LOG2E_D = 1.4426950408889634;
    private static final double MAGIC_D = 6755399441055744.0; // 1.5 * 2^52
    private static final long MAGIC_D_BITS = Double.doubleToRawLongBits(MAGIC_D);
    /** ln2 = LN2_HI_D + LN2_LO_D; LN2_HI_D has 32 significant bits. */
    private static final double LN2_HI_D = Double.longBitsToDouble(0x3fe62e42fee00000L);

    private static final double LN2_LO_D = 1.9082149292705877e-10;
    private static final double EXP_LO_D = -746.0;
    private static final double EXP_HI_D = 710.0;
    /** E_D[n] = 1/n!, n = 0..13. */
    private static final double[] E_D = new double[14];

    private static final long SQRTH_D_BITS = 0x3fe6a09e667f3bcdL;
    /** L_D[j] = 2/(2j+3): the atanh series' coefficients of s^(2j+3) / s. */
    private static final double[] L_D = new double[9];

    private static final double TANH_SAT_D = 20.0;

    static {
        double f = 1;
        for (int n = 0; n < E_D.length; n++) {
            if (n > 0) {
                f *= n;
            }
            E_D[n] = 1.0 / f;
        }
        for (int j = 0; j < L_D.length; j++) {
            L_D[j] = 2.0 / (2 * j + 3);
        }
    }

    private static final double E2_D = E_D[2],
            E3_D = E_D[3],
            E4_D = E_D[4],
            E5_D = E_D[5],
            E6_D = E_D[6],
            E7_D = E_D[7],
            E8_D = E_D[8],
            E9_D = E_D[9],
            E10_D = E_D[10],
            E11_D = E_D[11],
            E12_D = E_D[12],
            E13_D = E_D[13];
    private static final double L0_D = L_D[0],
            L1_D = L_D[1],
            L2_D = L_D[2],
            L3_D = L_D[3],
            L4_D = L_D[4],
            L5_D = L_D[5],
            L6_D = L_D[6],
            L7_D = L_D[7],
            L8_D = L_D[8];

    // =============================================================================================
    // float32, vector
    // =============================================================================================

    /** e^r - 1 - r - r^2/2 ... as Horner's q with e^r = 1 + r q: the full Taylor polynomial of e^r. */
    private static FloatVector expPoly(FloatVector r) {
        FloatVector p = r.fma(E7_F, E6_F);
        p = p.fma(r, r.broadcast(E5_F));
        p = p.fma(r, r.broadcast(E4_F));
        p = p.fma(r, r.broadcast(E3_F));
        p = p.fma(r, r.broadcast(E2_F));
        p = p.fma(r, r.broadcast(1f));
        return p.fma(r, r.broadcast(1f));
    }

    /** 2^k for k in [-126, 127], from the bits. */
    private static FloatVector pow2(IntVector k) {
        return k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LO_F).min(EXP_HI_F);
        FloatVector z = xc.fma(LOG2E_F, MAGIC_F);
        FloatVector t = z.sub(MAGIC_F);
        FloatVector r = t.fma(t.broadcast(-LN2_HI_F), xc);
        r = t.fma(t.broadcast(-LN2_LO_F), r);
        FloatVector p = expPoly(r);
        IntVector k = z.reinterpretAsInts().sub(MAGIC_F_BITS);
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        FloatVector y = p.mul(pow2(k1)).mul(pow2(k.sub(k1)));
        return y.blend(x, x.test(VectorOperators.IS_NAN));
    }

    static FloatVector expm1(FloatVector x) {
        FloatVector xc = x.max(-30f).min(EXP_HI_F);
        FloatVector z = xc.fma(LOG2E_F, MAGIC_F);
        FloatVector t = z.sub(MAGIC_F);
        FloatVector r = t.fma(t.broadcast(-LN2_HI_F), xc);
        r = t.fma(t.broadcast(-LN2_LO_F), r);
        FloatVector q = r.fma(E7_F, E6_F);
        q = q.fma(r, r.broadcast(E5_F));
        q = q.fma(r, r.broadcast(E4_F));
        q = q.fma(r, r.broadcast(E3_F));
        q = q.fma(r, r.broadcast(E2_F));
        FloatVector pm1 = r.mul(r).fma(q, r); // e^r - 1
        IntVector k = z.reinterpretAsInts().sub(MAGIC_F_BITS);
        FloatVector sk = pow2(k.min(25));
        FloatVector small = pm1.fma(sk, sk.sub(1f));
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        FloatVector big = pm1.add(1f).mul(pow2(k1)).mul(pow2(k.sub(k1)));
        FloatVector y = small.blend(big, t.compare(VectorOperators.GT, 25f));
        return y.blend(x, x.test(VectorOperators.IS_NAN).or(x.compare(VectorOperators.EQ, 0f)));
    }

    /** e * ln2 + log(m) + c for positive normal u = 2^e m; no special values. */
    private static FloatVector logCore(FloatVector u, FloatVector c, FloatVector eAdjust) {
        IntVector tb = u.reinterpretAsInts().add(0x3f800000 - SQRTH_F_BITS);
        FloatVector e = ((FloatVector)
                        tb.lanewise(VectorOperators.ASHR, 23).sub(127).convert(VectorOperators.I2F, 0))
                .sub(eAdjust);
        FloatVector m = tb.and(0x007fffff).add(SQRTH_F_BITS).reinterpretAsFloats();
        FloatVector f = m.sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector w = s.mul(s);
        FloatVector q = w.fma(-L9_F, -L7_F);
        q = q.fma(w, w.broadcast(-L5_F));
        q = q.fma(w, w.broadcast(-L3_F));
        FloatVector g = w.fma(q, f); // f - s^2 Q
        FloatVector lm = s.neg().fma(g, f).add(c);
        return e.fma(e.broadcast(LN2_HI_F), e.fma(e.broadcast(LN2_LO_F), lm));
    }

    static FloatVector log(FloatVector x) {
        VectorMask<Float> sub = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(0x1p23f), sub);
        FloatVector zero = x.broadcast(0f);
        FloatVector y = logCore(xs, zero, zero.blend(23f, sub));
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        y = y.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        return y.blend(Float.NaN, x.compare(VectorOperators.GE, 0f).not());
    }

    static FloatVector log1p(FloatVector x) {
        FloatVector u = x.add(1f);
        FloatVector c = x.sub(u.sub(1f)).div(u);
        FloatVector y = logCore(u, c, x.broadcast(0f));
        y = y.blend(x, x.compare(VectorOperators.EQ, 0f).or(x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY)));
        y = y.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, -1f));
        return y.blend(Float.NaN, x.compare(VectorOperators.GE, -1f).not());
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs().min(TANH_SAT_F);
        FloatVector t = expm1(a.add(a));
        FloatVector y = t.div(t.add(2f));
        IntVector sign = x.reinterpretAsInts().and(0x80000000);
        y = y.reinterpretAsInts().or(sign).reinterpretAsFloats();
        return y.blend(x, x.test(VectorOperators.IS_NAN));
    }

    // =============================================================================================
    // float32, scalar: the same operations as the vector functions above, lane by lane
    // =============================================================================================

    private static float pow2(int k) {
        return Float.intBitsToFloat((k + 127) << 23);
    }

    static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_LO_F), EXP_HI_F);
        float z = Math.fma(xc, LOG2E_F, MAGIC_F);
        float t = z - MAGIC_F;
        float r = Math.fma(t, -LN2_HI_F, xc);
        r = Math.fma(t, -LN2_LO_F, r);
        float p = Math.fma(r, E7_F, E6_F);
        p = Math.fma(p, r, E5_F);
        p = Math.fma(p, r, E4_F);
        p = Math.fma(p, r, E3_F);
        p = Math.fma(p, r, E2_F);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int k = Float.floatToRawIntBits(z) - MAGIC_F_BITS;
        int k1 = k >> 1;
        float y = p * pow2(k1) * pow2(k - k1);
        return Float.isNaN(x) ? x : y;
    }

    static float expm1(float x) {
        float xc = Math.min(Math.max(x, -30f), EXP_HI_F);
        float z = Math.fma(xc, LOG2E_F, MAGIC_F);
        float t = z - MAGIC_F;
        float r = Math.fma(t, -LN2_HI_F, xc);
        r = Math.fma(t, -LN2_LO_F, r);
        float q = Math.fma(r, E7_F, E6_F);
        q = Math.fma(q, r, E5_F);
        q = Math.fma(q, r, E4_F);
        q = Math.fma(q, r, E3_F);
        q = Math.fma(q, r, E2_F);
        float pm1 = Math.fma(r * r, q, r);
        int k = Float.floatToRawIntBits(z) - MAGIC_F_BITS;
        float y;
        if (t > 25f) {
            int k1 = k >> 1;
            y = (pm1 + 1f) * pow2(k1) * pow2(k - k1);
        } else {
            float sk = pow2(Math.min(k, 25));
            y = Math.fma(pm1, sk, sk - 1f);
        }
        return Float.isNaN(x) || x == 0f ? x : y;
    }

    private static float logCore(float u, float c, float eAdjust) {
        int tb = Float.floatToRawIntBits(u) + (0x3f800000 - SQRTH_F_BITS);
        float e = (float) ((tb >> 23) - 127) - eAdjust;
        float m = Float.intBitsToFloat((tb & 0x007fffff) + SQRTH_F_BITS);
        float f = m - 1f;
        float s = f / (f + 2f);
        float w = s * s;
        float q = Math.fma(w, -L9_F, -L7_F);
        q = Math.fma(q, w, -L5_F);
        q = Math.fma(q, w, -L3_F);
        float g = Math.fma(w, q, f);
        float lm = Math.fma(-s, g, f) + c;
        return Math.fma(e, LN2_HI_F, Math.fma(e, LN2_LO_F, lm));
    }

    static float log(float x) {
        boolean sub = x < Float.MIN_NORMAL;
        float y = logCore(sub ? x * 0x1p23f : x, 0f, sub ? 23f : 0f);
        if (x == Float.POSITIVE_INFINITY) {
            y = x;
        }
        if (x == 0f) {
            y = Float.NEGATIVE_INFINITY;
        }
        return x >= 0f ? y : Float.NaN;
    }

    static float log1p(float x) {
        float u = x + 1f;
        float c = (x - (u - 1f)) / u;
        float y = logCore(u, c, 0f);
        if (x == 0f || x == Float.POSITIVE_INFINITY) {
            y = x;
        }
        if (x == -1f) {
            y = Float.NEGATIVE_INFINITY;
        }
        return x >= -1f ? y : Float.NaN;
    }

    static float tanh(float x) {
        float a = Math.min(Math.abs(x), TANH_SAT_F);
        float t = expm1(a + a);
        float y = t / (t + 2f);
        y = Float.intBitsToFloat(Float.floatToRawIntBits(y) | (Float.floatToRawIntBits(x) & 0x80000000));
        return Float.isNaN(x) ? x : y;
    }

    // =============================================================================================
    // float64, vector
    // =============================================================================================

    /** e^r - 1 - r by Horner: r^2 (1/2 + r/6 + ... + r^11/13!). */
    private static DoubleVector expm1Tail(DoubleVector r) {
        DoubleVector q = r.fma(E13_D, E12_D);
        q = q.fma(r, r.broadcast(E11_D));
        q = q.fma(r, r.broadcast(E10_D));
        q = q.fma(r, r.broadcast(E9_D));
        q = q.fma(r, r.broadcast(E8_D));
        q = q.fma(r, r.broadcast(E7_D));
        q = q.fma(r, r.broadcast(E6_D));
        q = q.fma(r, r.broadcast(E5_D));
        q = q.fma(r, r.broadcast(E4_D));
        q = q.fma(r, r.broadcast(E3_D));
        return q.fma(r, r.broadcast(E2_D));
    }

    /** 2^k for k in [-1022, 1023], from the bits. */
    private static DoubleVector pow2(LongVector k) {
        return k.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    }

    /** k >> 1 for k in [-2048, 2047], without a 64-bit arithmetic shift (which AVX2 lacks). */
    private static LongVector half(LongVector k) {
        return k.add(2048).lanewise(VectorOperators.LSHR, 1).sub(1024);
    }

    static DoubleVector exp(DoubleVector x) {
        DoubleVector xc = x.max(EXP_LO_D).min(EXP_HI_D);
        DoubleVector z = xc.fma(LOG2E_D, MAGIC_D);
        DoubleVector t = z.sub(MAGIC_D);
        DoubleVector r = t.fma(t.broadcast(-LN2_HI_D), xc);
        r = t.fma(t.broadcast(-LN2_LO_D), r);
        DoubleVector p = expm1Tail(r);
        p = p.fma(r, r.broadcast(1.0));
        p = p.fma(r, r.broadcast(1.0));
        LongVector k = z.reinterpretAsLongs().sub(MAGIC_D_BITS);
        LongVector k1 = half(k);
        DoubleVector y = p.mul(pow2(k1)).mul(pow2(k.sub(k1)));
        return y.blend(x, x.test(VectorOperators.IS_NAN));
    }

    static DoubleVector expm1(DoubleVector x) {
        DoubleVector xc = x.max(-60.0).min(EXP_HI_D);
        DoubleVector z = xc.fma(LOG2E_D, MAGIC_D);
        DoubleVector t = z.sub(MAGIC_D);
        DoubleVector r = t.fma(t.broadcast(-LN2_HI_D), xc);
        r = t.fma(t.broadcast(-LN2_LO_D), r);
        DoubleVector pm1 = r.mul(r).fma(expm1Tail(r), r);
        LongVector k = z.reinterpretAsLongs().sub(MAGIC_D_BITS);
        DoubleVector sk = pow2(k.min(54));
        DoubleVector small = pm1.fma(sk, sk.sub(1.0));
        LongVector k1 = half(k);
        DoubleVector big = pm1.add(1.0).mul(pow2(k1)).mul(pow2(k.sub(k1)));
        DoubleVector y = small.blend(big, t.compare(VectorOperators.GT, 54.0));
        return y.blend(x, x.test(VectorOperators.IS_NAN).or(x.compare(VectorOperators.EQ, 0.0)));
    }

    private static DoubleVector logCore(DoubleVector u, DoubleVector c, DoubleVector eAdjust) {
        LongVector tb = u.reinterpretAsLongs().add(0x3ff0000000000000L - SQRTH_D_BITS);
        // The exponent as a double without a long-to-double conversion: place it in the low mantissa
        // bits of 1.5 * 2^52 and subtract that (the biased exponent is below 2^11).
        DoubleVector eb =
                tb.lanewise(VectorOperators.LSHR, 52).add(MAGIC_D_BITS).reinterpretAsDoubles();
        DoubleVector e = eb.sub(MAGIC_D + 1023.0).sub(eAdjust);
        DoubleVector m = tb.and(0x000fffffffffffffL).add(SQRTH_D_BITS).reinterpretAsDoubles();
        DoubleVector f = m.sub(1.0);
        DoubleVector s = f.div(f.add(2.0));
        DoubleVector w = s.mul(s);
        DoubleVector q = w.fma(-L8_D, -L7_D);
        q = q.fma(w, w.broadcast(-L6_D));
        q = q.fma(w, w.broadcast(-L5_D));
        q = q.fma(w, w.broadcast(-L4_D));
        q = q.fma(w, w.broadcast(-L3_D));
        q = q.fma(w, w.broadcast(-L2_D));
        q = q.fma(w, w.broadcast(-L1_D));
        q = q.fma(w, w.broadcast(-L0_D));
        DoubleVector g = w.fma(q, f);
        DoubleVector lm = s.neg().fma(g, f).add(c);
        return e.fma(e.broadcast(LN2_HI_D), e.fma(e.broadcast(LN2_LO_D), lm));
    }

    static DoubleVector log(DoubleVector x) {
        VectorMask<Double> sub = x.compare(VectorOperators.LT, Double.MIN_NORMAL);
        DoubleVector xs = x.blend(x.mul(0x1p52), sub);
        DoubleVector zero = x.broadcast(0.0);
        DoubleVector y = logCore(xs, zero, zero.blend(52.0, sub));
        y = y.blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
        y = y.blend(Double.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0.0));
        return y.blend(Double.NaN, x.compare(VectorOperators.GE, 0.0).not());
    }

    static DoubleVector log1p(DoubleVector x) {
        DoubleVector u = x.add(1.0);
        DoubleVector c = x.sub(u.sub(1.0)).div(u);
        DoubleVector y = logCore(u, c, x.broadcast(0.0));
        y = y.blend(x, x.compare(VectorOperators.EQ, 0.0).or(x.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY)));
        y = y.blend(Double.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, -1.0));
        return y.blend(Double.NaN, x.compare(VectorOperators.GE, -1.0).not());
    }

    static DoubleVector tanh(DoubleVector x) {
        DoubleVector a = x.abs().min(TANH_SAT_D);
        DoubleVector t = expm1(a.add(a));
        DoubleVector y = t.div(t.add(2.0));
        LongVector sign = x.reinterpretAsLongs().and(0x8000000000000000L);
        y = y.reinterpretAsLongs().or(sign).reinterpretAsDoubles();
        return y.blend(x, x.test(VectorOperators.IS_NAN));
    }

    // =============================================================================================
    // float64, scalar
    // =============================================================================================

    private static double expm1Tail(double r) {
        double q = Math.fma(r, E13_D, E12_D);
        q = Math.fma(q, r, E11_D);
        q = Math.fma(q, r, E10_D);
        q = Math.fma(q, r, E9_D);
        q = Math.fma(q, r, E8_D);
        q = Math.fma(q, r, E7_D);
        q = Math.fma(q, r, E6_D);
        q = Math.fma(q, r, E5_D);
        q = Math.fma(q, r, E4_D);
        q = Math.fma(q, r, E3_D);
        return Math.fma(q, r, E2_D);
    }

    private static double pow2(long k) {
        return Double.longBitsToDouble((k + 1023) << 52);
    }

    static double exp(double x) {
        double xc = Math.min(Math.max(x, EXP_LO_D), EXP_HI_D);
        double z = Math.fma(xc, LOG2E_D, MAGIC_D);
        double t = z - MAGIC_D;
        double r = Math.fma(t, -LN2_HI_D, xc);
        r = Math.fma(t, -LN2_LO_D, r);
        double p = expm1Tail(r);
        p = Math.fma(p, r, 1.0);
        p = Math.fma(p, r, 1.0);
        long k = Double.doubleToRawLongBits(z) - MAGIC_D_BITS;
        long k1 = k >> 1;
        double y = p * pow2(k1) * pow2(k - k1);
        return Double.isNaN(x) ? x : y;
    }

    static double expm1(double x) {
        double xc = Math.min(Math.max(x, -60.0), EXP_HI_D);
        double z = Math.fma(xc, LOG2E_D, MAGIC_D);
        double t = z - MAGIC_D;
        double r = Math.fma(t, -LN2_HI_D, xc);
        r = Math.fma(t, -LN2_LO_D, r);
        double pm1 = Math.fma(r * r, expm1Tail(r), r);
        long k = Double.doubleToRawLongBits(z) - MAGIC_D_BITS;
        double y;
        if (t > 54.0) {
            long k1 = k >> 1;
            y = (pm1 + 1.0) * pow2(k1) * pow2(k - k1);
        } else {
            double sk = pow2(Math.min(k, 54));
            y = Math.fma(pm1, sk, sk - 1.0);
        }
        return Double.isNaN(x) || x == 0.0 ? x : y;
    }

    private static double logCore(double u, double c, double eAdjust) {
        long tb = Double.doubleToRawLongBits(u) + (0x3ff0000000000000L - SQRTH_D_BITS);
        double e = (double) ((tb >>> 52) - 1023) - eAdjust;
        double m = Double.longBitsToDouble((tb & 0x000fffffffffffffL) + SQRTH_D_BITS);
        double f = m - 1.0;
        double s = f / (f + 2.0);
        double w = s * s;
        double q = Math.fma(w, -L8_D, -L7_D);
        q = Math.fma(q, w, -L6_D);
        q = Math.fma(q, w, -L5_D);
        q = Math.fma(q, w, -L4_D);
        q = Math.fma(q, w, -L3_D);
        q = Math.fma(q, w, -L2_D);
        q = Math.fma(q, w, -L1_D);
        q = Math.fma(q, w, -L0_D);
        double g = Math.fma(w, q, f);
        double lm = Math.fma(-s, g, f) + c;
        return Math.fma(e, LN2_HI_D, Math.fma(e, LN2_LO_D, lm));
    }

    static double log(double x) {
        boolean sub = x < Double.MIN_NORMAL;
        double y = logCore(sub ? x * 0x1p52 : x, 0.0, sub ? 52.0 : 0.0);
        if (x == Double.POSITIVE_INFINITY) {
            y = x;
        }
        if (x == 0.0) {
            y = Double.NEGATIVE_INFINITY;
        }
        return x >= 0.0 ? y : Double.NaN;
    }

    static double log1p(double x) {
        double u = x + 1.0;
        double c = (x - (u - 1.0)) / u;
        double y = logCore(u, c, 0.0);
        if (x == 0.0 || x == Double.POSITIVE_INFINITY) {
            y = x;
        }
        if (x == -1.0) {
            y = Double.NEGATIVE_INFINITY;
        }
        return x >= -1.0 ? y : Double.NaN;
    }

    static double tanh(double x) {
        double a = Math.min(Math.abs(x), TANH_SAT_D);
        double t = expm1(a + a);
        double y = t / (t + 2.0);
        y = Double.longBitsToDouble(
                Double.doubleToRawLongBits(y) | (Double.doubleToRawLongBits(x) & 0x8000000000000000L));
        return Double.isNaN(x) ? x : y;
    }
}
