package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.Pool2dSpec;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * NaN goes through the kernels built on max, min, compare and blend as it does in PyTorch, in the
 * vector lanes and in the scalar tails alike: every test puts one NaN at each position of arrays
 * longer than two vectors, so it falls in a vector body and in a tail.
 */
class NaNKernelsTest {
    private static final int LEN = 2 * Math.max(FloatUnaryLoops.S.length(), DoubleUnaryLoops.S.length()) + 3;
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};

    /** {@code len} values around the ops' branch points (0, +-3, the clamp bounds), NaN at {@code nan}. */
    private static Tensor withNaN(DType dt, int len, int nan) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = i == nan ? Double.NaN : (i % 7 - 3) * 1.25;
        }
        return Tensor.of(v).to(dt);
    }

    private static double[] unary(UnaryOp op, Tensor x, double p1, double p2) {
        Tensor out = Tensor.zeros(x.dtype(), x.dims());
        ElementwiseKernels.unary(op, x, p1, p2, out);
        return out.toDoubleArray();
    }

    @Test
    void unaryOpsBuiltOnComparisonsKeepNaNInEveryLane() {
        UnaryOp[] ops = {
            UnaryOp.RELU,
            UnaryOp.LEAKY_RELU,
            UnaryOp.ELU,
            UnaryOp.SELU,
            UnaryOp.HARD_SIGMOID,
            UnaryOp.CLAMP,
            UnaryOp.SOFTPLUS,
            UnaryOp.SIGN,
            UnaryOp.ABS
        };
        for (DType dt : FLOATS) {
            for (UnaryOp op : ops) {
                for (int nan = 0; nan < LEN; nan++) {
                    double[] got = unary(op, withNaN(dt, LEN, nan), 0.2, 0.7);
                    for (int i = 0; i < LEN; i++) {
                        assertEquals(
                                i == nan, Double.isNaN(got[i]), op + " " + dt + " lane " + i + " with NaN at " + nan);
                    }
                }
            }
        }
    }

    @Test
    void reluIsZeroForZeroesAndNegativesAndNaNForNaN() {
        for (DType dt : FLOATS) {
            Tensor x = Tensor.of(new double[] {
                        -0.0,
                        0.0,
                        -1e-300,
                        -5,
                        Double.NEGATIVE_INFINITY,
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        2,
                        1e-40,
                        -0.0,
                        0.0,
                        -1,
                        Double.NaN,
                        3,
                        -7,
                        0.0,
                        -0.0,
                        Double.NaN,
                        1,
                        -2
                    })
                    .to(dt);
            double[] got = unary(UnaryOp.RELU, x, 0, 0);
            double[] xs = x.toDoubleArray();
            for (int i = 0; i < xs.length; i++) {
                double want = Double.isNaN(xs[i]) ? Double.NaN : xs[i] > 0 ? xs[i] : 0.0;
                // Double.equals tells +0.0 from -0.0 and matches NaN with NaN.
                assertEquals(Double.valueOf(want), Double.valueOf(got[i]), dt + " relu(" + xs[i] + ")");
            }
        }
    }

    @Test
    void clampWithANaNBoundIsNaN() {
        for (DType dt : FLOATS) {
            for (double[] bounds : new double[][] {{Double.NaN, 1}, {-1, Double.NaN}}) {
                double[] got = unary(UnaryOp.CLAMP, withNaN(dt, LEN, -1), bounds[0], bounds[1]);
                for (double g : got) {
                    assertTrue(Double.isNaN(g), dt + " clamp to [" + bounds[0] + ", " + bounds[1] + "] gave " + g);
                }
            }
        }
    }

    /** Vector against vector, vector against a broadcast value and the reverse. */
    @Test
    void maximumAndMinimumGiveNaNWhereEitherSideIsNaNInEveryPattern() {
        for (DType dt : FLOATS) {
            for (BinaryOp op : new BinaryOp[] {BinaryOp.MAXIMUM, BinaryOp.MINIMUM}) {
                for (int nan = 0; nan < LEN; nan++) {
                    Tensor a = withNaN(dt, LEN, nan);
                    Tensor b = withNaN(dt, LEN, LEN - 1 - nan);
                    double[] both = binary(op, a, b);
                    double[] scalarRight =
                            binary(op, a, Tensor.scalar(Double.NaN).to(dt));
                    double[] scalarLeft = binary(op, Tensor.scalar(-100.0).to(dt), a);
                    for (int i = 0; i < LEN; i++) {
                        String at = op + " " + dt + " lane " + i + " with NaN at " + nan;
                        assertEquals(i == nan || i == LEN - 1 - nan, Double.isNaN(both[i]), at);
                        assertTrue(Double.isNaN(scalarRight[i]), at + " against a NaN scalar");
                        assertEquals(i == nan, Double.isNaN(scalarLeft[i]), at + " against a scalar");
                    }
                }
            }
        }
    }

    private static double[] binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = Tensor.zeros(a.dtype(), Math.toIntExact(Math.max(a.size(), b.size())));
        ElementwiseKernels.binary(op, a, b, out);
        return out.toDoubleArray();
    }

    @Test
    void maxAndMinReductionsAndArgmaxFindTheNaN() {
        for (DType dt : FLOATS) {
            for (int nan = 0; nan < LEN; nan++) {
                Tensor x = withNaN(dt, LEN, nan);
                for (var op : new dev.synapse.backend.ReduceOp[] {
                    dev.synapse.backend.ReduceOp.MAX, dev.synapse.backend.ReduceOp.MIN
                }) {
                    Tensor out = Tensor.zeros(dt, 1);
                    ReduceKernels.reduce(op, x, new int[] {0}, out);
                    assertTrue(Double.isNaN(out.item()), op + " " + dt + " with NaN at " + nan);
                }
                for (boolean max : new boolean[] {true, false}) {
                    Tensor arg = Tensor.zeros(DType.INT64);
                    ReduceKernels.argReduce(max, x, 0, arg);
                    assertEquals(nan, arg.item(), (max ? "argmax " : "argmin ") + dt);
                }
            }
        }
    }

    /**
     * One NaN per image in a channel each: the window holding it pools to NaN and takes the whole
     * gradient of that output at the NaN; other windows and channels are untouched. Two geometries:
     * windows that tile the image (the kernel's write-once path) and overlapping padded ones.
     */
    @Test
    void maxPoolingGivesNaNAndRoutesTheGradientToTheNaN() {
        int c = FloatUnaryLoops.S.length() + 3; // one full vector of channels and a masked tail
        Pool2dSpec[] specs = {
            new Pool2dSpec(2, 2, 2, 2, 0, 0, 0, 0, false), new Pool2dSpec(3, 3, 1, 1, 1, 1, 1, 1, false)
        };
        for (DType dt : FLOATS) {
            for (Pool2dSpec spec : specs) {
                for (int ch = 0; ch < c; ch++) {
                    int h = 4;
                    int w = 4;
                    double[] v = new double[h * w * c];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (i * 37 % 11) - 5;
                    }
                    int nanPixel = 1 * w + 2; // (1, 2)
                    v[nanPixel * c + ch] = Double.NaN;
                    v[nanPixel * c + (ch + 1) % c] = 100; // a large value next to it must not take the NaN's place
                    Tensor x = Tensor.wrap(v, 1, h, w, c).to(dt);
                    int oh = spec.outHeight(h);
                    int ow = spec.outWidth(w);
                    Tensor out = Tensor.zeros(dt, 1, oh, ow, c);
                    PoolKernels.maxPool(x, spec, out);
                    double[] o = out.toDoubleArray();
                    Tensor grad = Tensor.ones(dt, 1, oh, ow, c);
                    Tensor gin = Tensor.zeros(dt, 1, h, w, c);
                    PoolKernels.maxPoolBackward(x, grad, spec, gin);
                    double[] gi = gin.toDoubleArray();
                    int windows = 0;
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            int h0 = i * spec.strideH() - spec.padTop();
                            int w0 = j * spec.strideW() - spec.padLeft();
                            boolean holds = h0 <= 1 && 1 < h0 + spec.kernelH() && w0 <= 2 && 2 < w0 + spec.kernelW();
                            windows += holds ? 1 : 0;
                            for (int k = 0; k < c; k++) {
                                boolean nan = holds && k == ch;
                                assertEquals(
                                        nan,
                                        Double.isNaN(o[(i * ow + j) * c + k]),
                                        dt + " " + spec + " channel " + k + " output (" + i + ", " + j
                                                + ") with NaN in " + ch);
                            }
                        }
                    }
                    // Each window holding the NaN sends its gradient (1) there.
                    assertEquals(
                            windows, gi[nanPixel * c + ch], dt + " " + spec + " gradient at the NaN in channel " + ch);
                    double total = 0;
                    for (int p = 0; p < h * w; p++) {
                        total += gi[p * c + ch];
                    }
                    assertEquals(oh * ow, total, dt + " " + spec + " channel " + ch + ": no gradient is dropped");
                }
            }
        }
    }

    /**
     * The same checks on loops long enough to be compiled by C2, whose vector max and min must keep
     * Java's NaN rule ({@code Math.max}) rather than the hardware's, which returns one operand.
     */
    @Test
    void compiledLoopsKeepNaN() {
        int n = 1 << 20;
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % 7 == 0 ? Float.NaN : (i % 13) - 6;
            b[i] = i % 5 == 0 ? Float.NaN : (i % 11) - 5;
        }
        Tensor x = Tensor.wrap(a, n);
        Tensor y = Tensor.wrap(b, n);
        for (int rep = 0; rep < 4; rep++) {
            for (BinaryOp op : new BinaryOp[] {BinaryOp.MAXIMUM, BinaryOp.MINIMUM}) {
                float[] o = (float[]) Elements.array(binaryInto(op, x, y));
                for (int i = 0; i < n; i++) {
                    if (Float.isNaN(o[i]) != (i % 7 == 0 || i % 5 == 0)) {
                        throw new AssertionError(op + " pass " + rep + " element " + i + " gave " + o[i]);
                    }
                }
            }
            for (UnaryOp op : new UnaryOp[] {UnaryOp.RELU, UnaryOp.CLAMP, UnaryOp.HARD_SIGMOID}) {
                Tensor out = Tensor.zeros(DType.FLOAT32, n);
                ElementwiseKernels.unary(op, x, -1, 1, out);
                float[] o = (float[]) Elements.array(out);
                for (int i = 0; i < n; i++) {
                    if (Float.isNaN(o[i]) != (i % 7 == 0)) {
                        throw new AssertionError(op + " pass " + rep + " element " + i + " gave " + o[i]);
                    }
                }
            }
        }
    }

    private static Tensor binaryInto(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = Tensor.zeros(a.dtype(), a.dims());
        ElementwiseKernels.binary(op, a, b, out);
        return out;
    }
}
