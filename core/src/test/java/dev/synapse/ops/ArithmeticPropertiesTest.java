package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.UnaryFunction;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the elementwise ops, over values that include NaN, infinities, signed zeros and
 * subnormals, on contiguous, transposed, strided and flipped views, with broadcasting:
 * <ul>
 * <li>a result does not depend on the layout: the same bits as on a contiguous copy;</li>
 * <li>float32 agrees with the float64 path: exactly for the correctly rounded ops (+, -, *, /,
 * sqrt, the selections, everything computed in double and rounded once), within a few units in
 * the last place (ulp) where float32 rounds several times or evaluates a transcendental in float
 * (those may lose results near the bottom of the float range);</li>
 * <li>NaN in gives NaN out for every float op, as in PyTorch.</li>
 * </ul>
 */
class ArithmeticPropertiesTest {
    private static final int TRIES = 300;

    /** The function a unary kernel is called as: slope, bounds and exponent; the slope is Keras' LeakyReLU default. */
    private static UnaryFunction function(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> new UnaryFunction.LeakyRelu(0.3);
            case ELU -> new UnaryFunction.Elu(1.0);
            case CLAMP -> new UnaryFunction.Clamp(-0.5, 6.0);
            case POW_SCALAR -> new UnaryFunction.PowScalar(1.7);
            default -> UnaryFunction.of(op);
        };
    }

    /**
     * Allowed float32 error in ulp against the float64 result rounded to float: 0 where float32
     * rounds once (or computes in double and rounds once), 2 where it rounds two or three times,
     * 4 for the transcendental lanes ({@code FloatVectorMath}: within 2.3 ulp, then an op or two more).
     */
    private static long ulps(UnaryOp op) {
        return switch (op) {
            case RSQRT, SOFTSIGN, HARD_SIGMOID, LEAKY_RELU -> 2;
            case EXP, LOG, LOG1P, EXPM1, TANH, SIGMOID, ELU, SELU, SOFTPLUS, SILU -> 4;
            default -> 0;
        };
    }

    /**
     * Results this small are not held to ulps in a transcendental lane: its float intermediate
     * (e^-x in sigmoid and silu, e^x in softplus) leaves the normal range first, so a subnormal result
     * may come out as 0, and silu's {@code x / (1 + e^-x)}, with |x| below 2^7 there, gives 0 for
     * results up to 2^7 times the smallest normal float (x in about [-92.4, -88.7]). PyTorch's float32
     * kernels use the same formulas.
     */
    private static boolean tiny(float v) {
        return Math.abs(v) < 0x1p7f * Float.MIN_NORMAL;
    }

    @Provide
    Arbitrary<UnaryOp> floatUnaryOps() {
        return Arbitraries.of(UnaryOp.class).filter(op -> op != UnaryOp.NOT);
    }

    @Provide
    Arbitrary<TensorCases.Case> cases() {
        return TensorCases.cases();
    }

    @Provide
    Arbitrary<List<TensorCases.Case>> pairs() {
        return TensorCases.broadcastPair();
    }

    @Provide
    Arbitrary<BinaryOp> arithmeticOps() {
        return Arbitraries.of(
                BinaryOp.ADD,
                BinaryOp.SUB,
                BinaryOp.MUL,
                BinaryOp.DIV,
                BinaryOp.POW,
                BinaryOp.MAXIMUM,
                BinaryOp.MINIMUM);
    }

    @Provide
    Arbitrary<BinaryOp> comparisons() {
        return Arbitraries.of(BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE);
    }

    private static Tensor unary(UnaryOp op, Tensor x) {
        return Arithmetic.unaryKernel(function(op), x);
    }

    @Property(tries = TRIES)
    void unaryOpsGiveTheSameBitsInEveryLayout(
            @ForAll("floatUnaryOps") UnaryOp op, @ForAll("cases") TensorCases.Case c) {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = c.build(dt);
            sameBits(
                    op + " " + dt + " " + c,
                    unary(op, x.contiguous()).toDoubleArray(),
                    unary(op, x).toDoubleArray());
        }
    }

    @Property(tries = TRIES)
    void unaryOpsInFloat32AgreeWithFloat64(@ForAll("floatUnaryOps") UnaryOp op, @ForAll("cases") TensorCases.Case c) {
        double[] x = c.build(DType.FLOAT64).toDoubleArray();
        double[] want = unary(op, c.build(DType.FLOAT64)).toDoubleArray();
        double[] got = unary(op, c.build(DType.FLOAT32)).toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            long d = TensorCases.floatUlps((float) want[i], (float) got[i]);
            if (d > ulps(op) && !(ulps(op) == 4 && tiny((float) want[i]) && tiny((float) got[i]))) {
                fail(op + "(" + x[i] + "): float32 " + (float) got[i] + ", float64 " + want[i] + " (" + d + " ulp)");
            }
        }
    }

    @Property(tries = TRIES)
    void everyFloatUnaryOpPropagatesNaN(@ForAll("floatUnaryOps") UnaryOp op, @ForAll("cases") TensorCases.Case c) {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = c.build(dt);
            double[] in = x.toDoubleArray();
            double[] out = unary(op, x).toDoubleArray();
            for (int i = 0; i < in.length; i++) {
                if (Double.isNaN(in[i])) {
                    assertTrue(Double.isNaN(out[i]), op + " " + dt + " of NaN gave " + out[i]);
                }
            }
        }
    }

    private static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        return op.isComparison() ? Arithmetic.compare(op, a, b) : Arithmetic.binaryKernel(op, op.name(), a, b);
    }

    /**
     * The broadcast loops (scalar, bias row, column, strided) give what the same op gives on full-size contiguous
     * copies.
     */
    @Property(tries = TRIES)
    void broadcastingGivesTheSameBitsAsFullSizeCopies(
            @ForAll("arithmeticOps") BinaryOp op, @ForAll("pairs") List<TensorCases.Case> p) {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = p.get(0).build(dt);
            Tensor b = p.get(1).build(dt);
            int[] shape = Shape.broadcast(a.dims(), b.dims(), "test");
            Tensor full =
                    binary(op, a.expand(shape).contiguous(), b.expand(shape).contiguous());
            sameBits(
                    op + " " + dt + " " + p,
                    full.toDoubleArray(),
                    binary(op, a, b).toDoubleArray());
        }
    }

    @Property(tries = TRIES)
    void comparisonsWithBroadcastingMatchJavaComparisons(
            @ForAll("comparisons") BinaryOp op, @ForAll("pairs") List<TensorCases.Case> p) {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor a = p.get(0).build(dt);
            Tensor b = p.get(1).build(dt);
            int[] shape = Shape.broadcast(a.dims(), b.dims(), "test");
            double[] x = a.expand(shape).contiguous().toDoubleArray();
            double[] y = b.expand(shape).contiguous().toDoubleArray();
            boolean[] got = binary(op, a, b).toBooleanArray();
            for (int i = 0; i < x.length; i++) {
                boolean want = switch (op) {
                    case EQ -> x[i] == y[i];
                    case NE -> x[i] != y[i];
                    case LT -> x[i] < y[i];
                    case LE -> x[i] <= y[i];
                    case GT -> x[i] > y[i];
                    default -> x[i] >= y[i];
                };
                if (want != got[i]) {
                    fail(op + " " + dt + " of " + x[i] + " and " + y[i] + " gave " + got[i]);
                }
            }
        }
    }

    /**
     * Every binary float op is computed once in double and rounded, or is correctly rounded in float: exact agreement.
     */
    @Property(tries = TRIES)
    void binaryOpsInFloat32AgreeWithFloat64(
            @ForAll("arithmeticOps") BinaryOp op, @ForAll("pairs") List<TensorCases.Case> p) {
        double[] want = binary(op, p.get(0).build(DType.FLOAT64), p.get(1).build(DType.FLOAT64))
                .toDoubleArray();
        double[] got = binary(op, p.get(0).build(DType.FLOAT32), p.get(1).build(DType.FLOAT32))
                .toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            if (TensorCases.floatUlps((float) want[i], (float) got[i]) != 0) {
                fail(op + " " + p + " element " + i + ": float32 " + (float) got[i] + ", float64 " + want[i]);
            }
        }
    }

    /**
     * NaN on either side gives NaN, except where IEEE pow defines a number ({@code pow(x, 0) = pow(1, y) = 1}, as
     * torch.pow).
     */
    @Property(tries = TRIES)
    void binaryOpsPropagateNaN(@ForAll("arithmeticOps") BinaryOp op, @ForAll("pairs") List<TensorCases.Case> p) {
        Tensor a = p.get(0).build(DType.FLOAT32);
        Tensor b = p.get(1).build(DType.FLOAT32);
        int[] shape = Shape.broadcast(a.dims(), b.dims(), "test");
        double[] x = a.expand(shape).contiguous().toDoubleArray();
        double[] y = b.expand(shape).contiguous().toDoubleArray();
        double[] out = binary(op, a, b).toDoubleArray();
        for (int i = 0; i < out.length; i++) {
            boolean powDefined = op == BinaryOp.POW && (y[i] == 0 || x[i] == 1);
            if ((Double.isNaN(x[i]) || Double.isNaN(y[i])) && !powDefined) {
                assertTrue(Double.isNaN(out[i]), op + " of " + x[i] + " and " + y[i] + " gave " + out[i]);
            }
        }
    }

    /** The gradient rules of maximum, minimum and clamp select with comparisons: float32 and float64 select alike. */
    @Property(tries = TRIES)
    void selectionGradientsAgreeAcrossPrecisions(@ForAll("pairs") List<TensorCases.Case> p) {
        double[][] grads = new double[4][];
        int k = 0;
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor a = p.get(0).build(dt).contiguous().requiresGrad(true);
            Tensor b = p.get(1).build(dt).contiguous().requiresGrad(true);
            a.maximum(b).sum().backward();
            a.minimum(b).sum().backward();
            a.clamp(-0.5, 6.0).sum().backward();
            grads[k++] = a.grad().toDoubleArray();
            grads[k++] = b.grad().toDoubleArray();
        }
        assertArrayEquals(grads[0], grads[2], 0, "a " + p);
        assertArrayEquals(grads[1], grads[3], 0, "b " + p);
    }

    private static void sameBits(String what, double[] want, double[] got) {
        for (int i = 0; i < want.length; i++) {
            if (!TensorCases.sameBits(want[i], got[i])) {
                fail(what + ": element " + i + " expected " + want[i] + " got " + got[i] + " (all: "
                        + Arrays.toString(got) + ")");
            }
        }
    }
}
