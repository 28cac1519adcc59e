package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.backend.ArgReduceOp;
import dev.synapse.backend.Backend;
import dev.synapse.backend.UnaryFunction;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The typed arguments of {@link Backend} reach the CPU kernels with each parameter in its place: values
 * hand-derived, with parameters chosen so that a swapped or dropped one gives another answer. Inputs are
 * tiled to 37 elements so that both the vector loops and their scalar tails run.
 */
class CpuBackendTest {
    private static final Backend CPU = CpuBackend.INSTANCE;
    private static final int TILED = 37;

    private static double[] tile(double[] pattern) {
        double[] out = new double[TILED];
        for (int i = 0; i < TILED; i++) {
            out[i] = pattern[i % pattern.length];
        }
        return out;
    }

    /** Runs {@code f} over {@code x} tiled, in float32 and float64, and compares with {@code want} tiled. */
    private static void check(UnaryFunction f, double[] x, double[] want) {
        double[] xs = tile(x);
        double[] expected = tile(want);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor in = Tensor.of(xs).to(dt);
            Tensor out = Tensor.zeros(dt, TILED);
            CPU.unary(f, in, out);
            double[] got = out.to(DType.FLOAT64).toDoubleArray();
            double tol = dt == DType.FLOAT32 ? 1e-6 : 1e-12;
            for (int i = 0; i < TILED; i++) {
                assertEquals(expected[i], got[i], tol * Math.max(1, Math.abs(expected[i])), f + " " + dt + " at " + i);
            }
        }
    }

    @Test
    void plainFunctionsTakeNoParameters() {
        check(UnaryFunction.of(UnaryOp.NEG), new double[] {1, -2.5, 0}, new double[] {-1, 2.5, 0});
        check(UnaryFunction.of(UnaryOp.RELU), new double[] {-3, 0.5}, new double[] {0, 0.5});
    }

    @Test
    void leakyReluScalesTheNegativeSideBySlope() {
        check(new UnaryFunction.LeakyRelu(0.25), new double[] {-4, -1, 0, 2}, new double[] {-1, -0.25, 0, 2});
    }

    /** {@code alpha (e^x - 1)} at {@code ln 0.5} and {@code ln 0.25} with alpha 2: 2(0.5 - 1) and 2(0.25 - 1). */
    @Test
    void eluScalesTheNegativeSideByAlpha() {
        check(new UnaryFunction.Elu(2), new double[] {Math.log(0.5), 3, 0, Math.log(0.25)}, new double[] {-1, 3, 0, -1.5
        });
    }

    /** With min and max swapped every element would become -1; with one of them dropped, one side would not move. */
    @Test
    void clampBoundsBelowByMinAndAboveByMax() {
        double[] x = {-5, -1, 0.5, 2, 7};
        double[] want = {-1, -1, 0.5, 2, 2};
        check(new UnaryFunction.Clamp(-1, 2), x, want);
        // Integer tensors run their own exact loops, which take the bounds too.
        Tensor ints = Tensor.of(-5, 0, 7, 2, -1);
        Tensor intOut = Tensor.zeros(DType.INT32, 5);
        CPU.unary(new UnaryFunction.Clamp(-1, 2), ints, intOut);
        assertArrayEquals(new int[] {-1, 0, 2, 2, -1}, intOut.toIntArray());
        Tensor longs = Tensor.of(-5L, 0L, 7L, 2L, -1L);
        Tensor longOut = Tensor.zeros(DType.INT64, 5);
        CPU.unary(new UnaryFunction.Clamp(-1, 2), longs, longOut);
        assertArrayEquals(new long[] {-1, 0, 2, 2, -1}, longOut.toLongArray());
    }

    @Test
    void powScalarRaisesToTheExponent() {
        check(new UnaryFunction.PowScalar(3), new double[] {2, -1.5, 0.5, 0}, new double[] {8, -3.375, 0.125, 0});
        check(new UnaryFunction.PowScalar(0.5), new double[] {4, 9, 0.25}, new double[] {2, 3, 0.5});
    }

    @Test
    void argReduceFindsTheFirstLargestOrSmallest() {
        Tensor x = Tensor.of(3f, 1f, 4f, 1f, 5f, 9f, 2f, 9f);
        Tensor max = Tensor.zeros(DType.INT64, 1);
        Tensor min = Tensor.zeros(DType.INT64, 1);
        CPU.argReduce(ArgReduceOp.ARGMAX, x, 0, max);
        CPU.argReduce(ArgReduceOp.ARGMIN, x, 0, min);
        assertArrayEquals(new long[] {5}, max.toLongArray());
        assertArrayEquals(new long[] {1}, min.toLongArray());
    }
}
