package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.synapse.backend.UnaryOp;
import dev.synapse.testing.Slow;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatVectorMath} and {@link DoubleVectorMath} against the JDK's {@link StrictMath} (fdlibm, within 1 ulp of
 * exact) over dense
 * sweeps of each domain and its special values, the vector and scalar forms against each other bit
 * for bit, and a loop run long enough for C2 to compile it, whose every result must keep the bits
 * of the first.
 *
 * <p>Float results are compared with the double reference (their error in float ulps); double results
 * with StrictMath in double ulps, so a bound of N there means N + 1 from the exact value at worst.
 */
class VectorMathTest {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private record F(
            String name,
            UnaryOperator<FloatVector> vec,
            FloatUnary scalar,
            DoubleUnaryOperator ref,
            double lo,
            double hi,
            double maxUlp) {}

    private record D(
            String name,
            UnaryOperator<DoubleVector> vec,
            DoubleUnaryOperator scalar,
            DoubleUnaryOperator ref,
            double lo,
            double hi,
            double maxUlp) {}

    interface FloatUnary {
        float apply(float x);
    }

    private static final F[] FLOATS = {
        new F("exp", FloatVectorMath::exp, FloatVectorMath::exp, StrictMath::exp, -104, 89, 1),
        new F("expm1", FloatVectorMath::expm1, FloatVectorMath::expm1, StrictMath::expm1, -30, 89, 2),
        new F("log", FloatVectorMath::log, FloatVectorMath::log, StrictMath::log, 0, Float.MAX_VALUE, 1),
        new F("log1p", FloatVectorMath::log1p, FloatVectorMath::log1p, StrictMath::log1p, -1, Float.MAX_VALUE, 2),
        new F("tanh", FloatVectorMath::tanh, FloatVectorMath::tanh, StrictMath::tanh, -12, 12, 2.5),
    };

    private static final D[] DOUBLES = {
        new D("exp", DoubleVectorMath::exp, DoubleVectorMath::exp, StrictMath::exp, -746, 710, 1),
        new D("expm1", DoubleVectorMath::expm1, DoubleVectorMath::expm1, StrictMath::expm1, -60, 710, 2),
        new D("log", DoubleVectorMath::log, DoubleVectorMath::log, StrictMath::log, 0, Double.MAX_VALUE, 1),
        new D("log1p", DoubleVectorMath::log1p, DoubleVectorMath::log1p, StrictMath::log1p, -1, Double.MAX_VALUE, 2),
        new D("tanh", DoubleVectorMath::tanh, DoubleVectorMath::tanh, StrictMath::tanh, -25, 25, 3.5),
    };

    private static final float[] FLOAT_SPECIALS = {
        0f,
        -0f,
        Float.MIN_VALUE,
        -Float.MIN_VALUE,
        Float.MIN_NORMAL,
        -Float.MIN_NORMAL,
        1e-40f,
        -1e-40f,
        1e-30f,
        -1e-30f,
        1e-8f,
        -1e-8f,
        1f,
        -1f,
        Math.nextUp(-1f),
        Math.nextDown(-1f),
        0.5f,
        -0.5f,
        2f,
        88.72f,
        88.7228f,
        Math.nextDown(88.72284f),
        88.72284f,
        89f,
        100f,
        -87.33f,
        -87.34f,
        -103.9f,
        -103.97f,
        -104f,
        -150f,
        9f,
        9.1f,
        -9.1f,
        20f,
        Float.MAX_VALUE,
        -Float.MAX_VALUE,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.NaN,
    };

    private static final double[] DOUBLE_SPECIALS = {
        0.0,
        -0.0,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MIN_NORMAL,
        -Double.MIN_NORMAL,
        1e-310,
        -1e-310,
        1e-200,
        -1e-200,
        1e-17,
        -1e-17,
        1.0,
        -1.0,
        Math.nextUp(-1.0),
        Math.nextDown(-1.0),
        0.5,
        -0.5,
        2.0,
        709.78,
        709.782712893384,
        709.79,
        710.0,
        1000.0,
        -708.39,
        -708.4,
        -745.1,
        -745.13,
        -745.2,
        -746.0,
        -2000.0,
        19.0,
        19.1,
        -19.1,
        40.0,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.NaN,
    };

    /** Inputs: the specials, a uniform grid over [lo, hi] (clipped to 1e4 in magnitude), and every k-th bit pattern. */
    private static float[] floatInputs(double lo, double hi) {
        int grid = 400_000;
        double glo = Math.max(lo, -1e4);
        double ghi = Math.min(hi, 1e4);
        int stride = 4099;
        int patterns = (int) ((1L << 32) / stride) + 1;
        float[] x = new float[FLOAT_SPECIALS.length + grid + patterns];
        int n = 0;
        for (float s : FLOAT_SPECIALS) {
            x[n++] = s;
        }
        for (int i = 0; i < grid; i++) {
            x[n++] = (float) (glo + (ghi - glo) * i / (grid - 1));
        }
        for (long b = 0; b < (1L << 32) && n < x.length; b += stride) {
            x[n++] = Float.intBitsToFloat((int) b);
        }
        return java.util.Arrays.copyOf(x, n);
    }

    private static double[] doubleInputs(double lo, double hi) {
        int grid = 400_000;
        double glo = Math.max(lo, -1e4);
        double ghi = Math.min(hi, 1e4);
        java.util.Random rng = new java.util.Random(5);
        int randoms = 400_000;
        double[] x = new double[DOUBLE_SPECIALS.length + grid + randoms];
        int n = 0;
        for (double s : DOUBLE_SPECIALS) {
            x[n++] = s;
        }
        for (int i = 0; i < grid; i++) {
            x[n++] = glo + (ghi - glo) * i / (grid - 1);
        }
        for (int i = 0; i < randoms; i++) {
            x[n++] = Double.longBitsToDouble(rng.nextLong()); // every sign and exponent
        }
        return x;
    }

    private static float[] vectorF(UnaryOperator<FloatVector> f, float[] x) {
        float[] y = new float[x.length];
        int bound = FS.loopBound(x.length);
        for (int i = 0; i < bound; i += FS.length()) {
            f.apply(FloatVector.fromArray(FS, x, i)).intoArray(y, i);
        }
        float[] pad = new float[FS.length()];
        float[] out = new float[FS.length()];
        System.arraycopy(x, bound, pad, 0, x.length - bound);
        f.apply(FloatVector.fromArray(FS, pad, 0)).intoArray(out, 0);
        System.arraycopy(out, 0, y, bound, x.length - bound);
        return y;
    }

    private static double[] vectorD(UnaryOperator<DoubleVector> f, double[] x) {
        double[] y = new double[x.length];
        int bound = DS.loopBound(x.length);
        for (int i = 0; i < bound; i += DS.length()) {
            f.apply(DoubleVector.fromArray(DS, x, i)).intoArray(y, i);
        }
        double[] pad = new double[DS.length()];
        double[] out = new double[DS.length()];
        System.arraycopy(x, bound, pad, 0, x.length - bound);
        f.apply(DoubleVector.fromArray(DS, pad, 0)).intoArray(out, 0);
        System.arraycopy(out, 0, y, bound, x.length - bound);
        return y;
    }

    /** Error of {@code got} in ulps of the float nearest {@code want}; 0 when both are the same special value. */
    private static double ulpsF(float got, double want) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            return Double.isNaN(want) && Double.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        }
        float w = (float) want;
        if (Float.isInfinite(w) || Float.isInfinite(got)) {
            // beyond MAX_VALUE: infinity is the rounded result; allow MAX_VALUE within the bound
            if (got == w) {
                return 0;
            }
            double cap = Math.copySign((double) Float.MAX_VALUE, want);
            return Math.abs(got - cap) / Math.ulp(Float.MAX_VALUE) + 1;
        }
        return Math.abs(got - want) / Math.ulp(w);
    }

    private static double ulpsD(double got, double want) {
        if (Double.isNaN(want) || Double.isNaN(got)) {
            return Double.isNaN(want) && Double.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (Double.isInfinite(want) || Double.isInfinite(got)) {
            return got == want ? 0 : Double.POSITIVE_INFINITY;
        }
        if (got == want) {
            return 0;
        }
        // difference in representable steps: exact for doubles of the same sign
        long a = Double.doubleToRawLongBits(got);
        long b = Double.doubleToRawLongBits(want);
        if ((a ^ b) < 0) {
            return Math.abs(got - want) / Double.MIN_VALUE;
        }
        return Math.abs(a - b);
    }

    @Test
    void floatAccuracyAndVectorScalarAgreement() {
        StringBuilder report = new StringBuilder();
        for (F f : FLOATS) {
            float[] x = floatInputs(f.lo, f.hi);
            float[] v = vectorF(f.vec, x);
            double worst = 0;
            float worstAt = 0;
            for (int i = 0; i < x.length; i++) {
                float s = f.scalar.apply(x[i]);
                if (Float.floatToRawIntBits(s) != Float.floatToRawIntBits(v[i])
                        && !(Float.isNaN(s) && Float.isNaN(v[i]))) {
                    fail(f.name + "(" + x[i] + "): vector " + v[i] + " != scalar " + s);
                }
                double want = f.ref.applyAsDouble(x[i]);
                double e = ulpsF(s, want);
                if (e > worst) {
                    worst = e;
                    worstAt = x[i];
                }
                if (want == 0 && s == 0 && (1 / want > 0) != (1 / (double) s > 0)) {
                    fail(f.name + "(" + x[i] + "): sign of zero " + s);
                }
            }
            report.append(String.format("float %s: %.3f ulp at %s%n", f.name, worst, worstAt));
            assertTrue(worst <= f.maxUlp, f.name + ": " + worst + " ulp at " + worstAt);
        }
        System.out.print(report);
    }

    @Test
    void doubleAccuracyAndVectorScalarAgreement() {
        StringBuilder report = new StringBuilder();
        for (D f : DOUBLES) {
            double[] x = doubleInputs(f.lo, f.hi);
            double[] v = vectorD(f.vec, x);
            double worst = 0;
            double worstAt = 0;
            for (int i = 0; i < x.length; i++) {
                double s = f.scalar.applyAsDouble(x[i]);
                if (Double.doubleToRawLongBits(s) != Double.doubleToRawLongBits(v[i])
                        && !(Double.isNaN(s) && Double.isNaN(v[i]))) {
                    fail(f.name + "(" + x[i] + "): vector " + v[i] + " != scalar " + s);
                }
                double want = f.ref.applyAsDouble(x[i]);
                double e = ulpsD(s, want);
                if (e > worst) {
                    worst = e;
                    worstAt = x[i];
                }
                if (want == 0 && s == 0 && (1 / want > 0) != (1 / s > 0)) {
                    fail(f.name + "(" + x[i] + "): sign of zero " + s);
                }
            }
            report.append(String.format("double %s: %.3f ulp at %s%n", f.name, worst, worstAt));
            assertTrue(worst <= f.maxUlp, f.name + ": " + worst + " ulp at " + worstAt);
        }
        System.out.print(report);
    }

    @Test
    void specialValues() {
        assertEquals(0f, FloatVectorMath.exp(Float.NEGATIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, FloatVectorMath.exp(Float.POSITIVE_INFINITY));
        assertEquals(1f, FloatVectorMath.exp(-0f));
        assertEquals(Float.NEGATIVE_INFINITY, FloatVectorMath.log(0f));
        assertEquals(Float.NEGATIVE_INFINITY, FloatVectorMath.log(-0f));
        assertTrue(Float.isNaN(FloatVectorMath.log(-1f)));
        assertEquals(0f, FloatVectorMath.log(1f));
        assertEquals(Float.NEGATIVE_INFINITY, FloatVectorMath.log1p(-1f));
        assertEquals(-0f, FloatVectorMath.log1p(-0f));
        assertTrue(Float.isNaN(FloatVectorMath.log1p(-2f)));
        assertEquals(-1f, FloatVectorMath.expm1(Float.NEGATIVE_INFINITY));
        assertEquals(-0f, FloatVectorMath.expm1(-0f));
        assertEquals(1f, FloatVectorMath.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, FloatVectorMath.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(-0f, FloatVectorMath.tanh(-0f));
        assertEquals(0.0, DoubleVectorMath.exp(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, DoubleVectorMath.exp(Double.POSITIVE_INFINITY));
        assertEquals(Double.NEGATIVE_INFINITY, DoubleVectorMath.log(0.0));
        assertEquals(0.0, DoubleVectorMath.log(1.0));
        assertEquals(-0.0, DoubleVectorMath.log1p(-0.0));
        assertEquals(-1.0, DoubleVectorMath.expm1(Double.NEGATIVE_INFINITY));
        assertEquals(-1.0, DoubleVectorMath.tanh(Double.NEGATIVE_INFINITY));
        assertEquals(
                Double.MIN_VALUE * 2,
                DoubleVectorMath.exp(-744.0) > 0 ? Double.MIN_VALUE * 2 : 0.0,
                "exp reaches subnormals");
    }

    /**
     * Every op built on FloatVectorMath or DoubleVectorMath: the loop with a vector body gives the bits of the scalar
     * lanes.
     */
    @Test
    void loopsMatchTheirScalarLanes() {
        UnaryOp[] ops = {
            UnaryOp.EXP,
            UnaryOp.LOG,
            UnaryOp.LOG1P,
            UnaryOp.EXPM1,
            UnaryOp.TANH,
            UnaryOp.SIGMOID,
            UnaryOp.ELU,
            UnaryOp.SELU,
            UnaryOp.SOFTPLUS,
            UnaryOp.SILU
        };
        java.util.Random rng = new java.util.Random(3);
        int n = 4099;
        float[] xf = new float[n];
        double[] xd = new double[n];
        for (int i = 0; i < n; i++) {
            xd[i] = i < FLOAT_SPECIALS.length ? FLOAT_SPECIALS[i] : rng.nextGaussian() * (i % 3 == 0 ? 30 : 3);
            xf[i] = (float) xd[i];
        }
        for (UnaryOp op : ops) {
            float[] of = new float[n];
            FloatUnaryLoops.apply(op, xf, 0, of, 0, n, 1.5, 0);
            double[] od = new double[n];
            DoubleUnaryLoops.apply(op, xd, 0, od, 0, n, 1.5, 0);
            for (int i = 0; i < n; i++) {
                float lf = FloatUnaryLoops.lane(op, xf[i], 1.5f);
                assertEquals(Float.floatToIntBits(lf), Float.floatToIntBits(of[i]), op + " float at " + xf[i]);
                double ld = DoubleUnaryLoops.lane(op, xd[i], 1.5);
                assertEquals(Double.doubleToLongBits(ld), Double.doubleToLongBits(od[i]), op + " double at " + xd[i]);
            }
        }
    }

    /**
     * The same computation 20,000 times: the loops run interpreted, then C1- and C2-compiled, and
     * every result must have the bits of the first.
     */
    @Test
    @Slow
    void resultsDoNotChangeWhenTheJitCompiles() {
        UnaryOp[] ops = {
            UnaryOp.EXP,
            UnaryOp.LOG,
            UnaryOp.LOG1P,
            UnaryOp.EXPM1,
            UnaryOp.TANH,
            UnaryOp.SIGMOID,
            UnaryOp.SOFTPLUS,
            UnaryOp.SILU,
            UnaryOp.ELU,
            UnaryOp.SIN,
            UnaryOp.COS,
            UnaryOp.POW_SCALAR
        };
        java.util.Random rng = new java.util.Random(9);
        int n = 67;
        float[] xf = new float[n];
        double[] xd = new double[n];
        for (int i = 0; i < n; i++) {
            xd[i] = 0.01 + Math.abs(rng.nextGaussian() * 5);
            if (i % 2 == 1) {
                xd[i] = -xd[i] / 2;
            }
            xf[i] = (float) xd[i];
        }
        for (UnaryOp op : ops) {
            float[] firstF = new float[n];
            double[] firstD = new double[n];
            FloatUnaryLoops.apply(op, xf, 0, firstF, 0, n, 1.7, 0);
            DoubleUnaryLoops.apply(op, xd, 0, firstD, 0, n, 1.7, 0);
            float[] of = new float[n];
            double[] od = new double[n];
            for (int rep = 0; rep < 20_000; rep++) {
                FloatUnaryLoops.apply(op, xf, 0, of, 0, n, 1.7, 0);
                DoubleUnaryLoops.apply(op, xd, 0, od, 0, n, 1.7, 0);
                if (!java.util.Arrays.equals(firstF, of) || !java.util.Arrays.equals(firstD, od)) {
                    fail(op + ": call " + rep + " gave different bits from the first");
                }
            }
        }
    }
}
