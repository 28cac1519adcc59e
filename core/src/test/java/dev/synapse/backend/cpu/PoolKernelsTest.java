package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.backend.Pool2dSpec;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pooling kernels against plain loops, over many window geometries, in float32 and float64. */
class PoolKernelsTest {
    private static final Generator GEN = new Generator(99);

    record Case(int n, int h, int w, int c, Pool2dSpec spec) {
        int oh() {
            return spec.outHeight(h);
        }

        int ow() {
            return spec.outWidth(w);
        }

        int[] in() {
            return new int[] {n, h, w, c};
        }

        int[] out() {
            return new int[] {n, oh(), ow(), c};
        }
    }

    private static Pool2dSpec spec(int kh, int kw, int sh, int sw, int pt, int pb, int pl, int pr, boolean include) {
        return new Pool2dSpec(kh, kw, sh, sw, pt, pb, pl, pr, include);
    }

    static final List<Case> CASES = List.of(
            new Case(2, 4, 4, 1, spec(2, 2, 2, 2, 0, 0, 0, 0, false)),
            new Case(3, 28, 28, 24, spec(2, 2, 2, 2, 0, 0, 0, 0, false)),
            new Case(2, 7, 7, 17, spec(2, 2, 2, 2, 0, 0, 0, 0, false)),
            // 2x2 tiles with whole vectors of channels and an overlapping last block, on 8 and 16 lanes
            new Case(2, 6, 4, 20, spec(2, 2, 2, 2, 0, 0, 0, 0, false)),
            new Case(1, 4, 6, 16, spec(2, 2, 2, 2, 0, 0, 0, 0, false)),
            new Case(2, 9, 8, 5, spec(3, 3, 2, 2, 1, 1, 1, 1, false)),
            new Case(2, 9, 8, 5, spec(3, 3, 2, 2, 1, 1, 1, 1, true)),
            new Case(1, 6, 9, 33, spec(2, 3, 1, 2, 0, 1, 2, 0, false)),
            new Case(1, 6, 9, 33, spec(2, 3, 1, 2, 0, 1, 2, 0, true)),
            new Case(2, 5, 5, 3, spec(5, 5, 1, 1, 0, 0, 0, 0, false)),
            new Case(1, 1, 10, 16, spec(1, 3, 1, 1, 0, 0, 1, 1, false)),
            new Case(2, 8, 8, 20, spec(3, 3, 1, 1, 1, 1, 1, 1, true)));

    /** Window bounds {@code {ha, hb, wa, wb}} clipped to the image. */
    private static int[] window(Case k, int oh, int ow) {
        Pool2dSpec s = k.spec();
        int h0 = oh * s.strideH() - s.padTop();
        int w0 = ow * s.strideW() - s.padLeft();
        return new int[] {
            Math.max(h0, 0), Math.min(h0 + s.kernelH(), k.h()), Math.max(w0, 0), Math.min(w0 + s.kernelW(), k.w())
        };
    }

    private static int idx(Case k, int n, int h, int w, int c) {
        return ((n * k.h() + h) * k.w() + w) * k.c() + c;
    }

    /** {@code {max, avg, gradMax, gradAvg}} by plain loops. */
    static double[][] reference(Case k, double[] x, double[] g) {
        Pool2dSpec s = k.spec();
        double[] max = new double[k.n() * k.oh() * k.ow() * k.c()];
        double[] avg = new double[max.length];
        double[] gMax = new double[x.length];
        double[] gAvg = new double[x.length];
        int o = 0;
        for (int n = 0; n < k.n(); n++) {
            for (int oh = 0; oh < k.oh(); oh++) {
                for (int ow = 0; ow < k.ow(); ow++) {
                    int[] win = window(k, oh, ow);
                    int count = s.countIncludePad() ? s.kernelH() * s.kernelW() : (win[1] - win[0]) * (win[3] - win[2]);
                    for (int c = 0; c < k.c(); c++, o++) {
                        double m = Double.NEGATIVE_INFINITY;
                        int arg = -1;
                        double sum = 0;
                        for (int h = win[0]; h < win[1]; h++) {
                            for (int w = win[2]; w < win[3]; w++) {
                                double v = x[idx(k, n, h, w, c)];
                                if (v > m) {
                                    m = v;
                                    arg = idx(k, n, h, w, c);
                                }
                                sum += v;
                            }
                        }
                        max[o] = m;
                        avg[o] = sum / count;
                        gMax[arg] += g[o];
                        for (int h = win[0]; h < win[1]; h++) {
                            for (int w = win[2]; w < win[3]; w++) {
                                gAvg[idx(k, n, h, w, c)] += g[o] / count;
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {max, avg, gMax, gAvg};
    }

    private static void assertClose(double[] expected, Tensor actual, double tol, String what) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what + ": size");
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - expected[i]) > tol * (1 + Math.abs(expected[i]))) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + expected[i]);
            }
        }
    }

    private static void checkCase(Case k, DType dtype, boolean ties) {
        double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        // With ties (small integers) the gradient must still go to the first largest element only.
        Tensor x = ties
                ? Tensor.uniform(0, 3, GEN, k.in()).to(DType.INT32).to(dtype)
                : Tensor.normal(0, 1, GEN, k.in()).to(dtype);
        Tensor g = Tensor.normal(0, 1, GEN, k.out()).to(dtype);
        double[][] ref = reference(k, x.toDoubleArray(), g.toDoubleArray());
        String name = k + " " + dtype + (ties ? " with ties" : "");

        // Outputs start with stale values: the kernels must write every element.
        Tensor max = Tensor.full(5.0, dtype, k.out());
        PoolKernels.maxPool(x, k.spec(), max);
        assertClose(ref[0], max, tol, name + " max");
        Tensor avg = Tensor.full(5.0, dtype, k.out());
        PoolKernels.avgPool(x, k.spec(), avg);
        assertClose(ref[1], avg, tol, name + " avg");
        Tensor gMax = Tensor.full(5.0, dtype, k.in());
        PoolKernels.maxPoolBackward(x, g, k.spec(), gMax);
        assertClose(ref[2], gMax, tol, name + " max backward");
        Tensor gAvg = Tensor.full(5.0, dtype, k.in());
        PoolKernels.avgPoolBackward(g, k.spec(), gAvg);
        assertClose(ref[3], gAvg, tol, name + " avg backward");
    }

    @Test
    void matchReferenceOnEveryGeometry() {
        for (Case k : CASES) {
            for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                checkCase(k, dtype, false);
                checkCase(k, dtype, true);
            }
        }
    }

    @Test
    void stridedInput() {
        Case k = CASES.get(3);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.normal(0, 1, GEN, k.n(), k.c(), k.h(), k.w())
                    .to(dtype)
                    .permute(0, 2, 3, 1);
            Tensor g = Tensor.normal(0, 1, GEN, k.n(), k.c(), k.oh(), k.ow())
                    .to(dtype)
                    .permute(0, 2, 3, 1);
            double[][] ref = reference(k, x.toDoubleArray(), g.toDoubleArray());
            Tensor max = Tensor.empty(dtype, x.device(), k.out());
            PoolKernels.maxPool(x, k.spec(), max);
            assertClose(ref[0], max, 1e-5, "strided max");
            Tensor gMax = Tensor.empty(dtype, x.device(), k.in());
            PoolKernels.maxPoolBackward(x, g, k.spec(), gMax);
            assertClose(ref[2], gMax, 1e-5, "strided max backward");
            Tensor gAvg = Tensor.empty(dtype, x.device(), k.in());
            PoolKernels.avgPoolBackward(g, k.spec(), gAvg);
            assertClose(ref[3], gAvg, 1e-5, "strided avg backward");
        }
    }

    @Test
    void handComputedValues() {
        Tensor x = Tensor.arange(1, 17, 1).reshape(1, 4, 4, 1);
        Tensor max = Tensor.zeros(1, 2, 2, 1);
        PoolKernels.maxPool(x, spec(2, 2, 2, 2, 0, 0, 0, 0, false), max);
        assertArrayEquals(new float[] {6f, 8f, 14f, 16f}, max.toFloatArray());
        Tensor avg = Tensor.zeros(1, 2, 2, 1);
        PoolKernels.avgPool(x, spec(2, 2, 2, 2, 0, 0, 0, 0, false), avg);
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, avg.toFloatArray());
        // 3x3 windows with 1 padding on a 2x2 image: every window sees all four pixels.
        Tensor small = Tensor.of(1f, 2f, 3f, 4f).reshape(1, 2, 2, 1);
        Tensor excl = Tensor.zeros(1, 2, 2, 1);
        PoolKernels.avgPool(small, spec(3, 3, 1, 1, 1, 1, 1, 1, false), excl);
        assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f}, excl.toFloatArray());
        Tensor incl = Tensor.zeros(1, 2, 2, 1);
        PoolKernels.avgPool(small, spec(3, 3, 1, 1, 1, 1, 1, 1, true), incl);
        assertArrayEquals(new float[] {10f / 9, 10f / 9, 10f / 9, 10f / 9}, incl.toFloatArray(), 1e-6f);
        // Ties: the gradient goes to the first maximum in row-major order.
        Tensor flat = Tensor.ones(1, 2, 2, 1);
        Tensor grad = Tensor.zeros(1, 2, 2, 1);
        PoolKernels.maxPoolBackward(flat, Tensor.ones(1, 1, 1, 1), spec(2, 2, 2, 2, 0, 0, 0, 0, false), grad);
        assertArrayEquals(new float[] {1f, 0f, 0f, 0f}, grad.toFloatArray());
    }
}
