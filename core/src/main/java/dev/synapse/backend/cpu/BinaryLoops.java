package dev.synapse.backend.cpu;

import dev.synapse.backend.BinaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The unit-stride loops of the arithmetic and comparison {@link BinaryOp}s in float32 and float64:
 * vector against vector, vector against one broadcast value (a scalar, a bias row element, a column
 * entry) and value against vector. One vector loop per op and pattern, the switch outside the loop;
 * the scalar tail goes through {@link ScalarMath}.
 */
final class BinaryLoops {
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    private BinaryLoops() {}

    /** The comparison that holds for {@code (b, a)} when {@code op} holds for {@code (a, b)}. */
    static BinaryOp mirror(BinaryOp op) {
        return switch (op) {
            case LT -> BinaryOp.GT;
            case LE -> BinaryOp.GE;
            case GT -> BinaryOp.LT;
            case GE -> BinaryOp.LE;
            default -> op;
        };
    }

    /**
     * {@code o[oo, oo + n) = op(a, b)} in float with unit strides, except that an operand flagged as
     * broadcast is the single value at its offset; at most one operand is broadcast.
     */
    static void floats(
            BinaryOp op, float[] a, int ao, boolean aOne, float[] b, int bo, boolean bOne, float[] o, int oo, int n) {
        final int step = FS.length();
        final int bound = FS.loopBound(n);
        int i = 0;
        if (!aOne && !bOne) {
            switch (op) {
                case ADD -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.add(y).intoArray(o, oo + i);
                    }
                }
                case SUB -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.sub(y).intoArray(o, oo + i);
                    }
                }
                case MUL -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.mul(y).intoArray(o, oo + i);
                    }
                }
                case DIV -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.div(y).intoArray(o, oo + i);
                    }
                }
                case POW -> {
                    // the scalar loop below: StrictMath.pow gives the same bits in every JIT tier
                }
                case MAXIMUM -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.max(y).intoArray(o, oo + i);
                    }
                }
                case MINIMUM -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.min(y).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException("binary: " + op + " is not arithmetic");
            }
        } else if (bOne) {
            final FloatVector yb = FloatVector.broadcast(FS, b[bo]);
            switch (op) {
                case ADD -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = yb;
                        x.add(y).intoArray(o, oo + i);
                    }
                }
                case SUB -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = yb;
                        x.sub(y).intoArray(o, oo + i);
                    }
                }
                case MUL -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = yb;
                        x.mul(y).intoArray(o, oo + i);
                    }
                }
                case DIV -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = yb;
                        x.div(y).intoArray(o, oo + i);
                    }
                }
                case POW -> {
                    // the scalar loop below: StrictMath.pow gives the same bits in every JIT tier
                }
                case MAXIMUM -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = yb;
                        x.max(y).intoArray(o, oo + i);
                    }
                }
                case MINIMUM -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = yb;
                        x.min(y).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException("binary: " + op + " is not arithmetic");
            }
        } else {
            final FloatVector xb = FloatVector.broadcast(FS, a[ao]);
            switch (op) {
                case ADD -> {
                    for (; i < bound; i += step) {
                        FloatVector x = xb;
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.add(y).intoArray(o, oo + i);
                    }
                }
                case SUB -> {
                    for (; i < bound; i += step) {
                        FloatVector x = xb;
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.sub(y).intoArray(o, oo + i);
                    }
                }
                case MUL -> {
                    for (; i < bound; i += step) {
                        FloatVector x = xb;
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.mul(y).intoArray(o, oo + i);
                    }
                }
                case DIV -> {
                    for (; i < bound; i += step) {
                        FloatVector x = xb;
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.div(y).intoArray(o, oo + i);
                    }
                }
                case POW -> {
                    // the scalar loop below: StrictMath.pow gives the same bits in every JIT tier
                }
                case MAXIMUM -> {
                    for (; i < bound; i += step) {
                        FloatVector x = xb;
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.max(y).intoArray(o, oo + i);
                    }
                }
                case MINIMUM -> {
                    for (; i < bound; i += step) {
                        FloatVector x = xb;
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.min(y).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException("binary: " + op + " is not arithmetic");
            }
        }
        for (; i < n; i++) {
            o[oo + i] = (float) ScalarMath.binary(op, a[aOne ? ao : ao + i], b[bOne ? bo : bo + i]);
        }
    }

    /** Comparisons of float operands into bool, with the same broadcast flags as {@link #floats}. */
    static void compareFloats(
            BinaryOp op, float[] a, int ao, boolean aOne, float[] b, int bo, boolean bOne, boolean[] o, int oo, int n) {
        if (aOne && !bOne) {
            compareFloats(mirror(op), b, bo, false, a, ao, true, o, oo, n); // s < v is v > s
            return;
        }
        final int step = FS.length();
        final int bound = FS.loopBound(n);
        int i = 0;
        if (!bOne) {
            switch (op) {
                case EQ -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.compare(VectorOperators.EQ, y).intoArray(o, oo + i);
                    }
                }
                case NE -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.compare(VectorOperators.NE, y).intoArray(o, oo + i);
                    }
                }
                case LT -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.compare(VectorOperators.LT, y).intoArray(o, oo + i);
                    }
                }
                case LE -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.compare(VectorOperators.LE, y).intoArray(o, oo + i);
                    }
                }
                case GT -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.compare(VectorOperators.GT, y).intoArray(o, oo + i);
                    }
                }
                case GE -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = FloatVector.fromArray(FS, b, bo + i);
                        x.compare(VectorOperators.GE, y).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException("binary: " + op + " is not a comparison of numbers");
            }
        } else {
            final FloatVector yb = FloatVector.broadcast(FS, b[bo]);
            switch (op) {
                case EQ -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = yb;
                        x.compare(VectorOperators.EQ, y).intoArray(o, oo + i);
                    }
                }
                case NE -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = yb;
                        x.compare(VectorOperators.NE, y).intoArray(o, oo + i);
                    }
                }
                case LT -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = yb;
                        x.compare(VectorOperators.LT, y).intoArray(o, oo + i);
                    }
                }
                case LE -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = yb;
                        x.compare(VectorOperators.LE, y).intoArray(o, oo + i);
                    }
                }
                case GT -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = yb;
                        x.compare(VectorOperators.GT, y).intoArray(o, oo + i);
                    }
                }
                case GE -> {
                    for (; i < bound; i += step) {
                        FloatVector x = FloatVector.fromArray(FS, a, ao + i);
                        FloatVector y = yb;
                        x.compare(VectorOperators.GE, y).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException("binary: " + op + " is not a comparison of numbers");
            }
        }
        for (; i < n; i++) {
            o[oo + i] = ScalarMath.binary(op, a[aOne ? ao : ao + i], b[bOne ? bo : bo + i]) != 0;
        }
    }

    /**
     * {@code o[oo, oo + n) = op(a, b)} in double with unit strides, except that an operand flagged as
     * broadcast is the single value at its offset; at most one operand is broadcast.
     */
    static void doubles(
            BinaryOp op,
            double[] a,
            int ao,
            boolean aOne,
            double[] b,
            int bo,
            boolean bOne,
            double[] o,
            int oo,
            int n) {
        final int step = DS.length();
        final int bound = DS.loopBound(n);
        int i = 0;
        if (!aOne && !bOne) {
            switch (op) {
                case ADD -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.add(y).intoArray(o, oo + i);
                    }
                }
                case SUB -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.sub(y).intoArray(o, oo + i);
                    }
                }
                case MUL -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.mul(y).intoArray(o, oo + i);
                    }
                }
                case DIV -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.div(y).intoArray(o, oo + i);
                    }
                }
                case POW -> {
                    // the scalar loop below: StrictMath.pow gives the same bits in every JIT tier
                }
                case MAXIMUM -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.max(y).intoArray(o, oo + i);
                    }
                }
                case MINIMUM -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.min(y).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException("binary: " + op + " is not arithmetic");
            }
        } else if (bOne) {
            final DoubleVector yb = DoubleVector.broadcast(DS, b[bo]);
            switch (op) {
                case ADD -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = yb;
                        x.add(y).intoArray(o, oo + i);
                    }
                }
                case SUB -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = yb;
                        x.sub(y).intoArray(o, oo + i);
                    }
                }
                case MUL -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = yb;
                        x.mul(y).intoArray(o, oo + i);
                    }
                }
                case DIV -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = yb;
                        x.div(y).intoArray(o, oo + i);
                    }
                }
                case POW -> {
                    // the scalar loop below: StrictMath.pow gives the same bits in every JIT tier
                }
                case MAXIMUM -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = yb;
                        x.max(y).intoArray(o, oo + i);
                    }
                }
                case MINIMUM -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = yb;
                        x.min(y).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException("binary: " + op + " is not arithmetic");
            }
        } else {
            final DoubleVector xb = DoubleVector.broadcast(DS, a[ao]);
            switch (op) {
                case ADD -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = xb;
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.add(y).intoArray(o, oo + i);
                    }
                }
                case SUB -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = xb;
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.sub(y).intoArray(o, oo + i);
                    }
                }
                case MUL -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = xb;
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.mul(y).intoArray(o, oo + i);
                    }
                }
                case DIV -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = xb;
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.div(y).intoArray(o, oo + i);
                    }
                }
                case POW -> {
                    // the scalar loop below: StrictMath.pow gives the same bits in every JIT tier
                }
                case MAXIMUM -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = xb;
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.max(y).intoArray(o, oo + i);
                    }
                }
                case MINIMUM -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = xb;
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.min(y).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException("binary: " + op + " is not arithmetic");
            }
        }
        for (; i < n; i++) {
            o[oo + i] = ScalarMath.binary(op, a[aOne ? ao : ao + i], b[bOne ? bo : bo + i]);
        }
    }

    /** Comparisons of double operands into bool, with the same broadcast flags as {@link #doubles}. */
    static void compareDoubles(
            BinaryOp op,
            double[] a,
            int ao,
            boolean aOne,
            double[] b,
            int bo,
            boolean bOne,
            boolean[] o,
            int oo,
            int n) {
        if (aOne && !bOne) {
            compareDoubles(mirror(op), b, bo, false, a, ao, true, o, oo, n); // s < v is v > s
            return;
        }
        final int step = DS.length();
        final int bound = DS.loopBound(n);
        int i = 0;
        if (!bOne) {
            switch (op) {
                case EQ -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.compare(VectorOperators.EQ, y).intoArray(o, oo + i);
                    }
                }
                case NE -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.compare(VectorOperators.NE, y).intoArray(o, oo + i);
                    }
                }
                case LT -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.compare(VectorOperators.LT, y).intoArray(o, oo + i);
                    }
                }
                case LE -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.compare(VectorOperators.LE, y).intoArray(o, oo + i);
                    }
                }
                case GT -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.compare(VectorOperators.GT, y).intoArray(o, oo + i);
                    }
                }
                case GE -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = DoubleVector.fromArray(DS, b, bo + i);
                        x.compare(VectorOperators.GE, y).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException("binary: " + op + " is not a comparison of numbers");
            }
        } else {
            final DoubleVector yb = DoubleVector.broadcast(DS, b[bo]);
            switch (op) {
                case EQ -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = yb;
                        x.compare(VectorOperators.EQ, y).intoArray(o, oo + i);
                    }
                }
                case NE -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = yb;
                        x.compare(VectorOperators.NE, y).intoArray(o, oo + i);
                    }
                }
                case LT -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = yb;
                        x.compare(VectorOperators.LT, y).intoArray(o, oo + i);
                    }
                }
                case LE -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = yb;
                        x.compare(VectorOperators.LE, y).intoArray(o, oo + i);
                    }
                }
                case GT -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = yb;
                        x.compare(VectorOperators.GT, y).intoArray(o, oo + i);
                    }
                }
                case GE -> {
                    for (; i < bound; i += step) {
                        DoubleVector x = DoubleVector.fromArray(DS, a, ao + i);
                        DoubleVector y = yb;
                        x.compare(VectorOperators.GE, y).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException("binary: " + op + " is not a comparison of numbers");
            }
        }
        for (; i < n; i++) {
            o[oo + i] = ScalarMath.binary(op, a[aOne ? ao : ao + i], b[bOne ? bo : bo + i]) != 0;
        }
    }
}
