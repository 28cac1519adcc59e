package dev.synapse.backend.cpu;

import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums of a vector's lanes in one fixed order: halves, then quarters, and so on, with lane-wise adds. The Vector
 * API leaves {@code reduceLanes(ADD)}'s order unspecified, and C2's intrinsic does not add in the interpreter's
 * order, so a kernel using it gives other bits once it is compiled: the same model on the same input would print
 * different digits in its first and its hundredth call.
 */
final class Lanes {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final List<VectorShuffle<Float>> FOLDS_F = folds(FS);
    private static final List<VectorShuffle<Double>> FOLDS_D = folds(DS);

    private Lanes() {}

    /** For each halving step, the shuffle that brings lane {@code i + h} to lane {@code i}. */
    private static <E> List<VectorShuffle<E>> folds(VectorSpecies<E> s) {
        int n = s.length();
        if (Integer.bitCount(n) != 1) {
            throw new IllegalStateException("vector of " + n + " lanes: a power of two was expected");
        }
        List<VectorShuffle<E>> out = new ArrayList<>();
        for (int h = n / 2; h >= 1; h /= 2) {
            out.add(VectorShuffle.iota(s, h, 1, true));
        }
        return List.copyOf(out);
    }

    /** The sum of {@code v}'s lanes (of the preferred species), the same bits in every compilation tier. */
    static float sum(FloatVector v) {
        for (VectorShuffle<Float> fold : FOLDS_F) {
            v = v.add(v.rearrange(fold));
        }
        return v.lane(0);
    }

    /** The sum of {@code v}'s lanes (of the preferred species), the same bits in every compilation tier. */
    static double sum(DoubleVector v) {
        for (VectorShuffle<Double> fold : FOLDS_D) {
            v = v.add(v.rearrange(fold));
        }
        return v.lane(0);
    }
}
