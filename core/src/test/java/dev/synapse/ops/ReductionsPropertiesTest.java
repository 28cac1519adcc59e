package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the reductions on views of every layout, with NaN, infinities, signed zeros and
 * subnormals: max, min, argmax and argmin against a plain loop (NaN wins, as {@code torch.amax}
 * and {@code torch.argmax}; the first of equal values), identical in float32 and float64; and
 * float32 sums within the rounding error bound of their float64 counterpart.
 */
class ReductionsPropertiesTest {
    private static final int TRIES = 300;

    @Provide
    Arbitrary<TensorCases.Case> cases() {
        return TensorCases.cases();
    }

    @Provide
    Arbitrary<Integer> axisSeeds() {
        return Arbitraries.integers().between(0, 2);
    }

    /** The values of the slices along {@code axis}: {@code [slice][k]}, slices in row-major order of the other axes. */
    private static double[][] slices(Tensor x, int axis) {
        Tensor moved = last(x, axis);
        int k = x.dim(axis);
        double[] all = moved.toDoubleArray();
        double[][] out = new double[all.length / k][];
        for (int s = 0; s < out.length; s++) {
            out[s] = Arrays.copyOfRange(all, s * k, (s + 1) * k);
        }
        return out;
    }

    private static double extreme(double[] v, boolean max) {
        double best = v[0];
        for (double d : v) {
            if (Double.isNaN(d)) {
                return d;
            }
            best = max ? Math.max(best, d) : Math.min(best, d);
        }
        return best;
    }

    private static int argExtreme(double[] v, boolean max) {
        int best = 0;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                return i;
            }
            if (max ? v[i] > v[best] : v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The slices of {@code r} (the reduction along {@code axis}, kept) in the order {@link #slices} lists them. */
    private static double[] kept(Tensor r, int axis) {
        return last(r, axis).toDoubleArray();
    }

    /** {@code t} with {@code axis} swapped to the end, contiguous. */
    private static Tensor last(Tensor t, int axis) {
        return (axis == t.rank() - 1 ? t : t.transpose(axis, t.rank() - 1)).contiguous();
    }

    @Property(tries = TRIES)
    void maxMinArgmaxAndArgminMatchAPlainLoop(@ForAll("cases") TensorCases.Case c, @ForAll("axisSeeds") int seed) {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = c.build(dt);
            int axis = seed % x.rank();
            double[][] s = slices(x, axis);
            double[] max = kept(x.max(new int[] {axis}, true), axis);
            double[] min = kept(x.min(new int[] {axis}, true), axis);
            // The arg-reductions drop the axis: put it back as size 1 to order them as the slices.
            long[] argmax = toLongs(kept(x.argmax(axis).unsqueeze(axis).to(DType.FLOAT64), axis));
            long[] argmin = toLongs(kept(x.argmin(axis).unsqueeze(axis).to(DType.FLOAT64), axis));
            for (int i = 0; i < s.length; i++) {
                String at = dt + " axis " + axis + " slice " + Arrays.toString(s[i]);
                assertTrue(
                        TensorCases.sameBits(extreme(s[i], true), max[i]) || zeros(extreme(s[i], true), max[i]),
                        "max " + at + " gave " + max[i]);
                assertTrue(
                        TensorCases.sameBits(extreme(s[i], false), min[i]) || zeros(extreme(s[i], false), min[i]),
                        "min " + at + " gave " + min[i]);
                assertEquals(argExtreme(s[i], true), argmax[i], "argmax " + at);
                assertEquals(argExtreme(s[i], false), argmin[i], "argmin " + at);
            }
        }
    }

    /** -0.0 and 0.0 are equal: which of them a tie returns is not specified (nor is it in PyTorch). */
    private static boolean zeros(double a, double b) {
        return a == 0 && b == 0;
    }

    private static long[] toLongs(double[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (long) v[i];
        }
        return out;
    }

    /**
     * A float32 sum of n terms is within {@code n u sum|x|} (u = 2^-24) of the exact sum, which
     * the float64 sum gives to far better than that. Finite values are kept below 2^100 in magnitude:
     * a float32 total past the float range is inf where float64 is finite, as in any float32 sum.
     * Infinities and NaN must come out the same.
     */
    @Property(tries = TRIES)
    void float32SumsAreWithinTheRoundingBoundOfFloat64(
            @ForAll("cases") TensorCases.Case c, @ForAll("axisSeeds") int seed) {
        double[] v = c.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.isFinite(v[i]) && Math.abs(v[i]) > 0x1p100 ? Math.signum(v[i]) * 0x1p100 : v[i];
        }
        TensorCases.Case bounded = new TensorCases.Case(c.dims(), c.layout(), v);
        Tensor x64 = bounded.build(DType.FLOAT64);
        int axis = seed % x64.rank();
        double[] want = kept(x64.sum(new int[] {axis}, true), axis);
        double[] magnitude = kept(x64.abs().sum(new int[] {axis}, true), axis);
        double[] got = kept(bounded.build(DType.FLOAT32).sum(new int[] {axis}, true), axis);
        int n = x64.dim(axis);
        for (int i = 0; i < want.length; i++) {
            if (!Double.isFinite(want[i]) || !Double.isFinite(got[i])) {
                assertTrue(
                        TensorCases.sameBits(want[i], got[i]),
                        "sum along axis " + axis + ": float32 " + got[i] + ", float64 " + want[i]);
                continue;
            }
            double bound = n * 0x1p-24 * magnitude[i] + Float.MIN_VALUE;
            if (!(Math.abs(want[i] - got[i]) <= bound)) {
                fail("sum of " + n + " along axis " + axis + ": float32 " + got[i] + ", float64 " + want[i] + ", bound "
                        + bound);
            }
        }
    }
}
