package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.backend.Conv2dSpec;
import dev.synapse.backend.cpu.ConvKernelsTest.Case;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Winograd F(2x2, 3x3) kernels against the float64 loops of {@link ConvKernelsTest}. */
class WinogradConvTest {
    private static final Generator GEN = new Generator(77);

    private static Conv2dSpec pad(int pt, int pb, int pl, int pr) {
        return new Conv2dSpec(1, 1, pt, pb, pl, pr, 1, 1, 1);
    }

    /**
     * Same, valid and asymmetric padding (wider than the kernel too), odd and even output sizes (partial
     * tiles at the right and bottom), channel counts on and off the vector width, batch 1, and the seeds' layers.
     */
    static final List<Case> CASES = List.of(
            new Case(1, 5, 5, 8, 3, 3, 8, pad(1, 1, 1, 1)),
            new Case(2, 7, 6, 9, 3, 3, 11, pad(0, 0, 0, 0)),
            new Case(1, 8, 9, 16, 3, 3, 8, pad(2, 0, 0, 1)),
            new Case(3, 6, 7, 8, 3, 3, 16, pad(1, 2, 3, 0)),
            new Case(1, 3, 4, 17, 3, 3, 23, pad(3, 3, 1, 2)),
            new Case(2, 14, 14, 24, 3, 3, 36, pad(1, 1, 1, 1)),
            new Case(2, 14, 14, 16, 3, 3, 8, pad(1, 1, 1, 1)),
            new Case(2, 7, 7, 8, 3, 3, 16, pad(1, 1, 1, 1)),
            new Case(1, 9, 5, 64, 3, 3, 64, pad(1, 1, 1, 1)),
            // 12 input channels: eight, then four, for a last single vector of 20 outputs (on 8 lanes).
            new Case(2, 6, 6, 12, 3, 3, 20, pad(1, 1, 1, 1)),
            // An odd number of output vectors on 16 lanes: three at once, then a pair (80), and three alone (48, the
            // input gradient's 40 channels).
            new Case(2, 6, 5, 40, 3, 3, 70, pad(1, 1, 1, 1)));

    /**
     * Float32 error bound relative to the largest output: the F(2x2) transforms only add, subtract and
     * halve, so the rounding error grows like that of the direct sum of {@code 9 C} products plus the
     * few additions of the transforms; 1e-5 is still 3 orders of magnitude below what one wrong tap or
     * a misplaced tile gives.
     */
    private static final double TOL = 1e-5;

    private static Tensor random(int... shape) {
        return Tensor.normal(0, 1, GEN, shape).to(DType.FLOAT32);
    }

    private static double maxRelError(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": size");
        double scale = 1e-3;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / scale;
            if (!(err <= TOL)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]
                        + " (relative error " + err + ", tolerance " + TOL + ")");
            }
            worst = Math.max(worst, err);
        }
        return worst;
    }

    private static ConvGeometry geometry(Case k) {
        return new ConvGeometry(k.in(), k.kernel(), k.out(), k.spec());
    }

    @Test
    void forwardAndInputGradientMatchTheReference() {
        for (Case k : CASES) {
            ConvGeometry g = geometry(k);
            assertTrue(ConvKernels.useWinograd(g, DType.FLOAT32), k + " should take the Winograd path");
            Tensor x = random(k.in());
            Tensor w = random(k.kernel());
            Tensor go = random(k.out());
            float[] xa = (float[]) Elements.array(x);
            float[] wa = (float[]) Elements.array(w);
            float[] ga = (float[]) Elements.array(go);

            float[] out = new float[3 + k.n() * k.oh() * k.ow() * k.f()];
            Arrays.fill(out, 7f); // stale values must be overwritten, the 3 leading ones untouched
            WinogradConv.forward(g, xa, Strided.offset(x), wa, Strided.offset(w), out, 3);
            maxRelError(
                    ConvKernelsTest.refForward(k, x.toDoubleArray(), w.toDoubleArray()),
                    Arrays.copyOfRange(out, 3, out.length),
                    k + " forward");
            assertEquals(7f, out[0]);

            float[] in = new float[k.n() * k.h() * k.w() * k.c()];
            Arrays.fill(in, 7f);
            WinogradConv.backwardInput(g, ga, Strided.offset(go), wa, Strided.offset(w), in, 0);
            double[][] ref = ConvKernelsTest.refBackward(k, x.toDoubleArray(), w.toDoubleArray(), go.toDoubleArray());
            maxRelError(ref[0], in, k + " backward input");
        }
    }

    /**
     * The weight gradient F(3x3, 2x2), the tiles split in two parts at an odd tile (the kernel adds into what the
     * accumulator holds), and through {@link ConvKernels#backwardWeight}, which picks it for these geometries.
     */
    @Test
    void weightGradientMatchesTheReference() {
        for (Case k : CASES) {
            ConvGeometry g = geometry(k);
            Tensor x = random(k.in());
            Tensor w = random(k.kernel());
            Tensor go = random(k.out());
            double[] ref = ConvKernelsTest.refBackward(k, x.toDoubleArray(), w.toDoubleArray(), go.toDoubleArray())[1];
            float[] xa = (float[]) Elements.array(x);
            float[] ga = (float[]) Elements.array(go);
            int tiles = k.n() * ((k.oh() + 1) / 2) * ((k.ow() + 1) / 2);
            float[] acc = new float[ref.length];
            int half = tiles / 2 | 1;
            WinogradConv.backwardWeight(g, xa, Strided.offset(x), ga, Strided.offset(go), acc, 0, half);
            WinogradConv.backwardWeight(g, xa, Strided.offset(x), ga, Strided.offset(go), acc, half, tiles);
            maxRelError(ref, acc, k + " backward weight");

            Tensor gw = Tensor.empty(DType.FLOAT32, x.device(), k.kernel());
            ConvKernels.backwardWeight(x, go, k.spec(), gw);
            float[] viaKernels = new float[ref.length];
            System.arraycopy((float[]) Elements.array(gw), Strided.offset(gw), viaKernels, 0, ref.length);
            maxRelError(ref, viaKernels, k + " backward weight through ConvKernels");
        }
    }

    @Test
    void theSeedLayerThroughConvKernelsStaysWithinTolerance() {
        Case k = CASES.get(5);
        Tensor x = random(k.in());
        Tensor w = random(k.kernel());
        Tensor out = Tensor.empty(DType.FLOAT32, x.device(), k.out());
        ConvKernels.conv2d(x, w, k.spec(), out);
        double[] ref = ConvKernelsTest.refForward(k, x.toDoubleArray(), w.toDoubleArray());
        double[] got = out.toDoubleArray();
        float[] asFloat = new float[got.length];
        for (int i = 0; i < got.length; i++) {
            asFloat[i] = (float) got[i];
        }
        double worst = maxRelError(ref, asFloat, "seed conv2 forward");
        // A real rounding error, not an exact match by accident of the data: the bound above is not vacuous.
        assertTrue(worst > 0 && worst < TOL, "worst relative error " + worst);
    }

    @Test
    void onlyEligibleGeometriesTakeThePath() {
        ConvGeometry seed = geometry(CASES.get(5));
        assertFalse(ConvKernels.useWinograd(seed, DType.FLOAT64), "float64 stays on im2col + GEMM");
        assertFalse(
                WinogradConv.handles(
                        geometry(new Case(2, 14, 14, 24, 3, 3, 36, new Conv2dSpec(2, 2, 1, 1, 1, 1, 1, 1, 1)))),
                "stride 2");
        assertFalse(
                WinogradConv.handles(
                        geometry(new Case(2, 14, 14, 24, 3, 3, 36, new Conv2dSpec(1, 1, 2, 2, 2, 2, 2, 2, 1)))),
                "dilation 2");
        assertFalse(
                WinogradConv.handles(
                        geometry(new Case(2, 14, 14, 24, 3, 3, 36, new Conv2dSpec(1, 1, 1, 1, 1, 1, 1, 1, 2)))),
                "groups");
        assertFalse(WinogradConv.handles(geometry(new Case(2, 14, 14, 24, 5, 5, 36, pad(2, 2, 2, 2)))), "5x5");
        assertFalse(
                ConvKernels.useWinograd(geometry(new Case(2, 14, 14, 3, 3, 3, 36, pad(1, 1, 1, 1))), DType.FLOAT32));
    }
}
