package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.fail;

import dev.synapse.backend.Pool2dSpec;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of max pooling over random geometries (window, stride, padding) and images holding
 * NaN, infinities, signed zeros and subnormals: each output is its window's maximum as a plain loop
 * finds it (NaN if the window holds one, as {@code F.max_pool2d}), and the gradient goes to the
 * first position holding it, or to the last NaN as in PyTorch's kernel, the same in float32 (vector
 * lanes) and float64 (scalar loops).
 */
class PoolingPropertiesTest {
    private static final int TRIES = 300;
    /** Channels past one 512-bit vector of floats and two 256-bit ones: full vectors and a masked rest. */
    private static final int PAST_A_VECTOR = 19;

    /** An image {@code [1, h, w, c]} in row-major values, and a window that fits it. */
    record PoolCase(int h, int w, int c, Pool2dSpec spec, double[] values) {
        @Override
        public String toString() {
            return h + "x" + w + "x" + c + " " + spec + " " + Arrays.toString(values);
        }
    }

    @Provide
    Arbitrary<PoolCase> poolCases() {
        Arbitrary<Integer> side = Arbitraries.integers().between(1, 6);
        Arbitrary<Integer> channels = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 5)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(PAST_A_VECTOR)));
        Arbitrary<Integer> k = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> stride = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> pad = Arbitraries.integers().between(0, 2);
        return Combinators.combine(side, side, channels, k, k, stride, stride, pad)
                .as((h, w, c, kh, kw, sh, sw, p) -> {
                    int ph = Math.min(p, kh - 1);
                    int pw = Math.min(p, kw - 1);
                    return new int[] {Math.max(h, kh), Math.max(w, kw), c, kh, kw, sh, sw, ph, pw};
                })
                .flatMap(g -> TensorCases.values(g[0] * g[1] * g[2])
                        .map(v -> new PoolCase(
                                g[0],
                                g[1],
                                g[2],
                                new Pool2dSpec(g[3], g[4], g[5], g[6], g[7], g[7], g[8], g[8], false),
                                v)));
    }

    @Property(tries = TRIES)
    void maxPoolingGivesEachWindowsMaximumAndItsGradientGoesToTheFirstMaximumOrLastNaN(
            @ForAll("poolCases") PoolCase pc) {
        Pool2dSpec s = pc.spec();
        int oh = s.outHeight(pc.h());
        int ow = s.outWidth(pc.w());
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x =
                    Tensor.wrap(pc.values(), 1, pc.h(), pc.w(), pc.c()).to(dt).requiresGrad(true);
            Tensor y = Pooling.maxPool2d(x, s);
            double[] got = y.toDoubleArray();
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int ch = 0; ch < pc.c(); ch++) {
                        double max = windowMax(pc, i, j, ch);
                        double g = got[(i * ow + j) * pc.c() + ch];
                        if (!(TensorCases.sameBits(max, g) || (max == 0 && g == 0))) {
                            fail(dt + " output (" + i + ", " + j + ", " + ch + "): expected " + max + " got " + g
                                    + " for " + pc);
                        }
                    }
                }
            }
            // Small integers as output gradients: every sum of them is exact in float32.
            double[] gradOut = new double[oh * ow * pc.c()];
            for (int i = 0; i < gradOut.length; i++) {
                gradOut[i] = 1 + i % 5;
            }
            y.backward(Tensor.wrap(gradOut, 1, oh, ow, pc.c()).to(dt));
            double[] want = new double[pc.values().length];
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int ch = 0; ch < pc.c(); ch++) {
                        want[windowArg(pc, i, j, ch)] += gradOut[(i * ow + j) * pc.c() + ch];
                    }
                }
            }
            double[] grad = x.grad().toDoubleArray();
            if (!Arrays.equals(want, grad)) {
                fail(dt + " gradient " + Arrays.toString(grad) + ", expected " + Arrays.toString(want) + " for " + pc);
            }
        }
    }

    /**
     * Where the window's gradient goes: its last NaN (as PyTorch's kernel), else the first element equal to its
     * maximum.
     */
    private static int windowArg(PoolCase pc, int i, int j, int ch) {
        Pool2dSpec s = pc.spec();
        double m = windowMax(pc, i, j, ch);
        int found = -1;
        for (int a = Math.max(0, i * s.strideH() - s.padTop());
                a < Math.min(pc.h(), i * s.strideH() - s.padTop() + s.kernelH());
                a++) {
            for (int b = Math.max(0, j * s.strideW() - s.padLeft());
                    b < Math.min(pc.w(), j * s.strideW() - s.padLeft() + s.kernelW());
                    b++) {
                int at = (a * pc.w() + b) * pc.c() + ch;
                double v = pc.values()[at];
                if (Double.isNaN(v) || (v == m && found < 0)) {
                    found = at;
                }
            }
        }
        if (found < 0) {
            throw new AssertionError("no element of the window holds its maximum " + m);
        }
        return found;
    }

    /** The maximum of the window at ({@code i}, {@code j}) in channel {@code ch}; NaN if it holds one. */
    private static double windowMax(PoolCase pc, int i, int j, int ch) {
        Pool2dSpec s = pc.spec();
        double m = Double.NEGATIVE_INFINITY;
        for (int a = i * s.strideH() - s.padTop(); a < i * s.strideH() - s.padTop() + s.kernelH(); a++) {
            for (int b = j * s.strideW() - s.padLeft(); b < j * s.strideW() - s.padLeft() + s.kernelW(); b++) {
                if (a >= 0 && a < pc.h() && b >= 0 && b < pc.w()) {
                    double v = pc.values()[(a * pc.w() + b) * pc.c() + ch];
                    if (Double.isNaN(v)) {
                        return v;
                    }
                    m = Math.max(m, v);
                }
            }
        }
        return m;
    }
}
