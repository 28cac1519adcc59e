package dev.synapse.interop.torch;

import dev.synapse.io.CorruptFileException;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Tensors to and from little-endian storage bytes, including torch's strided views of a storage. */
final class TensorBytes {
    private TensorBytes() {}

    /**
     * The tensor of {@code size} whose element at index i sits at storage element {@code offset + sum(i_k *
     * stride_k)}; the caller has checked that every such element lies inside {@code storage}.
     */
    static Tensor gather(byte[] storage, DType dtype, long offset, int[] size, long[] stride, String where)
            throws CorruptFileException {
        long count = 1;
        for (int d : size) {
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new CorruptFileException(where + ": a tensor of more than 2^31 elements is not supported");
            }
        }
        int n = (int) count;
        int width = dtype.byteSize();
        ByteBuffer src = ByteBuffer.wrap(storage).order(ByteOrder.LITTLE_ENDIAN);
        Object array = newArray(dtype, n);
        int[] index = new int[size.length];
        long at = offset;
        for (int i = 0; i < n; i++) {
            int byteAt = Math.toIntExact(at * width);
            switch (dtype) {
                case FLOAT32 -> ((float[]) array)[i] = src.getFloat(byteAt);
                case FLOAT64 -> ((double[]) array)[i] = src.getDouble(byteAt);
                case INT32 -> ((int[]) array)[i] = src.getInt(byteAt);
                case INT64 -> ((long[]) array)[i] = src.getLong(byteAt);
                case FLOAT16, BFLOAT16, INT16 -> ((short[]) array)[i] = src.getShort(byteAt);
                case INT8, UINT8 -> ((byte[]) array)[i] = src.get(byteAt);
                case BOOL -> {
                    byte x = src.get(byteAt);
                    if (x != 0 && x != 1) {
                        throw new CorruptFileException(where + ": bool tensor holds byte " + x + " (expected 0 or 1)");
                    }
                    ((boolean[]) array)[i] = x == 1;
                }
            }
            // Advance the multi-index (last axis fastest) and the storage position with it.
            for (int k = size.length - 1; k >= 0; k--) {
                if (++index[k] < size[k]) {
                    at += stride[k];
                    break;
                }
                at -= (long) (size[k] - 1) * stride[k];
                index[k] = 0;
            }
        }
        return Tensor.wrap(array, dtype, size);
    }

    /** The tensor's elements, row-major, as little-endian bytes. */
    static byte[] toBytes(Tensor t) {
        int n = Math.toIntExact(t.size());
        Tensor dense = t.contiguous();
        ByteBuffer bb =
                ByteBuffer.allocate(Math.multiplyExact(n, t.dtype().byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case FLOAT32 -> bb.asFloatBuffer().put(t.toFloatArray());
            case FLOAT64 -> bb.asDoubleBuffer().put(t.toDoubleArray());
            case INT32 -> bb.asIntBuffer().put(t.toIntArray());
            case INT64 -> bb.asLongBuffer().put(t.toLongArray());
            // The stored forms: half floats as their bits, small integers as themselves.
            case FLOAT16, BFLOAT16, INT16 ->
                bb.asShortBuffer().put((short[]) dense.backend().toHost(dense));
            case INT8, UINT8 -> bb.put((byte[]) dense.backend().toHost(dense));
            case BOOL -> {
                for (boolean x : t.toBooleanArray()) {
                    bb.put((byte) (x ? 1 : 0));
                }
            }
        }
        return bb.array();
    }

    private static Object newArray(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
            case FLOAT16, BFLOAT16, INT16 -> new short[n];
            case INT8, UINT8 -> new byte[n];
            case BOOL -> new boolean[n];
        };
    }
}
