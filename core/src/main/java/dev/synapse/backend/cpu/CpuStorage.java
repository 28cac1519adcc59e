package dev.synapse.backend.cpu;

import dev.synapse.backend.Storage;
import dev.synapse.internal.TensorAccess;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.JavaArrays;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import dev.synapse.tensor.TensorAllocationError;
import java.lang.reflect.Array;
import org.jspecify.annotations.Nullable;

/** CPU storage: one Java primitive array, owned by the garbage collector. */
public final class CpuStorage implements Storage {
    private final Object array;
    private final DType dtype;
    private final int size;
    // Written only by in-place updates, which need one writer per tensor anyway.
    private long version;

    CpuStorage(Object array) {
        this(array, naturalType(array));
    }

    /**
     * Storage of {@code dtype} on {@code array}, whose element type must be the one {@code dtype} is stored in: a
     * {@code short[]} holds float16, bfloat16 or int16, a {@code byte[]} int8 or uint8.
     */
    CpuStorage(Object array, DType dtype) {
        if (array.getClass().getComponentType() != JavaArrays.storageType(dtype)) {
            throw new IllegalArgumentException("CPU storage of " + dtype + " is a "
                    + JavaArrays.storageType(dtype).getSimpleName() + "[], got a "
                    + array.getClass().getSimpleName());
        }
        this.array = array;
        this.dtype = dtype;
        size = Array.getLength(array);
    }

    /** The dtype a Java array holds without being told: byte is int8 and short int16. */
    private static DType naturalType(@Nullable Object array) {
        return switch (array) {
            case float[] _ -> DType.FLOAT32;
            case double[] _ -> DType.FLOAT64;
            case int[] _ -> DType.INT32;
            case long[] _ -> DType.INT64;
            case boolean[] _ -> DType.BOOL;
            case short[] _ -> DType.INT16;
            case byte[] _ -> DType.INT8;
            case null, default ->
                throw new IllegalArgumentException(
                        "CPU storage holds float[], double[], int[], long[], short[], byte[] or boolean[], got "
                                + (array == null ? "null" : array.getClass().getSimpleName()));
        };
    }

    /** Storage for a tensor; {@code Tensor.empty} reports a heap too small for it. */
    static CpuStorage allocate(DType dtype, int size) {
        return new CpuStorage(newArray(dtype, size), dtype);
    }

    private static Object newArray(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT32 -> new float[size];
            case FLOAT64 -> new double[size];
            case INT32 -> new int[size];
            case INT64 -> new long[size];
            case BOOL -> new boolean[size];
            case FLOAT16, BFLOAT16, INT16 -> new short[size];
            case INT8, UINT8 -> new byte[size];
        };
    }

    // Kernels' own allocations (dense copies, packing and column buffers) can be as large as the tensors
    // themselves, so a heap too small for one is reported as for a tensor: what was asked for, and which -Xmx.

    /** A new zero-filled contiguous tensor for a kernel's own use (a dense copy, a converted operand). */
    static Tensor temporary(DType dtype, int[] dims) {
        try {
            return TensorAccess.get()
                    .view(
                            allocate(dtype, JavaArrays.length(dims, "CPU kernel buffer")),
                            dims,
                            Shape.contiguousStrides(dims),
                            0);
        } catch (OutOfMemoryError e) {
            throw TensorAllocationError.of(dtype, Device.CPU, dims, e);
        }
    }

    /** A new zero-filled working array of {@code size} {@code dtype} values; {@code purpose} names it in errors. */
    static Object scratch(DType dtype, int size, String purpose) {
        try {
            return newArray(dtype, size);
        } catch (OutOfMemoryError e) {
            throw TensorAllocationError.forBuffer(dtype, Device.CPU, size, purpose, e);
        }
    }

    /** {@link #scratch(DType, int, String)} as a {@code float[]}. */
    static float[] floats(int size, String purpose) {
        return (float[]) scratch(DType.FLOAT32, size, purpose);
    }

    /** {@link #scratch(DType, int, String)} as a {@code double[]}. */
    static double[] doubles(int size, String purpose) {
        return (double[]) scratch(DType.FLOAT64, size, purpose);
    }

    /** The backing array: {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}, {@code short[]}, {@code byte[]} or {@code boolean[]}. */
    public Object array() {
        return array;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public void bumpVersion() {
        version++;
    }

    /** Does nothing: the garbage collector owns Java arrays, and views may still read this one. */
    @Override
    public void release() {}

    @Override
    public boolean isReleased() {
        return false;
    }

    @Override
    public boolean releasable() {
        return false;
    }
}
