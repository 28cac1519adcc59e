package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.backend.Conv2dSpec;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The convolution kernels against plain loops, over many geometries, in float32 and float64. */
class ConvKernelsTest {
    private static final Generator GEN = new Generator(2024);

    /** One convolution: input {@code [n, h, w, c]}, kernel {@code [kh, kw, c/groups, f]}, and the spec. */
    record Case(int n, int h, int w, int c, int kh, int kw, int f, Conv2dSpec spec) {
        int oh() {
            return spec.outHeight(h, kh);
        }

        int ow() {
            return spec.outWidth(w, kw);
        }

        int[] in() {
            return new int[] {n, h, w, c};
        }

        int[] kernel() {
            return new int[] {kh, kw, c / spec.groups(), f};
        }

        int[] out() {
            return new int[] {n, oh(), ow(), f};
        }
    }

    private static Conv2dSpec spec(int sh, int sw, int pt, int pb, int pl, int pr, int dh, int dw, int groups) {
        return new Conv2dSpec(sh, sw, pt, pb, pl, pr, dh, dw, groups);
    }

    /**
     * Strides 1-2, valid/same/asymmetric padding, dilation, groups, kernels 1x1 to 5x5, odd sizes, channel counts off
     * the vector width.
     */
    static final List<Case> CASES = List.of(
            new Case(1, 5, 5, 1, 3, 3, 1, spec(1, 1, 0, 0, 0, 0, 1, 1, 1)),
            new Case(2, 7, 6, 3, 3, 3, 5, spec(1, 1, 0, 0, 0, 0, 1, 1, 1)),
            new Case(3, 9, 8, 17, 3, 3, 19, spec(2, 2, 1, 1, 1, 1, 1, 1, 1)),
            new Case(2, 8, 7, 6, 2, 3, 10, spec(2, 1, 0, 1, 2, 0, 1, 1, 1)),
            new Case(1, 11, 10, 5, 5, 5, 7, spec(1, 1, 2, 2, 2, 2, 2, 2, 1)),
            new Case(2, 6, 6, 8, 3, 3, 6, spec(1, 1, 1, 1, 1, 1, 1, 1, 2)),
            new Case(2, 7, 5, 18, 3, 3, 34, spec(1, 1, 1, 1, 0, 2, 1, 1, 2)),
            new Case(2, 5, 4, 20, 1, 1, 17, spec(1, 1, 0, 0, 0, 0, 1, 1, 1)),
            new Case(2, 5, 5, 20, 1, 1, 3, spec(2, 2, 0, 0, 0, 0, 1, 1, 1)),
            new Case(3, 28, 28, 1, 3, 3, 24, spec(1, 1, 1, 1, 1, 1, 1, 1, 1)),
            new Case(2, 14, 14, 24, 3, 3, 36, spec(1, 1, 1, 1, 1, 1, 1, 1, 1)),
            new Case(2, 9, 8, 9, 3, 3, 6, spec(2, 1, 1, 2, 0, 1, 2, 1, 3)),
            new Case(1, 6, 7, 2, 3, 3, 4, spec(1, 2, 1, 1, 1, 1, 1, 1, 2)),
            new Case(1, 9, 9, 33, 2, 3, 17, spec(1, 2, 1, 0, 0, 2, 2, 3, 1)),
            new Case(2, 4, 9, 3, 1, 5, 16, spec(1, 1, 0, 0, 2, 2, 1, 1, 1)),
            new Case(1, 3, 3, 40, 3, 3, 33, spec(2, 2, 1, 1, 1, 1, 1, 1, 1)),
            // Direct kernels with one whole block of output channels, and with 2 + 2 + 1 blocks and a partial one
            // (on 8 lanes), over pixel counts that leave a remainder after groups of four.
            new Case(2, 5, 6, 2, 3, 3, 8, spec(1, 1, 1, 1, 1, 1, 1, 1, 1)),
            new Case(1, 7, 5, 3, 3, 3, 45, spec(1, 1, 1, 1, 1, 1, 1, 1, 1)),
            // One whole block and a partial one, run together (20 channels on 16 lanes, 12 on 8).
            new Case(3, 5, 5, 2, 3, 3, 20, spec(1, 1, 1, 1, 1, 1, 1, 1, 1)),
            new Case(1, 5, 7, 1, 3, 3, 12, spec(1, 1, 1, 1, 1, 1, 1, 1, 1)),
            // Few output channels from several inputs (the narrow kernels): seed 004's last decoder
            // layer, channel counts on and off the vector width, stride, dilation, asymmetric padding.
            new Case(2, 28, 28, 16, 3, 3, 1, spec(1, 1, 1, 1, 1, 1, 1, 1, 1)),
            // few outputs, unit stride: the input gradient as a convolution (asymmetric padding, "valid"), and a
            // padding wider than the kernel, which keeps the scattering kernel
            new Case(2, 6, 7, 20, 2, 3, 2, spec(1, 1, 1, 0, 2, 0, 1, 1, 1)),
            new Case(1, 8, 6, 17, 3, 3, 3, spec(1, 1, 0, 0, 0, 0, 1, 1, 1)),
            new Case(1, 5, 5, 16, 1, 1, 2, spec(1, 1, 1, 1, 1, 1, 1, 1, 1)),
            new Case(2, 7, 7, 8, 3, 3, 4, spec(1, 1, 1, 1, 1, 1, 1, 1, 1)),
            new Case(2, 9, 8, 37, 3, 2, 3, spec(2, 1, 1, 0, 2, 1, 2, 1, 1)),
            new Case(1, 6, 7, 5, 1, 3, 2, spec(1, 3, 0, 2, 1, 1, 1, 2, 1)));

    // ---- scalar references ---------------------------------------------------------------------

    static double[] refForward(Case k, double[] x, double[] w) {
        Conv2dSpec s = k.spec();
        int cg = k.c() / s.groups();
        int fg = k.f() / s.groups();
        double[] out = new double[k.n() * k.oh() * k.ow() * k.f()];
        for (int n = 0; n < k.n(); n++) {
            for (int oh = 0; oh < k.oh(); oh++) {
                for (int ow = 0; ow < k.ow(); ow++) {
                    for (int f = 0; f < k.f(); f++) {
                        int grp = f / fg;
                        double sum = 0;
                        for (int a = 0; a < k.kh(); a++) {
                            for (int b = 0; b < k.kw(); b++) {
                                int ih = oh * s.strideH() - s.padTop() + a * s.dilationH();
                                int iw = ow * s.strideW() - s.padLeft() + b * s.dilationW();
                                if (ih < 0 || ih >= k.h() || iw < 0 || iw >= k.w()) {
                                    continue;
                                }
                                for (int c = 0; c < cg; c++) {
                                    sum += x[((n * k.h() + ih) * k.w() + iw) * k.c() + grp * cg + c]
                                            * w[((a * k.kw() + b) * cg + c) * k.f() + f];
                                }
                            }
                        }
                        out[((n * k.oh() + oh) * k.ow() + ow) * k.f() + f] = sum;
                    }
                }
            }
        }
        return out;
    }

    /** Adjoint of {@link #refForward} in each operand: {@code {gradInput, gradWeight}}. */
    static double[][] refBackward(Case k, double[] x, double[] w, double[] g) {
        Conv2dSpec s = k.spec();
        int cg = k.c() / s.groups();
        int fg = k.f() / s.groups();
        double[] gx = new double[x.length];
        double[] gw = new double[w.length];
        for (int n = 0; n < k.n(); n++) {
            for (int oh = 0; oh < k.oh(); oh++) {
                for (int ow = 0; ow < k.ow(); ow++) {
                    for (int f = 0; f < k.f(); f++) {
                        int grp = f / fg;
                        double go = g[((n * k.oh() + oh) * k.ow() + ow) * k.f() + f];
                        for (int a = 0; a < k.kh(); a++) {
                            for (int b = 0; b < k.kw(); b++) {
                                int ih = oh * s.strideH() - s.padTop() + a * s.dilationH();
                                int iw = ow * s.strideW() - s.padLeft() + b * s.dilationW();
                                if (ih < 0 || ih >= k.h() || iw < 0 || iw >= k.w()) {
                                    continue;
                                }
                                for (int c = 0; c < cg; c++) {
                                    int xi = ((n * k.h() + ih) * k.w() + iw) * k.c() + grp * cg + c;
                                    int wi = ((a * k.kw() + b) * cg + c) * k.f() + f;
                                    gx[xi] += go * w[wi];
                                    gw[wi] += go * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {gx, gw};
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Tensor random(DType dtype, int... shape) {
        return Tensor.normal(0, 1, GEN, shape).to(dtype);
    }

    private static void assertClose(double[] expected, Tensor actual, double relTol, String what) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what + ": size");
        double scale = 1e-3;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < a.length; i++) {
            double err = Math.abs(a[i] - expected[i]);
            if (err > relTol * scale) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + expected[i]
                        + " (tolerance " + relTol * scale + ")");
            }
        }
    }

    private static void checkCase(Case k, DType dtype) {
        double tol = dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
        Tensor x = random(dtype, k.in());
        Tensor w = random(dtype, k.kernel());
        Tensor g = random(dtype, k.out());
        double[] xd = x.toDoubleArray();
        double[] wd = w.toDoubleArray();
        String name = k + " " + dtype;

        Tensor out = Tensor.empty(dtype, x.device(), k.out());
        ConvKernels.conv2d(x, w, k.spec(), out);
        assertClose(refForward(k, xd, wd), out, tol, name + " forward");

        double[][] ref = refBackward(k, xd, wd, g.toDoubleArray());
        Tensor gx = Tensor.full(7.0, dtype, k.in()); // stale values must be overwritten
        ConvKernels.backwardInput(g, w, k.spec(), gx);
        assertClose(ref[0], gx, tol, name + " backward input");
        Tensor gw = Tensor.full(7.0, dtype, k.kernel());
        ConvKernels.backwardWeight(x, g, k.spec(), gw);
        assertClose(ref[1], gw, tol, name + " backward weight");
    }

    // ---- tests ---------------------------------------------------------------------------------

    @Test
    void float32MatchesReferenceOnEveryGeometry() {
        for (Case k : CASES) {
            checkCase(k, DType.FLOAT32);
        }
    }

    @Test
    void float64MatchesReferenceOnEveryGeometry() {
        for (Case k : CASES) {
            checkCase(k, DType.FLOAT64);
        }
    }

    @Test
    void bothStrategiesAreCovered() {
        // The few-channel layers go direct in float32; the same layers in float64 go through im2col.
        ConvGeometry first = new ConvGeometry(
                CASES.get(9).in(),
                CASES.get(9).kernel(),
                CASES.get(9).out(),
                CASES.get(9).spec());
        ConvGeometry second = new ConvGeometry(
                CASES.get(10).in(),
                CASES.get(10).kernel(),
                CASES.get(10).out(),
                CASES.get(10).spec());
        assertTrue(ConvKernels.useDirect(first, DType.FLOAT32));
        assertTrue(!ConvKernels.useDirect(first, DType.FLOAT64));
        assertTrue(!ConvKernels.useDirect(second, DType.FLOAT32));
        assertTrue(new ConvGeometry(
                        CASES.get(7).in(),
                        CASES.get(7).kernel(),
                        CASES.get(7).out(),
                        CASES.get(7).spec())
                .pointwise());
        // The seed's second layer at batch 2 spans more than one column chunk, with a chunk boundary inside an image.
        assertTrue(second.rows > second.chunkRows() && second.chunkRows() % (second.oh * second.ow) != 0);
    }

    @Test
    void stridedOperandsAndOutputs() {
        Case k = CASES.get(2);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            // x as a permuted view of an NCHW tensor, w as a slice, out as a slice of a wider tensor.
            Tensor xNchw = random(dtype, k.n(), k.c(), k.h(), k.w());
            Tensor x = xNchw.permute(0, 2, 3, 1);
            Tensor wWide = random(dtype, k.kh(), k.kw(), k.c(), 2 * k.f());
            Tensor w = wWide.slice(3, 0, 2 * k.f(), 2);
            Tensor outWide = Tensor.zeros(dtype, k.n(), k.oh(), k.ow(), k.f() + 3);
            Tensor out = outWide.slice(3, 1, 1 + k.f());
            ConvKernels.conv2d(x, w, k.spec(), out);
            assertClose(refForward(k, x.toDoubleArray(), w.toDoubleArray()), out, 2e-5, "strided " + dtype);
            assertEquals(0.0, outWide.slice(3, 0, 1).sum().item(), "untouched column");
        }
    }

    @Test
    void handComputedValues() {
        // 3x3 image 1..9 with the 2x2 kernel [[1, 2], [3, 4]], valid: each output is the dot with one 2x2 patch.
        Tensor x = Tensor.arange(1, 10, 1).reshape(1, 3, 3, 1);
        Tensor w = Tensor.of(1f, 2f, 3f, 4f).reshape(2, 2, 1, 1);
        Tensor out = Tensor.zeros(1, 2, 2, 1);
        ConvKernels.conv2d(x, w, spec(1, 1, 0, 0, 0, 0, 1, 1, 1), out);
        assertArrayEquals(new float[] {37f, 47f, 67f, 77f}, out.toFloatArray());

        // A 3x3 box filter with "same" padding sums each pixel's neighbourhood.
        Tensor box = Tensor.ones(3, 3, 1, 1);
        Tensor same = Tensor.zeros(1, 3, 3, 1);
        ConvKernels.conv2d(x, box, spec(1, 1, 1, 1, 1, 1, 1, 1, 1), same);
        assertArrayEquals(new float[] {12f, 21f, 16f, 27f, 45f, 33f, 24f, 39f, 28f}, same.toFloatArray());

        // Two channels in, two filters out: filter 0 adds the channels, filter 1 subtracts them.
        Tensor x2 = Tensor.of(1f, 10f, 2f, 20f).reshape(1, 1, 2, 2);
        Tensor w2 = Tensor.of(1f, 1f, 1f, -1f).reshape(1, 1, 2, 2);
        Tensor o2 = Tensor.zeros(1, 1, 2, 2);
        ConvKernels.conv2d(x2, w2, spec(1, 1, 0, 0, 0, 0, 1, 1, 1), o2);
        assertArrayEquals(new float[] {11f, -9f, 22f, -18f}, o2.toFloatArray());
    }
}
