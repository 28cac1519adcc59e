package dev.synapse.backend.cpu;

import dev.synapse.backend.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The unit-stride loops of every {@link UnaryOp} in float32 and float64: one vector loop per op
 * (the switch is outside the loop), a scalar tail through {@link ScalarMath}, and plain scalar loops
 * for the ops without a vector form (floor, ceil, round, erf, gelu, sin, cos, pow). exp, log, log1p,
 * expm1, tanh and the activations built on them use {@link VectorMath}, never the Vector API's
 * transcendental lane operations, whose results change in the last bit when C2 compiles a loop; the
 * scalar tail computes the same lanes ({@link #lane}), so results do not depend on JIT state or on
 * where an element falls in a loop. sin, cos and non-square powers go through {@link StrictMath}.
 */
final class UnaryLoops {
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private UnaryLoops() {}

    /** {@code o[oo, oo + n) = op(x[xo, xo + n))} in float with unit strides; {@code o} may be {@code x} at the same offset. */
    static void floats(UnaryOp op, float[] x, int xo, float[] o, int oo, int n, double p1, double p2) {
        final FloatVector a = FloatVector.broadcast(FS, (float) p1);
        final FloatVector b = FloatVector.broadcast(FS, (float) p2);
        final FloatVector zero = FloatVector.broadcast(FS, 0f);
        final FloatVector one = FloatVector.broadcast(FS, 1f);
        final FloatVector minusOne = FloatVector.broadcast(FS, -1f);
        final FloatVector three = FloatVector.broadcast(FS, 3f);
        final FloatVector six = FloatVector.broadcast(FS, 6f);
        final FloatVector seluAlpha = FloatVector.broadcast(FS, (float) ScalarMath.SELU_ALPHA);
        final FloatVector seluScale = FloatVector.broadcast(FS, (float) ScalarMath.SELU_SCALE);
        final int step = FS.length();
        final int bound = FS.loopBound(n);
        int i = 0;
        switch (op) {
            case NEG -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.neg().intoArray(o, oo + i);
                }
            }
            case ABS -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.abs().intoArray(o, oo + i);
                }
            }
            case SIGN -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.blend(one, v.compare(VectorOperators.GT, 0))
                            .blend(minusOne, v.compare(VectorOperators.LT, 0))
                            .intoArray(o, oo + i);
                }
            }
            case SQUARE -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.mul(v).intoArray(o, oo + i);
                }
            }
            case SQRT -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.sqrt().intoArray(o, oo + i);
                }
            }
            case RSQRT -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    one.div(v.sqrt()).intoArray(o, oo + i);
                }
            }
            case EXP -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    VectorMath.exp(v).intoArray(o, oo + i);
                }
            }
            case LOG -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    VectorMath.log(v).intoArray(o, oo + i);
                }
            }
            case LOG1P -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    VectorMath.log1p(v).intoArray(o, oo + i);
                }
            }
            case EXPM1 -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    VectorMath.expm1(v).intoArray(o, oo + i);
                }
            }
            case RECIPROCAL -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    one.div(v).intoArray(o, oo + i);
                }
            }
            case SIN -> {
                // the scalar loop below (StrictMath)
            }
            case COS -> {
                // the scalar loop below (StrictMath)
            }
            case TANH -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    VectorMath.tanh(v).intoArray(o, oo + i);
                }
            }
            case SIGMOID -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    one.div(one.add(VectorMath.exp(v.neg()))).intoArray(o, oo + i);
                }
            }
            case RELU -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.blend(zero, v.compare(VectorOperators.LE, 0)).intoArray(o, oo + i); // NaN stays NaN
                }
            }
            case LEAKY_RELU -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.mul(a).blend(v, v.compare(VectorOperators.GT, 0)).intoArray(o, oo + i);
                }
            }
            case ELU -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    VectorMath.expm1(v)
                            .mul(a)
                            .blend(v, v.compare(VectorOperators.GT, 0))
                            .intoArray(o, oo + i);
                }
            }
            case SELU -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    VectorMath.expm1(v)
                            .mul(seluAlpha)
                            .blend(v, v.compare(VectorOperators.GT, 0))
                            .mul(seluScale)
                            .intoArray(o, oo + i);
                }
            }
            case SOFTPLUS -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.max(zero)
                            .add(VectorMath.log1p(VectorMath.exp(v.abs().neg())))
                            .intoArray(o, oo + i);
                }
            }
            case SOFTSIGN -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.div(one.add(v.abs())).intoArray(o, oo + i);
                }
            }
            case SILU -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.div(one.add(VectorMath.exp(v.neg()))).intoArray(o, oo + i);
                }
            }
            case HARD_SIGMOID -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.add(three).max(zero).min(six).div(six).intoArray(o, oo + i);
                }
            }
            case CLAMP -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                    v.max(a).min(b).intoArray(o, oo + i);
                }
            }
            case POW_SCALAR -> i = powFloat(x, xo, o, oo, n, p1);
            default -> {
                // FLOOR, CEIL, ROUND, ERF, GELU, NOT: scalar loops below.
            }
        }
        if (i < n) {
            scalarFloat(op, x, xo + i, o, oo + i, n - i, p1, p2);
        }
    }

    /** {@code o[oo, oo + n) = op(x[xo, xo + n))} in double with unit strides; {@code o} may be {@code x} at the same offset. */
    static void doubles(UnaryOp op, double[] x, int xo, double[] o, int oo, int n, double p1, double p2) {
        final DoubleVector a = DoubleVector.broadcast(DS, p1);
        final DoubleVector b = DoubleVector.broadcast(DS, p2);
        final DoubleVector zero = DoubleVector.broadcast(DS, 0.0);
        final DoubleVector one = DoubleVector.broadcast(DS, 1.0);
        final DoubleVector minusOne = DoubleVector.broadcast(DS, -1.0);
        final DoubleVector three = DoubleVector.broadcast(DS, 3.0);
        final DoubleVector six = DoubleVector.broadcast(DS, 6.0);
        final DoubleVector seluAlpha = DoubleVector.broadcast(DS, ScalarMath.SELU_ALPHA);
        final DoubleVector seluScale = DoubleVector.broadcast(DS, ScalarMath.SELU_SCALE);
        final int step = DS.length();
        final int bound = DS.loopBound(n);
        int i = 0;
        switch (op) {
            case NEG -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.neg().intoArray(o, oo + i);
                }
            }
            case ABS -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.abs().intoArray(o, oo + i);
                }
            }
            case SIGN -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.blend(one, v.compare(VectorOperators.GT, 0))
                            .blend(minusOne, v.compare(VectorOperators.LT, 0))
                            .intoArray(o, oo + i);
                }
            }
            case SQUARE -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.mul(v).intoArray(o, oo + i);
                }
            }
            case SQRT -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.sqrt().intoArray(o, oo + i);
                }
            }
            case RSQRT -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    one.div(v.sqrt()).intoArray(o, oo + i);
                }
            }
            case EXP -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    VectorMath.exp(v).intoArray(o, oo + i);
                }
            }
            case LOG -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    VectorMath.log(v).intoArray(o, oo + i);
                }
            }
            case LOG1P -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    VectorMath.log1p(v).intoArray(o, oo + i);
                }
            }
            case EXPM1 -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    VectorMath.expm1(v).intoArray(o, oo + i);
                }
            }
            case RECIPROCAL -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    one.div(v).intoArray(o, oo + i);
                }
            }
            case SIN -> {
                // the scalar loop below (StrictMath)
            }
            case COS -> {
                // the scalar loop below (StrictMath)
            }
            case TANH -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    VectorMath.tanh(v).intoArray(o, oo + i);
                }
            }
            case SIGMOID -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    one.div(one.add(VectorMath.exp(v.neg()))).intoArray(o, oo + i);
                }
            }
            case RELU -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.blend(zero, v.compare(VectorOperators.LE, 0)).intoArray(o, oo + i); // NaN stays NaN
                }
            }
            case LEAKY_RELU -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.mul(a).blend(v, v.compare(VectorOperators.GT, 0)).intoArray(o, oo + i);
                }
            }
            case ELU -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    VectorMath.expm1(v)
                            .mul(a)
                            .blend(v, v.compare(VectorOperators.GT, 0))
                            .intoArray(o, oo + i);
                }
            }
            case SELU -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    VectorMath.expm1(v)
                            .mul(seluAlpha)
                            .blend(v, v.compare(VectorOperators.GT, 0))
                            .mul(seluScale)
                            .intoArray(o, oo + i);
                }
            }
            case SOFTPLUS -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.max(zero)
                            .add(VectorMath.log1p(VectorMath.exp(v.abs().neg())))
                            .intoArray(o, oo + i);
                }
            }
            case SOFTSIGN -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.div(one.add(v.abs())).intoArray(o, oo + i);
                }
            }
            case SILU -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.div(one.add(VectorMath.exp(v.neg()))).intoArray(o, oo + i);
                }
            }
            case HARD_SIGMOID -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.add(three).max(zero).min(six).div(six).intoArray(o, oo + i);
                }
            }
            case CLAMP -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                    v.max(a).min(b).intoArray(o, oo + i);
                }
            }
            case POW_SCALAR -> i = powDouble(x, xo, o, oo, n, p1);
            default -> {
                // FLOOR, CEIL, ROUND, ERF, GELU, NOT: scalar loops below.
            }
        }
        if (i < n) {
            scalarDouble(op, x, xo + i, o, oo + i, n - i, p1, p2);
        }
    }

    /** Vector {@code x ^ p} for the exponents worth a vector loop; returns how many leading elements it wrote. */
    private static int powFloat(float[] x, int xo, float[] o, int oo, int n, double p) {
        if ((float) p != p) {
            return 0; // an exponent float cannot hold exactly: leave it to the double-precision scalar loop
        }
        int step = FS.length();
        int bound = FS.loopBound(n);
        int i = 0;
        if (p == 2.0) {
            for (; i < bound; i += step) {
                FloatVector v = FloatVector.fromArray(FS, x, xo + i);
                v.mul(v).intoArray(o, oo + i);
            }
        }
        return i;
    }

    private static int powDouble(double[] x, int xo, double[] o, int oo, int n, double p) {
        int step = DS.length();
        int bound = DS.loopBound(n);
        int i = 0;
        if (p == 2.0) {
            for (; i < bound; i += step) {
                DoubleVector v = DoubleVector.fromArray(DS, x, xo + i);
                v.mul(v).intoArray(o, oo + i);
            }
        }
        return i;
    }

    /** Scalar loops: the whole range for ops without a vector form, otherwise the tail of a vector loop. */
    private static void scalarFloat(UnaryOp op, float[] x, int xo, float[] o, int oo, int n, double p1, double p2) {
        switch (op) {
            case FLOOR -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Math.floor(x[xo + i]);
                }
            }
            case CEIL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Math.ceil(x[xo + i]);
                }
            }
            case ROUND -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Math.rint(x[xo + i]);
                }
            }
            case ERF -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Erf.erf(x[xo + i]);
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) Erf.gelu(x[xo + i]);
                }
            }
            case EXP,
                    LOG,
                    LOG1P,
                    EXPM1,
                    TANH,
                    SIGMOID,
                    ELU,
                    SELU,
                    SOFTPLUS,
                    SILU,
                    RSQRT,
                    SOFTSIGN,
                    HARD_SIGMOID,
                    LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = lane(op, x[xo + i], (float) p1);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = (float) ScalarMath.unary(op, x[xo + i], p1, p2);
                }
            }
        }
    }

    private static void scalarDouble(UnaryOp op, double[] x, int xo, double[] o, int oo, int n, double p1, double p2) {
        switch (op) {
            case FLOOR -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.floor(x[xo + i]);
                }
            }
            case CEIL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.ceil(x[xo + i]);
                }
            }
            case ROUND -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Math.rint(x[xo + i]);
                }
            }
            case ERF -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Erf.erf(x[xo + i]);
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = Erf.gelu(x[xo + i]);
                }
            }
            case EXP, LOG, LOG1P, EXPM1, TANH, SIGMOID, ELU, SELU, SOFTPLUS, SILU -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = lane(op, x[xo + i], p1);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i] = ScalarMath.unary(op, x[xo + i], p1, p2);
                }
            }
        }
    }

    /**
     * One lane of the float vector loops that round more than once in float (the ops built on
     * {@link VectorMath}, rsqrt, softsign, hard sigmoid, a float slope), computed with the same
     * operations, so a loop's tail gives the bits its vector body would; the other ops round once and
     * their tail may compute in double.
     */
    static float lane(UnaryOp op, float x, float a) {
        return switch (op) {
            case RSQRT -> 1f / (float) Math.sqrt(x); // the float square root, correctly rounded as the vector lane's
            case SOFTSIGN -> x / (1f + Math.abs(x));
            case HARD_SIGMOID -> Math.min(Math.max(x + 3f, 0f), 6f) / 6f;
            case LEAKY_RELU -> x > 0 ? x : x * a;
            case EXP -> VectorMath.exp(x);
            case LOG -> VectorMath.log(x);
            case LOG1P -> VectorMath.log1p(x);
            case EXPM1 -> VectorMath.expm1(x);
            case TANH -> VectorMath.tanh(x);
            case SIGMOID -> 1f / (1f + VectorMath.exp(-x));
            case ELU -> x > 0 ? x : VectorMath.expm1(x) * a;
            case SELU ->
                (x > 0 ? x : VectorMath.expm1(x) * (float) ScalarMath.SELU_ALPHA) * (float) ScalarMath.SELU_SCALE;
            case SOFTPLUS -> Math.max(x, 0f) + VectorMath.log1p(VectorMath.exp(-Math.abs(x)));
            case SILU -> x / (1f + VectorMath.exp(-x));
            default -> throw new IllegalArgumentException("lane: " + op);
        };
    }

    /** {@link #lane(UnaryOp, float, float)} in double. */
    static double lane(UnaryOp op, double x, double a) {
        return switch (op) {
            case EXP -> VectorMath.exp(x);
            case LOG -> VectorMath.log(x);
            case LOG1P -> VectorMath.log1p(x);
            case EXPM1 -> VectorMath.expm1(x);
            case TANH -> VectorMath.tanh(x);
            case SIGMOID -> 1.0 / (1.0 + VectorMath.exp(-x));
            case ELU -> x > 0 ? x : VectorMath.expm1(x) * a;
            case SELU -> (x > 0 ? x : VectorMath.expm1(x) * ScalarMath.SELU_ALPHA) * ScalarMath.SELU_SCALE;
            case SOFTPLUS -> Math.max(x, 0.0) + VectorMath.log1p(VectorMath.exp(-Math.abs(x)));
            case SILU -> x / (1.0 + VectorMath.exp(-x));
            default -> throw new IllegalArgumentException("lane: " + op);
        };
    }
}
