package dev.synapse.ops;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators for the property-based tests of the ops: values that float32 holds exactly (so the
 * float32 and float64 paths see the same inputs) with NaN, infinities, signed zeros, subnormals and
 * the activations' branch points mixed in; shapes; and strided views of four layouts.
 */
final class TensorCases {
    /** Lengths past two vectors of every preferred width, so runs have a vector body and a tail. */
    static final int LONG_DIM = 37;

    private TensorCases() {}

    /** How a case's values are laid out in memory behind the same logical shape. */
    enum Layout {
        CONTIGUOUS,
        TRANSPOSED,
        STRIDED,
        FLIPPED
    }

    /** A tensor to build in either float dtype: logical dims, a layout and enough values for it. */
    record Case(int[] dims, Layout layout, double[] values) {
        int size() {
            return Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        }

        Tensor build(DType dt) {
            int n = size();
            int rank = dims.length;
            return switch (layout) {
                case CONTIGUOUS -> base(dt, Arrays.copyOf(values, n), dims);
                case TRANSPOSED -> {
                    int[] reversed = new int[rank];
                    int[] axes = new int[rank];
                    for (int i = 0; i < rank; i++) {
                        reversed[i] = dims[rank - 1 - i];
                        axes[i] = rank - 1 - i;
                    }
                    yield base(dt, Arrays.copyOf(values, n), reversed).permute(axes);
                }
                case STRIDED -> {
                    int[] wide = dims.clone();
                    wide[rank - 1] *= 2;
                    yield base(dt, Arrays.copyOf(values, 2 * n), wide).slice(rank - 1, 0, wide[rank - 1], 2);
                }
                case FLIPPED -> base(dt, Arrays.copyOf(values, n), dims).flip();
            };
        }

        private static Tensor base(DType dt, double[] v, int[] shape) {
            return Tensor.wrap(v, shape).to(dt);
        }

        @Override
        public String toString() {
            return layout + Arrays.toString(dims) + Arrays.toString(Arrays.copyOf(values, Math.min(values.length, 64)));
        }
    }

    /** Doubles that float32 holds exactly, about one in five a special value. */
    static Arbitrary<Double> values() {
        Arbitrary<Double> ordinary = Arbitraries.doubles().between(-8, 8);
        Arbitrary<Double> anyScale = Combinators.combine(
                        Arbitraries.integers().between(-149, 127),
                        Arbitraries.doubles().between(1, 2),
                        Arbitraries.of(1.0, -1.0))
                .as((e, m, s) -> s * Math.scalb(m, e));
        Arbitrary<Double> special = Arbitraries.of(
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                0.0,
                -0.0,
                (double) Float.MIN_VALUE,
                (double) -Float.MIN_VALUE,
                (double) Float.MIN_NORMAL,
                1e-40,
                -1e-40,
                (double) Float.MAX_VALUE,
                (double) -Float.MAX_VALUE,
                1.0,
                -1.0,
                3.0,
                -3.0,
                0.5,
                88.72,
                -88.72,
                -87.33,
                -90.0,
                -103.9,
                20.0);
        return Arbitraries.frequencyOf(Tuple.of(6, ordinary), Tuple.of(2, anyScale), Tuple.of(2, special))
                .map(d -> (double) (float) d.doubleValue());
    }

    static Arbitrary<double[]> values(int n) {
        return values().list()
                .ofSize(n)
                .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Logical shapes of rank 1 to 3 with axes of 1 to 5; in half of them one axis is long enough for a
     * vector body. Small, so that the suite stays fast while the Vector API is still interpreted.
     */
    static Arbitrary<int[]> dims() {
        Arbitrary<int[]> small = Arbitraries.integers()
                .between(1, 5)
                .list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
        return Combinators.combine(
                        small,
                        Arbitraries.of(false, true),
                        Arbitraries.integers().between(0, 2))
                .as((d, longOne, axis) -> {
                    if (longOne) {
                        d[axis % d.length] = LONG_DIM;
                    }
                    return d;
                });
    }

    static Arbitrary<Case> cases() {
        return dims().flatMap(TensorCases::cases);
    }

    /** Cases of the given logical shape, in any layout. */
    static Arbitrary<Case> cases(int[] dims) {
        int n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        return Combinators.combine(Arbitraries.of(Layout.class), values(2 * n))
                .as((layout, v) -> new Case(dims, layout, v));
    }

    /**
     * Two operand shapes that broadcast to {@code out}: each may drop leading axes and have any
     * axis set to 1 (a scalar, a bias row, a column).
     */
    static Arbitrary<List<Case>> broadcastPair() {
        return dims().flatMap(out ->
                        Combinators.combine(operandDims(out), operandDims(out)).as((a, b) -> List.of(a, b)))
                .flatMap(pair -> Combinators.combine(cases(pair.get(0)), cases(pair.get(1)))
                        .as(List::of));
    }

    private static Arbitrary<int[]> operandDims(int[] out) {
        int rank = out.length;
        return Combinators.combine(
                        Arbitraries.integers().between(0, rank - 1),
                        Arbitraries.integers().between(0, (1 << rank) - 1))
                .as((drop, ones) -> {
                    int[] d = Arrays.copyOfRange(out, drop, rank);
                    for (int i = 0; i < d.length; i++) {
                        if ((ones >> i & 1) == 1) {
                            d[i] = 1;
                        }
                    }
                    return d;
                });
    }

    /** Distance in representable floats, 0 only for the same value (NaN equals NaN, -0.0 differs from 0.0). */
    static long floatUlps(float want, float got) {
        if (Float.isNaN(want) || Float.isNaN(got)) {
            return Float.isNaN(want) && Float.isNaN(got) ? 0 : Long.MAX_VALUE;
        }
        if (Float.floatToIntBits(want) == Float.floatToIntBits(got)) {
            return 0;
        }
        return Math.max(1, Math.abs(ordinal(want) - ordinal(got)));
    }

    /** Floats in order as integers, with -0.0 and 0.0 next to each other. */
    private static long ordinal(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits >= 0 ? bits : -(long) (bits & 0x7fffffff) - 1;
    }

    /** Same bits, NaN equal to NaN: what a kernel must give for one input wherever it sits in memory. */
    static boolean sameBits(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }
}
