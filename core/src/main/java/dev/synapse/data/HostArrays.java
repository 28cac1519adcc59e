package dev.synapse.data;

import dev.synapse.backend.cpu.CpuStorage;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.JavaArrays;
import dev.synapse.tensor.Tensor;
import org.jspecify.annotations.Nullable;

/**
 * Copies between tensors and primitive arrays without per-element boxing: the data pipeline moves
 * every pixel of every epoch, so these copies are {@code System.arraycopy} whenever the tensor is a
 * contiguous CPU view, and fall back to the backend's copy otherwise.
 */
public final class HostArrays {
    private HostArrays() {}

    /** The offset of a tensor {@link #directArray} returned the Java array of: it lies inside that array. */
    private static int offset(Tensor t) {
        return Math.toIntExact(t.offset());
    }

    /** A fresh row-major {@code float[]} copy of {@code t}'s elements, converted to float. */
    public static float[] floats(Tensor t) {
        Object a = directArray(t, DType.FLOAT32);
        if (a != null) {
            float[] out = new float[JavaArrays.length(t.dims(), "floats")];
            System.arraycopy(a, offset(t), out, 0, out.length);
            return out;
        }
        Object ints = directArray(t, DType.INT32);
        if (ints != null) {
            // Raw pixels arrive as int32: convert in one loop rather than through a cast op.
            int[] src = (int[]) ints;
            float[] out = new float[JavaArrays.length(t.dims(), "floats")];
            int off = offset(t);
            for (int i = 0; i < out.length; i++) {
                out[i] = src[off + i];
            }
            return out;
        }
        return t.toFloatArray();
    }

    /**
     * Copies {@code t}'s elements, in row-major order, into {@code dst} (an array of {@code t}'s own
     * element type) starting at {@code dstOffset}.
     */
    public static void copyInto(Tensor t, Object dst, int dstOffset) {
        Object a = directArray(t, t.dtype());
        int n = JavaArrays.length(t.dims(), "copyInto");
        if (a == null) {
            a = hostCopy(t);
            System.arraycopy(a, 0, dst, dstOffset, n);
        } else {
            System.arraycopy(a, offset(t), dst, dstOffset, n);
        }
    }

    /**
     * The rows {@code rows} of {@code t} along its first axis, copied into a new contiguous tensor ({@code t[rows]}).
     */
    public static Tensor takeRows(Tensor t, int[] rows) {
        if (t.rank() == 0) {
            throw new IllegalArgumentException("takeRows: a scalar has no rows");
        }
        Tensor src = t.contiguous();
        int n = src.dim(0);
        int[] dims = src.dims();
        int rowSize = n == 0 ? 0 : JavaArrays.length(dims, "takeRows") / n;
        Object a = directArray(src, src.dtype());
        int base = a == null ? 0 : offset(src);
        if (a == null) {
            a = hostCopy(src);
            base = 0;
        }
        dims[0] = rows.length;
        Object out = JavaArrays.allocate(src.dtype(), dims);
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            if (r < 0 || r >= n) {
                throw new IndexOutOfBoundsException("takeRows: row " + r + " of a tensor with " + n + " rows");
            }
            System.arraycopy(a, base + r * rowSize, out, i * rowSize, rowSize);
        }
        return Tensor.wrap(out, src.dtype(), dims);
    }

    /** The value of element {@code i} (row-major) of a scalar or small tensor, as a long; for labels. */
    public static long longAt(Tensor t, int i) {
        Object a = directArray(t, t.dtype());
        if (a == null) {
            return t.toLongArray()[i];
        }
        int k = offset(t) + i;
        return switch (t.dtype()) {
            case FLOAT32 -> (long) ((float[]) a)[k];
            case FLOAT64 -> (long) ((double[]) a)[k];
            case INT32 -> ((int[]) a)[k];
            case INT64 -> ((long[]) a)[k];
            case BOOL -> ((boolean[]) a)[k] ? 1 : 0;
            case INT16 -> ((short[]) a)[k];
            case INT8 -> ((byte[]) a)[k];
            case UINT8 -> ((byte[]) a)[k] & 0xFF;
            case FLOAT16, BFLOAT16 -> t.toLongArray()[i];
        };
    }

    /** A row-major host copy in the array type {@code t}'s dtype is stored in (16-bit floats as their bits). */
    private static Object hostCopy(Tensor t) {
        return t.backend().toHost(t);
    }

    /** The backing array when {@code t} is a contiguous CPU tensor of {@code dtype}, else null. */
    private static @Nullable Object directArray(Tensor t, DType dtype) {
        if (t.dtype() == dtype && t.storage() instanceof CpuStorage s && t.isContiguous()) {
            return s.array();
        }
        return null;
    }
}
