package dev.synapse.backend.cpu;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A layer's bias and relu in one pass over memory, in place: {@code y = relu(y + bias)} with the bias along the last
 * axis, which as two ops reads and writes the whole output twice (a convolution's output is the largest tensor of a
 * small CNN's step). Values are those of the two ops: the sum rounded to the dtype, then {@code y <= 0 ? 0 : y}, so
 * NaN passes through as in {@code torch.relu}.
 */
final class BiasReluForward {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    /** Values in the repeated bias row, at least: long enough for the vector loop to run at speed. */
    private static final int TILE_VALUES = 512;

    private BiasReluForward() {}

    /** False (nothing written) unless both are contiguous, of one dtype, float32 or float64, and the bias fits. */
    static boolean run(Tensor y, Tensor bias) {
        DType dt = y.dtype();
        if ((dt != DType.FLOAT32 && dt != DType.FLOAT64)
                || bias.dtype() != dt
                || y.rank() < 1
                || y.dim(-1) == 0
                || bias.size() != y.dim(-1)
                || !y.isContiguous()
                || !bias.isContiguous()) {
            return false;
        }
        int m = y.dim(-1);
        int size = (int) y.size();
        int yo = Strided.offset(y);
        int bo = Strided.offset(bias);
        if (Elements.array(y) instanceof float[] yf) {
            floats(yf, yo, (float[]) Elements.array(bias), bo, m, size);
        } else {
            double[] yd = (double[]) Elements.array(y);
            double[] bd = (double[]) Elements.array(bias);
            Parallel.forRange(size / m, Math.max(1, StridedLoop.GRAIN / m), (r0, r1) -> {
                for (int i = yo + r0 * m, end = yo + r1 * m; i < end; ) {
                    for (int j = 0; j < m; j++, i++) {
                        double v = yd[i] + bd[bo + j];
                        yd[i] = v <= 0 ? 0 : v;
                    }
                }
            });
        }
        return true;
    }

    /**
     * float32: the bias repeated over a tile of whole rows and whole vectors, so that each tile of {@code y} is one
     * vector loop against it with no per-row tail.
     */
    private static void floats(float[] y, int yo, float[] bias, int bo, int m, int size) {
        int period = m / gcd(m, FL) * FL;
        int t = period * Math.max(1, TILE_VALUES / period);
        float[] tile = new float[t];
        for (int i = 0; i < t; i += m) {
            System.arraycopy(bias, bo, tile, i, m);
        }
        int tiles = (size + t - 1) / t;
        FloatVector zero = FloatVector.zero(FS);
        Parallel.forRange(tiles, Math.max(1, StridedLoop.GRAIN / t), (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                int off = yo + k * t;
                int n = Math.min(t, size - k * t);
                int i = 0;
                for (; i < FS.loopBound(n); i += FL) {
                    FloatVector v = FloatVector.fromArray(FS, y, off + i).add(FloatVector.fromArray(FS, tile, i));
                    v.blend(zero, v.compare(VectorOperators.LE, 0f)).intoArray(y, off + i);
                }
                if (i < n) {
                    VectorMask<Float> tail = FS.indexInRange(i, n);
                    FloatVector v =
                            FloatVector.fromArray(FS, y, off + i, tail).add(FloatVector.fromArray(FS, tile, i, tail));
                    v.blend(zero, v.compare(VectorOperators.LE, 0f)).intoArray(y, off + i, tail);
                }
            }
        });
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
