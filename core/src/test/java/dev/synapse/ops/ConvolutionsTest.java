package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.autograd.GradCheck;
import dev.synapse.backend.Conv2dSpec;
import dev.synapse.ops.Convolutions.Conv1dOptions;
import dev.synapse.ops.Convolutions.Conv2dOptions;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class ConvolutionsTest {
    private static final Generator GEN = new Generator(5);
    private static final Conv2dOptions D = Conv2dOptions.DEFAULT;

    private static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1, GEN, shape).to(DType.FLOAT64);
    }

    // ---- output sizes --------------------------------------------------------------------------

    @Test
    void outputSizesFollowKeras() {
        for (int h = 1; h <= 9; h++) {
            for (int k = 1; k <= 4; k++) {
                for (int s = 1; s <= 3; s++) {
                    for (int d = 1; d <= 2; d++) {
                        Tensor x = Tensor.zeros(1, h, h + 2, 1);
                        Tensor w = Tensor.zeros(k, k, 1, 2);
                        int keff = d * (k - 1) + 1;
                        Conv2dOptions o = D.withStride(s).withDilation(d);
                        Tensor same = x.conv2d(w, o.withPadding("same"));
                        assertArrayEquals(
                                new int[] {1, ceilDiv(h, s), ceilDiv(h + 2, s), 2},
                                same.dims(),
                                "same " + h + " " + k + " " + s + " " + d);
                        if (keff <= h) {
                            Tensor valid = x.conv2d(w, o.withPadding("valid"));
                            assertArrayEquals(
                                    new int[] {1, (h - keff) / s + 1, (h + 2 - keff) / s + 1, 2}, valid.dims());
                        } else {
                            assertThrows(IllegalArgumentException.class, () -> x.conv2d(w, o));
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Keras' {@code compute_conv_transpose_output_length}, written out independently. */
    private static int kerasTransposeLength(int in, int k, String padding, int outputPadding, int s, int d) {
        int keff = k + (k - 1) * (d - 1);
        if (outputPadding < 0) {
            return padding.equals("valid") ? in * s + Math.max(keff - s, 0) : in * s;
        }
        int pad = padding.equals("same") ? keff / 2 : 0;
        return (in - 1) * s + keff - 2 * pad + outputPadding;
    }

    @Test
    void transposedOutputSizesFollowKeras() {
        for (int h = 1; h <= 5; h++) {
            for (int k = 1; k <= 4; k++) {
                for (int s = 1; s <= 3; s++) {
                    for (String padding : new String[] {"valid", "same"}) {
                        for (int op = -1; op < s; op++) {
                            int expected = kerasTransposeLength(h, k, padding, op, s, 1);
                            Tensor x = Tensor.zeros(1, h, h, 2);
                            Tensor w = Tensor.zeros(k, k, 3, 2);
                            Conv2dOptions o = D.withStride(s).withPadding(padding);
                            int outPad = op;
                            // TensorFlow accepts the size only when the forward convolution maps it back to h.
                            boolean consistent = padding.equals("valid")
                                    ? expected >= k && (expected - k) / s + 1 == h
                                    : expected >= 1 && ceilDiv(expected, s) == h;
                            if (consistent) {
                                Tensor y = Convolutions.conv2dTranspose(x, w, o, outPad, outPad);
                                assertArrayEquals(
                                        new int[] {1, expected, expected, 3},
                                        y.dims(),
                                        "h=" + h + " k=" + k + " s=" + s + " " + padding + " op=" + op);
                            } else {
                                assertThrows(
                                        IllegalArgumentException.class,
                                        () -> Convolutions.conv2dTranspose(x, w, o, outPad, outPad));
                            }
                        }
                    }
                }
            }
        }
        // PyTorch's explicit form: (H - 1) * s - 2 * p + d * (k - 1) + op + 1.
        Tensor y = Convolutions.conv2dTranspose(
                Tensor.zeros(1, 5, 4, 2),
                Tensor.zeros(3, 3, 6, 2),
                D.withStride(2).withPadding(Padding.explicit(1)).withDilation(2),
                1,
                0);
        assertArrayEquals(new int[] {1, 2 * 4 - 2 + 4 + 1 + 1, 2 * 3 - 2 + 4 + 1, 6}, y.dims());
    }

    // ---- values --------------------------------------------------------------------------------

    @Test
    void handComputedValues() {
        Tensor x = Tensor.arange(1, 10, 1).reshape(1, 3, 3, 1);
        Tensor w = Tensor.of(1f, 2f, 3f, 4f).reshape(2, 2, 1, 1);
        assertArrayEquals(new float[] {37f, 47f, 67f, 77f}, x.conv2d(w).toFloatArray());
        // Stride 2 with "same" on a 3x3 image: TensorFlow pads one row/column on each side here.
        Tensor box = Tensor.ones(3, 3, 1, 1);
        assertArrayEquals(
                new float[] {12f, 16f, 24f, 28f},
                x.conv2d(box, D.withStride(2).withPadding("same")).toFloatArray());
        // An even kernel with "same": the extra padding goes to the bottom/right.
        Tensor box2 = Tensor.ones(2, 2, 1, 1);
        assertArrayEquals(
                new float[] {12f, 16f, 9f, 24f, 28f, 15f, 15f, 17f, 9f},
                x.conv2d(box2, D.withPadding("same")).toFloatArray());
        // A bias is added per output channel.
        Tensor b = Tensor.of(100f);
        assertArrayEquals(
                new float[] {137f, 147f, 167f, 177f},
                Convolutions.conv2d(x, w, b, D).toFloatArray());
    }

    @Test
    void conv1dIsConv2dOfHeightOne() {
        // [1, 2, 3, 4, 5] with kernel [1, 0, -1]: differences two steps apart.
        Tensor x = Tensor.of(1f, 2f, 3f, 4f, 5f).reshape(1, 5, 1);
        Tensor w = Tensor.of(1f, 0f, -1f).reshape(3, 1, 1);
        assertArrayEquals(new float[] {-2f, -2f, -2f}, Convolutions.conv1d(x, w).toFloatArray());
        assertArrayEquals(
                new float[] {-2f, -2f, -2f, -2f, 4f},
                Convolutions.conv1d(x, w, Conv1dOptions.DEFAULT.withPadding("same"))
                        .toFloatArray());
        // Causal: output t sees inputs t-2..t only.
        assertArrayEquals(
                new float[] {1f, 2f, 2f, 2f, 2f},
                Convolutions.conv1d(
                                x, Tensor.of(-1f, 0f, 1f).reshape(3, 1, 1), Conv1dOptions.DEFAULT.withPadding("causal"))
                        .toFloatArray());
        Tensor xs = rnd(2, 9, 4);
        Tensor ws = rnd(3, 2, 6);
        Conv1dOptions o = new Conv1dOptions(2, Padding.explicit1d(1, 2), 2, 2);
        Tensor expected = Convolutions.conv2d(
                        xs.unsqueeze(1), ws.unsqueeze(0), new Conv2dSpec(1, 2, 0, 0, 1, 2, 1, 2, 2))
                .squeeze(1);
        assertArrayEquals(expected.toDoubleArray(), xs.conv1d(ws, o).toDoubleArray(), 1e-12);
    }

    @Test
    void float32AgreesWithFloat64() {
        Tensor x = rnd(2, 9, 8, 6);
        Tensor w = rnd(3, 3, 3, 10);
        Conv2dOptions o = D.withStride(2, 1).withPadding("same").withGroups(2);
        double[] ref = x.conv2d(w, o).toDoubleArray();
        float[] got = x.to(DType.FLOAT32).conv2d(w.to(DType.FLOAT32), o).toFloatArray();
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], got[i], 1e-4 * (1 + Math.abs(ref[i])));
        }
    }

    /** The transposed convolution written as a scatter: each input pixel stamps the kernel onto the output. */
    private static double[] refTranspose(
            Tensor xt, Tensor wt, int[] out, int sh, int sw, int pt, int pl, int dh, int dw, int groups) {
        double[] x = xt.toDoubleArray();
        double[] w = wt.toDoubleArray();
        int n = xt.dim(0);
        int h = xt.dim(1);
        int wd = xt.dim(2);
        int cin = xt.dim(3);
        int kh = wt.dim(0);
        int kw = wt.dim(1);
        int cg = wt.dim(2);
        int fg = cin / groups;
        double[] y = new double[out[0] * out[1] * out[2] * out[3]];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < wd; j++) {
                    for (int f = 0; f < cin; f++) {
                        int grp = f / fg;
                        double v = x[((b * h + i) * wd + j) * cin + f];
                        for (int a = 0; a < kh; a++) {
                            for (int c2 = 0; c2 < kw; c2++) {
                                int oh = i * sh - pt + a * dh;
                                int ow = j * sw - pl + c2 * dw;
                                if (oh < 0 || oh >= out[1] || ow < 0 || ow >= out[2]) {
                                    continue;
                                }
                                for (int c = 0; c < cg; c++) {
                                    y[((b * out[1] + oh) * out[2] + ow) * out[3] + grp * cg + c] +=
                                            v * w[((a * kw + c2) * cg + c) * cin + f];
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    @Test
    void transposedConvolutionMatchesScatterReference() {
        Tensor x = rnd(2, 3, 4, 4);
        Tensor w = rnd(3, 2, 3, 4);
        Tensor y = Convolutions.conv2dTranspose(x, w, D.withStride(2).withPadding(Padding.explicit(1, 0)), 1, 1);
        assertArrayEquals(refTranspose(x, w, y.dims(), 2, 2, 1, 0, 1, 1, 1), y.toDoubleArray(), 1e-12);
        Tensor wg = rnd(2, 3, 3, 4);
        Tensor yg = Convolutions.conv2dTranspose(
                x, wg, D.withStride(1, 2).withDilation(2, 1).withGroups(2));
        assertArrayEquals(refTranspose(x, wg, yg.dims(), 1, 2, 0, 0, 2, 1, 2), yg.toDoubleArray(), 1e-12);
        // TensorFlow's conv2d_transpose of ones(2x2) with ones(3x3), stride 2, "same": output 4x4, padding at the
        // bottom/right.
        Tensor ones = Convolutions.conv2dTranspose(
                Tensor.ones(1, 2, 2, 1),
                Tensor.ones(3, 3, 1, 1),
                D.withStride(2).withPadding("same"));
        assertArrayEquals(new float[] {1, 1, 2, 1, 1, 1, 2, 1, 2, 2, 4, 2, 1, 1, 2, 1}, ones.toFloatArray());
    }

    // ---- gradients -----------------------------------------------------------------------------

    @Test
    void conv2dGradients() {
        GradCheck.check(t -> t[0].conv2d(t[1]), rnd(2, 5, 5, 3), rnd(3, 3, 3, 4));
        GradCheck.check(t -> t[0].conv2d(t[1], D.withStride(2).withPadding("same")), rnd(1, 6, 5, 2), rnd(3, 3, 2, 3));
        GradCheck.check(
                t -> t[0].conv2d(
                        t[1], D.withPadding(Padding.explicit(0, 1, 2, 1)).withDilation(2)),
                rnd(1, 6, 7, 2),
                rnd(2, 3, 2, 2));
        GradCheck.check(t -> t[0].conv2d(t[1], D.withGroups(2).withPadding("same")), rnd(1, 5, 4, 4), rnd(3, 3, 2, 4));
        GradCheck.check(t -> t[0].conv2d(t[1]), rnd(2, 3, 3, 5), rnd(1, 1, 5, 3));
        GradCheck.check(
                t -> Convolutions.conv2d(t[0], t[1], t[2], D.withStride(1, 2)),
                rnd(1, 4, 5, 2),
                rnd(2, 2, 2, 3),
                rnd(3));
    }

    @Test
    void conv2dReluGradients() {
        GradCheck.check(
                t -> Convolutions.conv2dRelu(t[0], t[1], t[2], D.withPadding("same")),
                rnd(2, 5, 4, 3),
                rnd(3, 3, 3, 4),
                rnd(4));
        GradCheck.check(
                t -> Convolutions.conv2dRelu(t[0], t[1], null, D.withStride(2)), rnd(1, 6, 5, 2), rnd(2, 2, 2, 3));
    }

    /** The fused op computes what relu(conv2d(x, w) + b) does, values and all three gradients, in float32 too. */
    @Test
    void conv2dReluAndBiasMatchTheComposedOps() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Conv2dOptions o : new Conv2dOptions[] {D.withPadding("same"), D.withStride(2)}) {
                for (boolean relu : new boolean[] {false, true}) {
                    Tensor x = rnd(3, 9, 8, 8).to(dt);
                    Tensor w = rnd(3, 3, 8, 12).to(dt);
                    Tensor b = rnd(12).to(dt);
                    Tensor[] fused = biasedGrads(x, w, b, o, relu, true);
                    Tensor[] composed = biasedGrads(x, w, b, o, relu, false);
                    String[] names = {"value", "input gradient", "weight gradient", "bias gradient"};
                    for (int i = 0; i < names.length; i++) {
                        double scale = composed[i].abs().max().item();
                        double diff = fused[i].sub(composed[i]).abs().max().item();
                        assertTrue(
                                diff <= scale * (dt == DType.FLOAT32 ? 1e-6 : 1e-14),
                                dt + " relu=" + relu + " " + names[i] + ": max |diff| " + diff + " of " + scale);
                    }
                }
            }
        }
    }

    private static Tensor[] biasedGrads(Tensor x, Tensor w, Tensor b, Conv2dOptions o, boolean relu, boolean fused) {
        Tensor xs = x.detach().requiresGrad(true);
        Tensor ws = w.detach().requiresGrad(true);
        Tensor bs = b.detach().requiresGrad(true);
        Tensor y;
        if (fused) {
            y = relu ? Convolutions.conv2dRelu(xs, ws, bs, o) : Convolutions.conv2d(xs, ws, bs, o);
        } else {
            Tensor z = xs.conv2d(ws, o).add(bs);
            y = relu ? Activations.relu(z) : z;
        }
        Tensor up = Tensor.normal(0, 1, new Generator(11), y.dims()).to(y.dtype());
        y.mul(up).sum().backward();
        return new Tensor[] {
            y.detach(),
            Objects.requireNonNull(xs.grad()),
            Objects.requireNonNull(ws.grad()),
            Objects.requireNonNull(bs.grad())
        };
    }

    /** The graph node lists the inputs the op had: no slot for a missing bias (a null there broke inputs()). */
    @Test
    void theFusedNodeListsItsInputs() {
        Tensor x = rnd(1, 4, 4, 2).requiresGrad(true);
        Tensor w = rnd(3, 3, 2, 5).requiresGrad(true);
        Tensor b = rnd(5).requiresGrad(true);
        assertEquals(
                java.util.List.of(x, w),
                Objects.requireNonNull(Convolutions.conv2dRelu(x, w, null, D).gradFn())
                        .inputs());
        assertEquals(
                java.util.List.of(x, w, b),
                Objects.requireNonNull(Convolutions.conv2dRelu(x, w, b, D).gradFn())
                        .inputs());
        assertEquals(
                java.util.List.of(x, w),
                Objects.requireNonNull(x.conv2d(w, D).gradFn()).inputs());
    }

    @Test
    void biasOfTheWrongShapeNamesBothShapes() {
        Tensor x = rnd(1, 4, 4, 2);
        Tensor w = rnd(3, 3, 2, 5);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Convolutions.conv2dRelu(x, w, rnd(4), D));
        assertTrue(e.getMessage().contains("conv2d_relu") && e.getMessage().contains("(5,)"), e.getMessage());
        assertTrue(e.getMessage().contains("got (4,)"), e.getMessage());
    }

    /**
     * 3x3 unit-stride convolutions with at least 8 channels each way: float32 runs them with Winograd
     * F(2x2, 3x3), float64 with im2col + GEMM. The float64 gradients are checked by finite differences
     * on the same shapes, then the float32 values and gradients must match them to float32 rounding.
     */
    @Test
    void float32Winograd3x3AgreesWithFiniteDifferenceCheckedFloat64() {
        Conv2dOptions[] specs = {
            D.withPadding("same"), D, D.withPadding(Padding.explicit(2, 0, 1, 3)),
        };
        for (Conv2dOptions o : specs) {
            Tensor x64 = rnd(2, 5, 6, 8);
            Tensor w64 = rnd(3, 3, 8, 9);
            GradCheck.check(t -> t[0].conv2d(t[1], o), x64, w64);
            Tensor up = rnd(x64.conv2d(w64, o).dims());
            Tensor[] grads64 = valueAndGrads(x64, w64, up, o);
            Tensor[] grads32 = valueAndGrads(x64.to(DType.FLOAT32), w64.to(DType.FLOAT32), up.to(DType.FLOAT32), o);
            String[] names = {"value", "input gradient", "weight gradient"};
            for (int i = 0; i < 3; i++) {
                double[] e = grads64[i].toDoubleArray();
                double[] a = grads32[i].toDoubleArray();
                double scale = 0;
                for (double v : e) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int j = 0; j < e.length; j++) {
                    // 5e-6 of the largest magnitude: ~80 float32 ulps, while one lost tap moves an element by ~1/9 of
                    // it.
                    assertEquals(e[j], a[j], 5e-6 * scale, names[i] + " " + o + " element " + j);
                }
            }
        }
    }

    /** {@code conv2d(x, w)}, and the gradients of {@code sum(conv2d(x, w) * up)} with respect to x and w. */
    private static Tensor[] valueAndGrads(Tensor x, Tensor w, Tensor up, Conv2dOptions o) {
        Tensor xs = x.detach().requiresGrad(true);
        Tensor ws = w.detach().requiresGrad(true);
        Tensor y = xs.conv2d(ws, o);
        y.mul(up).sum().backward();
        return new Tensor[] {y.detach(), Objects.requireNonNull(xs.grad()), Objects.requireNonNull(ws.grad())};
    }

    @Test
    void conv2dGradientsThroughStridedViews() {
        // An NCHW tensor permuted to NHWC, and an image with every other row sliced away.
        GradCheck.check(
                t -> t[0].permute(0, 2, 3, 1).conv2d(t[1], D.withPadding("same")), rnd(1, 3, 5, 6), rnd(2, 2, 3, 2));
        GradCheck.check(
                t -> t[0].slice(1, 0, 10, 2).conv2d(t[1].permute(1, 0, 2, 3)), rnd(1, 10, 5, 2), rnd(2, 3, 2, 2));
    }

    @Test
    void conv1dGradients() {
        GradCheck.check(t -> Convolutions.conv1d(t[0], t[1]), rnd(2, 7, 3), rnd(3, 3, 2));
        GradCheck.check(
                t -> t[0].conv1d(t[1], Conv1dOptions.DEFAULT.withStride(2).withPadding("same")),
                rnd(2, 7, 3),
                rnd(3, 3, 2));
        GradCheck.check(
                t -> t[0].conv1d(
                        t[1], Conv1dOptions.DEFAULT.withPadding("causal").withDilation(2)),
                rnd(1, 8, 2),
                rnd(3, 2, 2));
        GradCheck.check(t -> t[0].conv1d(t[1], Conv1dOptions.DEFAULT.withGroups(3)), rnd(1, 6, 3), rnd(2, 1, 3));
        GradCheck.check(t -> t[0].transpose(1, 2).conv1d(t[1], Conv1dOptions.DEFAULT), rnd(2, 3, 6), rnd(2, 3, 2));
    }

    @Test
    void conv2dTransposeGradients() {
        GradCheck.check(
                t -> t[0].conv2dTranspose(t[1], D.withStride(2).withPadding("same")), rnd(1, 3, 3, 2), rnd(3, 3, 3, 2));
        GradCheck.check(
                t -> Convolutions.conv2dTranspose(t[0], t[1], D.withStride(2), 1, 1), rnd(1, 3, 2, 2), rnd(3, 3, 2, 2));
        GradCheck.check(
                t -> Convolutions.conv2dTranspose(t[0], t[1], D.withStride(2).withPadding(Padding.explicit(1)), 1, 0),
                rnd(2, 2, 3, 2),
                rnd(3, 3, 2, 2));
        GradCheck.check(
                t -> t[0].permute(0, 2, 3, 1)
                        .conv2dTranspose(t[1], D.withDilation(2).withGroups(2)),
                rnd(1, 4, 3, 2),
                rnd(2, 2, 1, 4));
    }

    @Test
    void gradientOpsHaveGradientsToo() {
        Conv2dSpec spec = new Conv2dSpec(2, 1, 1, 0, 0, 1, 1, 2, 1);
        int[] in = {2, 5, 4, 3};
        int[] wShape = {3, 2, 3, 2};
        int[] out = {2, spec.outHeight(5, 3), spec.outWidth(4, 2), 2};
        GradCheck.check(t -> Convolutions.conv2dBackwardInput(t[0], t[1], in, spec), rnd(out), rnd(wShape));
        GradCheck.check(t -> Convolutions.conv2dBackwardWeight(t[0], t[1], wShape, spec), rnd(in), rnd(out));
        // Second order: the gradient of sum(conv(x, w)^2) with respect to w, differentiated again.
        GradCheck.check(
                t -> {
                    Tensor y = Convolutions.conv2d(t[0], t[1], spec);
                    Tensor[] g = dev.synapse.autograd.Autograd.grad(y.square().sum(), null, new Tensor[] {t[1]}, true);
                    return g[0];
                },
                rnd(in),
                rnd(wShape));
    }

    // ---- errors --------------------------------------------------------------------------------

    @Test
    void errorsNameTheOpShapesAndExpectation() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(1, 5, 5, 3).conv2d(Tensor.zeros(3, 3, 1, 32)));
        assertEquals(
                "conv2d: input has 3 channels but the kernel expects 1 (kernel shape (3, 3, 1, 32))", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(5, 5, 3).conv2d(Tensor.zeros(3, 3, 3, 8)));
        assertTrue(
                e.getMessage()
                        .startsWith("conv2d: expected a rank-4 tensor [batch, height, width, channels], got shape "
                                + "(5, 5, 3)"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(1, 5, 5, 3).conv2d(Tensor.zeros(3, 3, 3)));
        assertTrue(e.getMessage().contains("rank-4 kernel") && e.getMessage().contains("(3, 3, 3)"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.zeros(1, 5, 5, 6).conv2d(Tensor.zeros(3, 3, 2, 8), D.withGroups(4)));
        assertTrue(e.getMessage().contains("not divisible by groups 4"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.zeros(1, 5, 5, 6).conv2d(Tensor.zeros(3, 3, 2, 8), D.withGroups(2)));
        assertTrue(e.getMessage().contains("expects 4 (2 per group, 2 groups)"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(1, 2, 2, 1).conv2d(Tensor.zeros(3, 3, 1, 1)));
        assertTrue(e.getMessage().contains("does not fit") && e.getMessage().contains("(1, 2, 2, 1)"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.zeros(DType.INT32, 1, 3, 3, 1).conv2d(Tensor.zeros(1, 1, 1, 1)));
        assertTrue(e.getMessage().startsWith("conv2d: expected a float32 or float64 tensor"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.zeros(1, 5, 5, 1).conv2d(Tensor.zeros(3, 3, 1, 1), D.withPadding("causal")));
        assertTrue(e.getMessage().contains("causal padding exists only for 1-D"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Convolutions.conv1d(Tensor.zeros(1, 5, 2), Tensor.zeros(3, 3, 4)));
        assertEquals("conv1d: input has 2 channels but the kernel expects 3 (kernel shape (3, 3, 4))", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Convolutions.conv2dTranspose(Tensor.zeros(1, 3, 3, 2), Tensor.zeros(3, 3, 4, 5), D));
        assertTrue(
                e.getMessage().startsWith("conv2dTranspose: input has 2 channels but the kernel expects 5"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Convolutions.conv2dTranspose(
                        Tensor.zeros(1, 3, 3, 2), Tensor.zeros(3, 3, 4, 2), D.withStride(2), 2, 0));
        assertTrue(e.getMessage().contains("output padding 2") && e.getMessage().contains("stride 2"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Convolutions.conv2dBackwardInput(
                        Tensor.zeros(1, 4, 4, 2),
                        Tensor.zeros(3, 3, 1, 2),
                        new int[] {1, 5, 5, 1},
                        new Conv2dSpec(1, 1, 0, 0, 0, 0, 1, 1, 1)));
        assertTrue(e.getMessage().contains("expected output shape (1, 3, 3, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Padding.of("full"));
        assertTrue(e.getMessage().contains("\"full\""), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Convolutions.conv2d(Tensor.zeros(1, 3, 3, 2), Tensor.zeros(1, 1, 2, 2), Tensor.zeros(3), D));
        assertTrue(e.getMessage().contains("bias of shape (2,)"), e.getMessage());
    }
}
