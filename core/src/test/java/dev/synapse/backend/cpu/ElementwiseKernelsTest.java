package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.UnaryOp;
import dev.synapse.internal.TensorAccess;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import dev.synapse.testing.Slow;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every vector path of the elementwise kernels against {@link ScalarMath}, over sizes around the
 * vector width and layouts that exercise each run pattern (contiguous, strided, transposed, bias
 * row, column, scalar, in-place).
 *
 * <p>Tolerances: ops that are correctly rounded in both float and double (+, -, *, /, sqrt, abs,
 * comparisons, ...) must agree to 2 ulp of the result; ops evaluated with a few roundings in the
 * element type (rsqrt, softsign, hard sigmoid, a float slope) to 8 ulp; transcendental ops, which
 * the float32 loops evaluate in float ({@link FloatVectorMath}) while the reference works in double, to
 * 1e-6 relative in float32 (a float ulp is 6e-8) and 1e-12 in float64, plus a tiny absolute term for results
 * that pass through zero.
 */
class ElementwiseKernelsTest {
    private static final int[] SIZES = {0, 1, 7, 8, 9, 31, 64, 1000, 100003};
    private static final Random RNG = new Random(11);

    private static boolean transcendental(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, LOG1P, EXPM1, SIN, COS, TANH, SIGMOID, ELU, SELU, SOFTPLUS, SILU, POW_SCALAR -> true;
            default -> false;
        };
    }

    private static double p1(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> 0.3;
            case ELU -> 1.5;
            case CLAMP -> -0.5;
            case POW_SCALAR -> 1.7;
            default -> 0;
        };
    }

    private static double p2(UnaryOp op) {
        return op == UnaryOp.CLAMP ? 0.75 : 0;
    }

    /** Values in the op's domain; a spread that crosses the branch points (0, +-3) of the activations. */
    private static double value(UnaryOp op) {
        return switch (op) {
            case SQRT, RSQRT, LOG, LOG1P, POW_SCALAR -> 0.01 + 20 * RNG.nextDouble();
            default -> RNG.nextGaussian() * 4;
        };
    }

    private static Tensor tensor(DType dt, double[] v, int... shape) {
        Object arr;
        if (dt == DType.FLOAT32) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            arr = f;
        } else {
            arr = v.clone();
        }
        return Tensor.wrap(arr, shape);
    }

    private static Tensor view(Tensor base, int[] shape, int[] strides, int offset) {
        return TensorAccess.get()
                .view(
                        base.storage(),
                        shape,
                        java.util.Arrays.stream(strides).asLongStream().toArray(),
                        offset);
    }

    private static double[] read(Tensor t) {
        Object a = Elements.array(t);
        int[] off = Strided.offsets(t);
        double[] out = new double[off.length];
        for (int i = 0; i < off.length; i++) {
            out[i] = Elements.getDouble(a, t.dtype(), off[i]);
        }
        return out;
    }

    private static void close(String what, DType dt, double tolUlps, double rel, double[] want, double[] got) {
        assertEquals(want.length, got.length, what);
        double ulp = dt == DType.FLOAT32 ? Math.ulp(1f) : Math.ulp(1.0);
        double tol = Math.max(tolUlps * ulp, rel);
        double atol = rel > 0 ? (dt == DType.FLOAT32 ? 1e-7 : 1e-15) : 0;
        for (int i = 0; i < want.length; i++) {
            double w = dt == DType.FLOAT32 ? (float) want[i] : want[i];
            double g = got[i];
            if ((Double.isNaN(w) && Double.isNaN(g)) || w == g) {
                continue;
            }
            if (!(Math.abs(w - g) <= tol * Math.abs(w) + atol)) {
                fail(what + ": element " + i + " expected " + w + " got " + g);
            }
        }
    }

    private static void checkUnary(UnaryOp op, DType dt, Tensor x, Tensor out, String layout) {
        double[] xs = read(x);
        double[] want = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            want[i] = ScalarMath.unary(op, xs[i], p1(op), p2(op));
        }
        ElementwiseKernels.unary(op, x, p1(op), p2(op), out);
        close(op + " " + dt + " " + layout + " n=" + xs.length, dt, 8, unaryRel(op, dt), want, read(out));
    }

    /**
     * Relative tolerance of transcendental ops: float32 loops round in float at each step, the
     * reference in double (bit-for-bit agreement with the loops' own lanes is VectorMathTest's job).
     */
    private static double unaryRel(UnaryOp op, DType dt) {
        return transcendental(op) ? (dt == DType.FLOAT32 ? 1e-6 : 1e-12) : 0;
    }

    private static double binaryRel(BinaryOp op, DType dt) {
        return op == BinaryOp.POW ? (dt == DType.FLOAT32 ? 1e-6 : 1e-12) : 0;
    }

    @Test
    @Slow
    void everyUnaryOpMatchesTheScalarReference() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (UnaryOp op : UnaryOp.values()) {
                if (op == UnaryOp.NOT) {
                    continue;
                }
                for (int n : SIZES) {
                    double[] v = new double[2 * n + 1];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = value(op);
                    }
                    Tensor base = tensor(dt, v, v.length);
                    // contiguous, with an offset
                    checkUnary(op, dt, view(base, new int[] {n}, new int[] {1}, 1), Tensor.zeros(dt, n), "contiguous");
                    // stride 2
                    checkUnary(op, dt, view(base, new int[] {n}, new int[] {2}, 0), Tensor.zeros(dt, n), "strided");
                    // in place, contiguous and strided
                    Tensor c = tensor(dt, v, v.length).slice(0, 0, n);
                    checkUnary(op, dt, c, c, "in-place");
                    Tensor s = view(tensor(dt, v, v.length), new int[] {n}, new int[] {2}, 1);
                    if (n > 0) {
                        double[] before = read(s);
                        Tensor expected = Tensor.zeros(dt, n);
                        ElementwiseKernels.unary(op, tensor(dt, before, n), p1(op), p2(op), expected);
                        ElementwiseKernels.unary(op, s, p1(op), p2(op), s);
                        close(op + " strided in-place", dt, 8, unaryRel(op, dt), read(expected), read(s));
                    }
                }
                // transposed 2-D view
                int rows = 37;
                int cols = 29;
                double[] v = new double[rows * cols];
                for (int i = 0; i < v.length; i++) {
                    v[i] = value(op);
                }
                Tensor t = view(tensor(dt, v, v.length), new int[] {cols, rows}, new int[] {1, cols}, 0);
                checkUnary(op, dt, t, Tensor.zeros(dt, cols, rows), "transposed");
            }
        }
    }

    private static double[] randomValues(BinaryOp op, int n, boolean exponent) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            if (op == BinaryOp.POW) {
                v[i] = exponent ? RNG.nextGaussian() * 2 : 0.1 + 5 * RNG.nextDouble();
            } else if (op.isComparison()) {
                v[i] = RNG.nextInt(5) - 2; // small integers make ties common
            } else {
                v[i] = RNG.nextGaussian() * 3 + (op == BinaryOp.DIV && exponent ? 8 : 0);
            }
        }
        return v;
    }

    private static void checkBinary(BinaryOp op, DType dt, Tensor a, Tensor b, Tensor out, String layout) {
        int[] shape = out.dims();
        double[] av = readBroadcast(a, shape);
        double[] bv = readBroadcast(b, shape);
        double[] want = new double[av.length];
        for (int i = 0; i < want.length; i++) {
            want[i] = DoubleScalarMath.binary(op, av[i], bv[i]);
        }
        ElementwiseKernels.binary(op, a, b, out);
        close(op + " " + dt + " " + layout + " " + Shape.format(shape), dt, 2, binaryRel(op, dt), want, read(out));
    }

    /** {@code t}'s elements broadcast to {@code shape}, through the reference offsets. */
    private static double[] readBroadcast(Tensor t, int[] shape) {
        Object a = Elements.array(t);
        int[] off = Strided.offsets(t, shape);
        double[] out = new double[off.length];
        for (int i = 0; i < off.length; i++) {
            out[i] = Elements.getDouble(a, t.dtype(), off[i]);
        }
        return out;
    }

    private static Tensor rnd(BinaryOp op, DType dt, boolean second, int... shape) {
        return tensor(dt, randomValues(op, Math.toIntExact(Shape.numel(shape)), second), shape);
    }

    @Test
    @Slow
    void everyBinaryOpMatchesTheScalarReferenceInEveryLayout() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (BinaryOp op : BinaryOp.values()) {
                if (op == BinaryOp.AND || op == BinaryOp.OR || op == BinaryOp.XOR) {
                    continue;
                }
                DType ot = op.isComparison() ? DType.BOOL : dt;
                for (int n : SIZES) {
                    checkBinary(op, dt, rnd(op, dt, false, n), rnd(op, dt, true, n), Tensor.zeros(ot, n), "same shape");
                    checkBinary(
                            op, dt, rnd(op, dt, false, n), rnd(op, dt, true), Tensor.zeros(ot, n), "tensor op scalar");
                    checkBinary(
                            op, dt, rnd(op, dt, false), rnd(op, dt, true, n), Tensor.zeros(ot, n), "scalar op tensor");
                    double[] va = randomValues(op, 2 * n + 3, false);
                    Tensor strided = view(tensor(dt, va, va.length), new int[] {n}, new int[] {2}, 3);
                    checkBinary(op, dt, strided, rnd(op, dt, true, n), Tensor.zeros(ot, n), "strided op contiguous");
                    checkBinary(op, dt, rnd(op, dt, false, n), strided, Tensor.zeros(ot, n), "contiguous op strided");
                    if (!op.isComparison()) {
                        Tensor a = rnd(op, dt, false, n);
                        Tensor b = rnd(op, dt, true, n);
                        Tensor expected = Tensor.zeros(dt, n);
                        ElementwiseKernels.binary(op, a, b, expected);
                        ElementwiseKernels.binary(op, a, b, a);
                        close(op + " in-place n=" + n, dt, 2, binaryRel(op, dt), read(expected), read(a));
                        Tensor sIn = view(tensor(dt, va, va.length), new int[] {n}, new int[] {2}, 1);
                        Tensor copy = tensor(dt, read(sIn), n);
                        Tensor exp2 = Tensor.zeros(dt, n);
                        ElementwiseKernels.binary(op, copy, b, exp2);
                        ElementwiseKernels.binary(op, sIn, b, sIn);
                        close(op + " strided in-place n=" + n, dt, 2, binaryRel(op, dt), read(exp2), read(sIn));
                    }
                }
                // The last four take binaryRows (short rows, at least 8192 elements) where a row is broadcast.
                int[][] shapes = {
                    {3, 7},
                    {5, 16},
                    {2, 31},
                    {40, 25},
                    {7, 1000},
                    {4, 2501},
                    {2000, 24},
                    {1001, 36},
                    {3001, 4},
                    {600, 17}
                };
                for (int[] s : shapes) {
                    int rows = s[0];
                    int cols = s[1];
                    checkBinary(
                            op,
                            dt,
                            rnd(op, dt, false, rows, cols),
                            rnd(op, dt, true, cols),
                            Tensor.zeros(ot, rows, cols),
                            "bias row");
                    checkBinary(
                            op,
                            dt,
                            rnd(op, dt, false, cols),
                            rnd(op, dt, true, rows, cols),
                            Tensor.zeros(ot, rows, cols),
                            "row op matrix");
                    checkBinary(
                            op,
                            dt,
                            rnd(op, dt, false, rows, cols),
                            rnd(op, dt, true, rows, 1),
                            Tensor.zeros(ot, rows, cols),
                            "column");
                    checkBinary(
                            op,
                            dt,
                            rnd(op, dt, false, rows, 1),
                            rnd(op, dt, true, rows, cols),
                            Tensor.zeros(ot, rows, cols),
                            "column op matrix");
                    checkBinary(
                            op,
                            dt,
                            rnd(op, dt, false, rows, 1),
                            rnd(op, dt, true, 1, cols),
                            Tensor.zeros(ot, rows, cols),
                            "outer");
                    checkBinary(
                            op,
                            dt,
                            rnd(op, dt, false, rows, 1),
                            rnd(op, dt, true, 1),
                            Tensor.zeros(ot, rows, cols),
                            "both broadcast in a run");
                    Tensor t = rnd(op, dt, false, cols, rows).t();
                    checkBinary(op, dt, t, rnd(op, dt, true, rows, cols), Tensor.zeros(ot, rows, cols), "transposed");
                    checkBinary(
                            op,
                            dt,
                            rnd(op, dt, false, rows, cols),
                            rnd(op, dt, true, cols, rows).t(),
                            Tensor.zeros(ot, rows, cols),
                            "op transposed");
                    if (!op.isComparison()) {
                        Tensor a = rnd(op, dt, false, rows, cols);
                        Tensor bias = rnd(op, dt, true, cols);
                        Tensor expected = Tensor.zeros(dt, rows, cols);
                        ElementwiseKernels.binary(op, a, bias, expected);
                        ElementwiseKernels.binary(op, a, bias, a);
                        close(op + " bias in-place", dt, 2, binaryRel(op, dt), read(expected), read(a));
                    }
                }
            }
        }
    }

    @Test
    void specialValuesFollowTheReference() {
        double[] special = {
            0.0,
            -0.0,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            1e-40,
            -1e-40,
            100,
            -100,
            1000,
            -1000,
            3,
            -3,
            1,
            -1,
            0.5,
            89,
            -89,
            710,
            -710
        };
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] v = new double[special.length * 2];
            for (int i = 0; i < v.length; i++) {
                v[i] = special[i % special.length];
            }
            for (UnaryOp op : new UnaryOp[] {
                UnaryOp.RELU,
                UnaryOp.SIGMOID,
                UnaryOp.SIGN,
                UnaryOp.ABS,
                UnaryOp.SOFTPLUS,
                UnaryOp.HARD_SIGMOID,
                UnaryOp.NEG,
                UnaryOp.TANH,
                UnaryOp.CLAMP,
                UnaryOp.GELU,
                UnaryOp.ERF
            }) {
                Tensor x = tensor(dt, v, v.length);
                Tensor out = Tensor.zeros(dt, v.length);
                ElementwiseKernels.unary(op, x, p1(op), p2(op), out);
                double[] got = read(out);
                double[] xs = read(x);
                for (int i = 0; i < xs.length; i++) {
                    double w = ScalarMath.unary(op, xs[i], p1(op), p2(op));
                    w = dt == DType.FLOAT32 ? (float) w : w;
                    boolean same = Double.isNaN(w)
                            ? Double.isNaN(got[i])
                            : w == got[i] || Math.abs(w - got[i]) <= 1e-6 * Math.abs(w) + 1e-30;
                    if (!same) {
                        fail(op + " " + dt + " of " + xs[i] + ": expected " + w + " got " + got[i]);
                    }
                }
            }
            Tensor a = tensor(
                    dt, new double[] {Double.NaN, 1, Double.NaN, -0.0, 0.0, 5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 17);
            Tensor b = tensor(
                    dt, new double[] {1, Double.NaN, Double.NaN, 0.0, -0.0, 5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 17);
            for (BinaryOp op : new BinaryOp[] {BinaryOp.MAXIMUM, BinaryOp.MINIMUM}) {
                Tensor out = Tensor.zeros(dt, 17);
                ElementwiseKernels.binary(op, a, b, out);
                double[] got = read(out);
                assertEquals(Double.NaN, got[0], op.toString());
                assertEquals(Double.NaN, got[1], op.toString());
                assertEquals(Double.NaN, got[2], op.toString());
            }
            Tensor ne = Tensor.zeros(DType.BOOL, 17);
            ElementwiseKernels.binary(BinaryOp.NE, a, b, ne);
            assertEquals(true, ((boolean[]) Elements.array(ne))[2], "NaN != NaN");
        }
    }

    @Test
    void int64KeepsEveryBitInArithmeticComparisonAndWhere() {
        long big = (1L << 60) + 1;
        Tensor a = Tensor.of(big, big, -big, 7L, 8L, 9L, 10L, 11L, 12L);
        Tensor one = Tensor.of(1L);
        Tensor sum = Tensor.zeros(DType.INT64, 9);
        ElementwiseKernels.binary(BinaryOp.ADD, a, one, sum);
        assertEquals(big + 1, sum.toLongArray()[0]);
        assertEquals(-big + 1, sum.toLongArray()[2]);
        Tensor eq = Tensor.zeros(DType.BOOL, 9);
        ElementwiseKernels.binary(BinaryOp.EQ, a, Tensor.of(1L << 60), eq);
        assertEquals(false, eq.toBooleanArray()[0], "2^60 + 1 == 2^60 must be false");
        Tensor gt = Tensor.zeros(DType.BOOL, 9);
        ElementwiseKernels.binary(BinaryOp.GT, a, Tensor.of(1L << 60), gt);
        assertEquals(true, gt.toBooleanArray()[0]);
        Tensor w = Tensor.zeros(DType.INT64, 9);
        ElementwiseKernels.where(gt, a, Tensor.of(0L), w);
        assertEquals(big, w.toLongArray()[0]);
        Tensor neg = Tensor.zeros(DType.INT64, 9);
        ElementwiseKernels.unary(UnaryOp.NEG, a, 0, 0, neg);
        assertEquals(-big, neg.toLongArray()[0]);
        // mixed int32 + int64 promotes exactly
        Tensor mixed = Tensor.zeros(DType.INT64, 9);
        ElementwiseKernels.binary(BinaryOp.SUB, a, Tensor.of(1), mixed);
        assertEquals(big - 1, mixed.toLongArray()[0]);
    }

    @Test
    void integerAndBoolOpsMatchTheReference() {
        int n = 1003;
        int[] ia = new int[n];
        int[] ib = new int[n];
        boolean[] ba = new boolean[n];
        boolean[] bb = new boolean[n];
        for (int i = 0; i < n; i++) {
            ia[i] = RNG.nextInt(200) - 100;
            ib[i] = RNG.nextInt(20) + 1;
            ba[i] = RNG.nextBoolean();
            bb[i] = RNG.nextBoolean();
        }
        for (BinaryOp op : BinaryOp.values()) {
            boolean logical = op == BinaryOp.AND || op == BinaryOp.OR || op == BinaryOp.XOR;
            Tensor a = logical ? Tensor.of(ba) : Tensor.of(ia);
            Tensor b = logical ? Tensor.of(bb) : Tensor.of(ib);
            DType ot = op.isComparison() ? DType.BOOL : DType.INT32;
            Tensor out = Tensor.zeros(ot, n);
            ElementwiseKernels.binary(op, a, b, out);
            long[] got = out.toLongArray();
            for (int i = 0; i < n; i++) {
                long x = logical ? (ba[i] ? 1 : 0) : ia[i];
                long y = logical ? (bb[i] ? 1 : 0) : ib[i];
                int wrapped = (int) LongScalarMath.binary(op, x, y); // int32 results wrap
                assertEquals(wrapped, got[i], op + " at " + i);
            }
        }
        Tensor not = Tensor.zeros(DType.BOOL, n);
        ElementwiseKernels.unary(UnaryOp.NOT, Tensor.of(ba), 0, 0, not);
        boolean[] nb = not.toBooleanArray();
        for (int i = 0; i < n; i++) {
            assertEquals(!ba[i], nb[i]);
        }
    }

    @Test
    void whereMatchesTheReferenceInEveryLayout() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64}) {
            for (int n : SIZES) {
                boolean[] c = new boolean[n];
                double[] av = new double[n];
                double[] bv = new double[n];
                for (int i = 0; i < n; i++) {
                    c[i] = RNG.nextBoolean();
                    av[i] = RNG.nextInt(1000);
                    bv[i] = -RNG.nextInt(1000);
                }
                Tensor a = tensor(DType.FLOAT64, av, n).to(dt);
                Tensor b = tensor(DType.FLOAT64, bv, n).to(dt);
                Tensor out = Tensor.zeros(dt, n);
                ElementwiseKernels.where(Tensor.of(c), a, b, out);
                double[] got = read(out);
                for (int i = 0; i < n; i++) {
                    assertEquals(c[i] ? av[i] : bv[i], got[i], 0.0, "where " + dt + " n=" + n);
                }
                Tensor scalarB = Tensor.zeros(dt, n);
                ElementwiseKernels.where(
                        Tensor.of(c), a, tensor(DType.FLOAT64, new double[] {5}).to(dt), scalarB);
                double[] gs = read(scalarB);
                for (int i = 0; i < n; i++) {
                    assertEquals(c[i] ? av[i] : 5, gs[i], 0.0, "where scalar " + dt);
                }
            }
        }
        // column condition, transposed operand
        Tensor cond = Tensor.of(true, false, true).reshape(3, 1);
        Tensor a = Tensor.arange(12).reshape(4, 3).t();
        Tensor out = Tensor.zeros(3, 4);
        ElementwiseKernels.where(cond, a, Tensor.scalar(-1), out);
        assertArrayEquals(new float[] {0, 3, 6, 9, -1, -1, -1, -1, 2, 5, 8, 11}, out.toFloatArray());
    }

    /**
     * A run shorter than {@link ElementwiseKernels#SHORT_RUN} takes the scalar loops; each element must still get the
     * bits the vector loop gives it, contiguous or gathered from a strided view.
     */
    @Test
    void shortRunsGiveTheBitsOfTheVectorLoops() {
        int n = ElementwiseKernels.SHORT_RUN - 1;
        for (UnaryOp op : UnaryOp.values()) {
            if (op == UnaryOp.NOT) {
                continue;
            }
            float[] xf = new float[2 * n];
            double[] xd = new double[2 * n];
            for (int i = 0; i < 2 * n; i++) {
                xd[i] = value(op);
                xf[i] = (float) xd[i];
            }
            float[] vf = new float[n];
            double[] vd = new double[n];
            float[] packedF = new float[n];
            double[] packedD = new double[n];
            for (int i = 0; i < n; i++) {
                packedF[i] = xf[2 * i];
                packedD[i] = xd[2 * i];
            }
            FloatUnaryLoops.apply(op, packedF, 0, vf, 0, n, p1(op), p2(op));
            DoubleUnaryLoops.apply(op, packedD, 0, vd, 0, n, p1(op), p2(op));
            float[] contiguousF = new float[n];
            float[] stridedF = new float[n];
            double[] contiguousD = new double[n];
            double[] stridedD = new double[n];
            FloatElementwise.unary(op, packedF, 0, 1, contiguousF, 0, 1, n, p1(op), p2(op));
            FloatElementwise.unary(op, xf, 0, 2, stridedF, 0, 1, n, p1(op), p2(op));
            DoubleElementwise.unary(op, packedD, 0, 1, contiguousD, 0, 1, n, p1(op), p2(op));
            DoubleElementwise.unary(op, xd, 0, 2, stridedD, 0, 1, n, p1(op), p2(op));
            for (int i = 0; i < n; i++) {
                int vector = Float.floatToIntBits(vf[i]);
                if (Float.floatToIntBits(contiguousF[i]) != vector || Float.floatToIntBits(stridedF[i]) != vector) {
                    fail("float32 " + op + "(" + packedF[i] + "): vector loop " + vf[i] + ", short run "
                            + contiguousF[i] + " contiguous, " + stridedF[i] + " strided");
                }
                long vectorD = Double.doubleToLongBits(vd[i]);
                if (Double.doubleToLongBits(contiguousD[i]) != vectorD
                        || Double.doubleToLongBits(stridedD[i]) != vectorD) {
                    fail("float64 " + op + "(" + packedD[i] + "): vector loop " + vd[i] + ", short run "
                            + contiguousD[i] + " contiguous, " + stridedD[i] + " strided");
                }
            }
        }
    }
}
