package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.ReduceOp;
import dev.synapse.backend.UnaryFunction;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The half-precision kernels compute in float32 and round once: for every elementwise op, on any layout and with
 * broadcasting, a float16 or bfloat16 result has the bits of the float32 op on the same (exactly widened) inputs,
 * rounded once to the half type. Comparisons give exactly the float32 answer.
 */
class HalfPrecisionPropertiesTest {
    private static final int TRIES = 200;

    private static UnaryFunction function(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> new UnaryFunction.LeakyRelu(0.3);
            case ELU -> new UnaryFunction.Elu(1.0);
            case CLAMP -> new UnaryFunction.Clamp(-0.5, 6.0);
            case POW_SCALAR -> new UnaryFunction.PowScalar(1.7);
            default -> UnaryFunction.of(op);
        };
    }

    @Provide
    Arbitrary<UnaryOp> floatUnaryOps() {
        return Arbitraries.of(UnaryOp.class).filter(op -> op != UnaryOp.NOT);
    }

    @Provide
    Arbitrary<BinaryOp> binaryOps() {
        return Arbitraries.of(BinaryOp.class)
                .filter(op -> op != BinaryOp.AND && op != BinaryOp.OR && op != BinaryOp.XOR);
    }

    @Provide
    Arbitrary<DType> halves() {
        return Arbitraries.of(DType.FLOAT16, DType.BFLOAT16);
    }

    @Provide
    Arbitrary<TensorCases.Case> cases() {
        return TensorCases.cases();
    }

    @Provide
    Arbitrary<List<TensorCases.Case>> pairs() {
        return TensorCases.broadcastPair();
    }

    @Property(tries = TRIES)
    void unaryIsTheFloat32ResultRoundedOnce(
            @ForAll("floatUnaryOps") UnaryOp op, @ForAll("halves") DType half, @ForAll("cases") TensorCases.Case c) {
        Tensor x = c.build(half);
        Tensor out = Tensor.empty(half, x.device(), x.dims());
        x.backend().unary(function(op), x, out);

        Tensor x32 = x.to(DType.FLOAT32);
        Tensor ref = Tensor.empty(DType.FLOAT32, x.device(), x.dims());
        x32.backend().unary(function(op), x32, ref);
        assertSameBits(ref.to(half), out, op + " " + half + " " + c);
    }

    @Property(tries = TRIES)
    void binaryIsTheFloat32ResultRoundedOnce(
            @ForAll("binaryOps") BinaryOp op, @ForAll("halves") DType half, @ForAll("pairs") List<TensorCases.Case> p) {
        Tensor a = p.get(0).build(half);
        Tensor b = p.get(1).build(half);
        int[] shape = Shape.broadcast(a.dims(), b.dims(), "test");
        DType outType = op.isComparison() ? DType.BOOL : half;
        Tensor out = Tensor.empty(outType, a.device(), shape);
        a.backend().binary(op, a, b, out);

        Tensor a32 = a.to(DType.FLOAT32);
        Tensor b32 = b.to(DType.FLOAT32);
        Tensor ref = Tensor.empty(op.isComparison() ? DType.BOOL : DType.FLOAT32, a.device(), shape);
        a32.backend().binary(op, a32, b32, ref);
        if (op.isComparison()) {
            assertArrayEquals(ref.toBooleanArray(), out.toBooleanArray(), op + " " + half + " " + p);
        } else {
            assertSameBits(ref.to(half), out, op + " " + half + " " + p);
        }
    }

    @Property(tries = TRIES / 2)
    void sumAndMaxRoundTheFloat32ReductionOnce(@ForAll("halves") DType half, @ForAll("cases") TensorCases.Case c) {
        Tensor x = c.build(half);
        int[] keep = x.dims();
        keep[keep.length - 1] = 1;
        for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX}) {
            Tensor out = Tensor.empty(half, x.device(), keep);
            x.backend().reduce(op, x, new int[] {x.rank() - 1}, out);
            Tensor x32 = x.to(DType.FLOAT32);
            Tensor ref = Tensor.empty(DType.FLOAT32, x.device(), keep);
            x32.backend().reduce(op, x32, new int[] {x.rank() - 1}, ref);
            assertSameBits(ref.to(half), out, op + " " + half + " " + c);
        }
    }

    @Property(tries = 40)
    void matmulRoundsTheFloat32ProductOnce(@ForAll("halves") DType half, @ForAll("cases") TensorCases.Case c) {
        Tensor x = c.build(half);
        Tensor a = x.reshape(-1, 1);
        Tensor b = a.t();
        Tensor out = Tensor.empty(half, a.device(), a.dim(0), a.dim(0));
        a.backend().matmul(a, b, out);
        Tensor ref = a.to(DType.FLOAT32).matmul(b.to(DType.FLOAT32));
        assertSameBits(ref.to(half), out, "matmul " + half + " " + c);
    }

    /** Same values with NaN equal to NaN, compared through float32, which holds every half value exactly. */
    private static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what);
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.isNaN(e[i]) && Float.isNaN(a[i])) {
                continue;
            }
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), what + " at " + i);
        }
    }
}
