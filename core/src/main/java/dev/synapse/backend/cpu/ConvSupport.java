package dev.synapse.backend.cpu;

import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Helpers shared by the convolution and pooling kernels: contiguous operands, per-thread scratch
 * arrays, and fills and adds that work on either {@code float[]} or {@code double[]}.
 */
final class ConvSupport {
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    private ConvSupport() {}

    /** One thread's reusable buffers; grown on demand, never shrunk. */
    private static final class Scratch {
        final float[][] floats = {new float[0], new float[0]};
        final double[][] doubles = {new double[0], new double[0]};
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final String[] SLOTS = {"convolution columns", "a padded convolution input"};

    /** {@link #scratch(Object, int, int)} in slot 0. */
    static Object scratch(Object like, int size) {
        return scratch(like, size, 0);
    }

    /**
     * The calling thread's scratch array number {@code slot} (0 or 1) of the same element type as
     * {@code like}, with at least {@code size} elements; its contents are garbage. A kernel uses a
     * slot for one purpose at a time: slot 0 for column buffers, slot 1 for padded copies.
     */
    static Object scratch(Object like, int size, int slot) {
        Scratch s = SCRATCH.get();
        if (like instanceof float[]) {
            if (s.floats[slot].length < size) {
                s.floats[slot] = CpuStorage.floats(size, SLOTS[slot]);
            }
            return s.floats[slot];
        }
        if (s.doubles[slot].length < size) {
            s.doubles[slot] = CpuStorage.doubles(size, SLOTS[slot]);
        }
        return s.doubles[slot];
    }

    /** {@code t} itself when it is contiguous, else a contiguous copy (kernels index it as a dense array). */
    static Tensor dense(Tensor t) {
        if (t.isContiguous()) {
            return t;
        }
        Tensor copy = CpuStorage.temporary(t.dtype(), t.dims());
        CopyKernels.copy(t, copy);
        return copy;
    }

    /** A new contiguous zero tensor shaped like {@code t}, for kernels whose output is a strided view. */
    static Tensor denseLike(Tensor t) {
        return CpuStorage.temporary(t.dtype(), t.dims());
    }

    /** Sets {@code len} elements of a float or double array to zero. */
    static void zero(Object a, int from, int len) {
        if (len <= 0) {
            return;
        }
        if (a instanceof float[] f) {
            Arrays.fill(f, from, from + len, 0f);
        } else {
            Arrays.fill((double[]) a, from, from + len, 0.0);
        }
    }

    /**
     * {@code System.arraycopy} for float or double arrays, with short runs (a few channels) copied by a loop instead of
     * a call.
     */
    static void copy(Object src, int s, Object dst, int d, int len) {
        if (len >= 16) {
            System.arraycopy(src, s, dst, d, len);
        } else if (src instanceof float[] a) {
            float[] b = (float[]) dst;
            for (int i = 0; i < len; i++) {
                b[d + i] = a[s + i];
            }
        } else {
            double[] a = (double[]) src;
            double[] b = (double[]) dst;
            for (int i = 0; i < len; i++) {
                b[d + i] = a[s + i];
            }
        }
    }

    /** A new zero array of {@code like}'s element type. */
    static Object newArray(Object like, int size) {
        return like instanceof float[]
                ? CpuStorage.floats(size, "a convolution accumulator")
                : CpuStorage.doubles(size, "a convolution accumulator");
    }

    /** {@code dst[d..d+len) += src[s..s+len)} on float or double arrays. */
    static void addInto(Object src, int s, Object dst, int d, int len) {
        if (src instanceof float[] a) {
            float[] b = (float[]) dst;
            int i = 0;
            for (int bound = FS.loopBound(len); i < bound; i += FS.length()) {
                FloatVector.fromArray(FS, b, d + i)
                        .add(FloatVector.fromArray(FS, a, s + i))
                        .intoArray(b, d + i);
            }
            for (; i < len; i++) {
                b[d + i] += a[s + i];
            }
        } else {
            double[] a = (double[]) src;
            double[] b = (double[]) dst;
            for (int i = 0; i < len; i++) {
                b[d + i] += a[s + i];
            }
        }
    }
}
