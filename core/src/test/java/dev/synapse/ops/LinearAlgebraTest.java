package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.autograd.GradCheck;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class LinearAlgebraTest {
    private static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1, new Generator(11), shape).to(DType.FLOAT64);
    }

    @Test
    void matrixProductByHand() {
        Tensor a = Tensor.fromArray(new float[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.fromArray(new float[][] {{5, 6}, {7, 8}});
        assertArrayEquals(new float[] {19, 22, 43, 50}, a.matmul(b).toFloatArray());
        assertArrayEquals(new float[] {26, 30, 38, 44}, a.t().matmul(b).toFloatArray(), "transposed view");
        assertEquals(11.0, Tensor.of(1f, 2f).dot(Tensor.of(3f, 4f)).item(), 0.0);
        assertArrayEquals(
                new float[] {3, 4, 6, 8},
                Tensor.of(1f, 2f).outer(Tensor.of(3f, 4f)).toFloatArray());
    }

    @Test
    void batchedBroadcasting() {
        Tensor a = Tensor.ones(4, 1, 2, 3);
        Tensor b = Tensor.ones(5, 3, 2);
        assertArrayEquals(new int[] {4, 5, 2, 2}, a.matmul(b).dims());
        assertArrayEquals(
                new int[] {2}, Tensor.ones(2, 3).matmul(Tensor.ones(3)).dims());
    }

    @Test
    void misalignedShapesAreNamed() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.ones(2, 3).matmul(Tensor.ones(4, 5)));
        assertTrue(
                e.getMessage().contains("matmul")
                        && e.getMessage().contains("(2, 3)")
                        && e.getMessage().contains("(4, 5)"),
                e.getMessage());
    }

    @Test
    void gradients() {
        GradCheck.check(t -> t[0].matmul(t[1]), rnd(3, 4), rnd(4, 2));
        GradCheck.check(t -> t[0].t().matmul(t[1].t()), rnd(4, 3), rnd(2, 4));
        GradCheck.check(t -> t[0].matmul(t[1]), rnd(2, 1, 3, 4), rnd(3, 4, 2));
        GradCheck.check(t -> t[0].matmul(t[1]), rnd(3), rnd(3, 2));
        GradCheck.check(t -> t[0].dot(t[1]), rnd(3), rnd(3));
    }

    @Test
    void denseGradients() {
        GradCheck.check(
                t -> LinearAlgebra.denseRelu(t[0], t[1], t[2]),
                rnd(4, 5),
                rnd(5, 3).mul(0.7),
                rnd(3));
        GradCheck.check(
                t -> LinearAlgebra.dense(t[0], t[1], t[2]),
                rnd(2, 3, 5),
                rnd(5, 4).mul(0.7),
                rnd(4));
        GradCheck.check(
                t -> LinearAlgebra.denseRelu(t[0], t[1], null),
                rnd(2, 3, 5),
                rnd(5, 4).mul(0.7));
    }

    /** The one-node ops compute what x @ w + b and its relu composed do: values and all three gradients. */
    @Test
    void denseMatchesTheComposedOps() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] xShape : new int[][] {{37, 20}, {3, 5, 20}}) {
                for (boolean relu : new boolean[] {false, true}) {
                    for (boolean withBias : new boolean[] {false, true}) {
                        Tensor x = rnd(xShape).to(dt);
                        Tensor w = rnd(20, 24).mul(0.3).to(dt);
                        Tensor b = withBias ? rnd(24).to(dt) : null;
                        Tensor[] fused = denseGrads(x, w, b, relu, true);
                        Tensor[] composed = denseGrads(x, w, b, relu, false);
                        String[] names = {"value", "input gradient", "weight gradient", "bias gradient"};
                        for (int i = 0; i < fused.length; i++) {
                            double scale = composed[i].abs().max().item();
                            double diff = fused[i].sub(composed[i]).abs().max().item();
                            assertTrue(
                                    diff <= scale * (dt == DType.FLOAT32 ? 1e-6 : 1e-14),
                                    dt + " " + java.util.Arrays.toString(xShape) + " relu=" + relu + " bias=" + withBias
                                            + " " + names[i] + ": max |diff| " + diff + " of " + scale);
                        }
                    }
                }
            }
        }
    }

    private static Tensor[] denseGrads(Tensor x, Tensor w, @Nullable Tensor b, boolean relu, boolean fused) {
        Tensor xs = x.detach().requiresGrad(true);
        Tensor ws = w.detach().requiresGrad(true);
        Tensor bs = b == null ? null : b.detach().requiresGrad(true);
        Tensor y;
        if (fused) {
            y = relu ? LinearAlgebra.denseRelu(xs, ws, bs) : LinearAlgebra.dense(xs, ws, bs);
        } else {
            Tensor z = bs == null ? xs.matmul(ws) : xs.matmul(ws).add(bs);
            y = relu ? Activations.relu(z) : z;
        }
        Tensor up = Tensor.normal(0, 1, new Generator(5), y.dims()).to(y.dtype());
        y.mul(up).sum().backward();
        Tensor[] out = {y.detach(), Objects.requireNonNull(xs.grad()), Objects.requireNonNull(ws.grad())};
        return bs == null ? out : new Tensor[] {out[0], out[1], out[2], Objects.requireNonNull(bs.grad())};
    }

    /** Operands the one-node op does not take go to the composed ops: their conversions and their errors. */
    @Test
    void denseLeavesMixedDtypesAndBadShapesToTheComposedOps() {
        Tensor x = Tensor.ones(2, 3);
        Tensor w = Tensor.ones(3, 4).to(DType.FLOAT64);
        Tensor y = LinearAlgebra.denseRelu(x, w, Tensor.ones(4));
        assertEquals(DType.FLOAT64, y.dtype());
        assertArrayEquals(new double[] {4, 4, 4, 4, 4, 4, 4, 4}, y.toDoubleArray());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LinearAlgebra.dense(x, Tensor.ones(2, 4), null));
        assertTrue(e.getMessage().contains("not aligned"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinearAlgebra.dense(x, Tensor.ones(3, 4), Tensor.ones(5)));
    }
}
