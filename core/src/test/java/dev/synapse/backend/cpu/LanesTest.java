package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * Lanes.sum adds in its one documented order (halves, then quarters, ...) on every call: checked against that order
 * written in scalar code over enough calls that the JIT compiles the sum (reduceLanes(ADD), whose compiled order
 * differs from the interpreter's, fails here on values of mixed magnitude).
 */
class LanesTest {
    private static float pairwise(float[] a) {
        float[] t = a.clone();
        for (int h = t.length / 2; h >= 1; h /= 2) {
            float[] next = t.clone();
            for (int i = 0; i < t.length; i++) {
                next[i] = t[i] + t[(i + h) % t.length];
            }
            t = next;
        }
        return t[0];
    }

    private static double pairwise(double[] a) {
        double[] t = a.clone();
        for (int h = t.length / 2; h >= 1; h /= 2) {
            double[] next = t.clone();
            for (int i = 0; i < t.length; i++) {
                next[i] = t[i] + t[(i + h) % t.length];
            }
            t = next;
        }
        return t[0];
    }

    @Test
    void floatSumsTakeOneOrderInEveryTier() {
        SplittableRandom r = new SplittableRandom(7);
        float[] a = new float[FloatVector.SPECIES_PREFERRED.length()];
        for (int call = 0; call < 200_000; call++) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (r.nextGaussian() * (r.nextBoolean() ? 1e4 : 1e-3));
            }
            float got = Lanes.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, a, 0));
            if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(pairwise(a))) {
                assertEquals(pairwise(a), got, "call " + call);
            }
        }
    }

    @Test
    void doubleSumsTakeOneOrderInEveryTier() {
        SplittableRandom r = new SplittableRandom(8);
        double[] a = new double[DoubleVector.SPECIES_PREFERRED.length()];
        for (int call = 0; call < 200_000; call++) {
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextGaussian() * (r.nextBoolean() ? 1e12 : 1e-6);
            }
            double got = Lanes.sum(DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, a, 0));
            if (Double.doubleToRawLongBits(got) != Double.doubleToRawLongBits(pairwise(a))) {
                assertEquals(pairwise(a), got, "call " + call);
            }
        }
    }
}
