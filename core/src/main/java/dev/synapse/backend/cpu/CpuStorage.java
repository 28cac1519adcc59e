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
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * CPU storage: one Java primitive array. Arrays the backend allocated for a tensor go back to its {@link ArrayPool}
 * when a memory scope releases the storage; arrays adopted from the caller ({@code fromHost}) belong to the caller and
 * to the garbage collector, and release leaves them alone.
 */
public final class CpuStorage implements Storage {
    private @Nullable Object array;
    private final DType dtype;
    private final int size;
    /** Whether the array came from the pool's allocator and goes back to it at {@link #release()}. */
    private final boolean pooled;

    private volatile boolean released;
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
        this(array, dtype, false);
    }

    private CpuStorage(Object array, DType dtype, boolean pooled) {
        if (array.getClass().getComponentType() != JavaArrays.storageType(dtype)) {
            throw new IllegalArgumentException("CPU storage of " + dtype + " is a "
                    + JavaArrays.storageType(dtype).getSimpleName() + "[], got a "
                    + array.getClass().getSimpleName());
        }
        this.array = array;
        this.dtype = dtype;
        this.pooled = pooled;
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

    /**
     * Storage for a tensor: an array released by an earlier step when one of this size is kept (zeroed when {@code
     * zeroed}, else as its last tensor left it), otherwise a new, zero-filled one. A heap too small for it is first
     * relieved of the kept arrays; {@code Tensor.empty} reports it if that is not enough.
     */
    static CpuStorage allocate(DType dtype, int size, boolean zeroed) {
        if (size < ArrayPool.MIN_ELEMENTS) {
            return new CpuStorage(newArray(dtype, size), dtype);
        }
        Object reused = ArrayPool.SHARED.take(dtype, size);
        if (reused != null) {
            if (zeroed) {
                zero(reused, size);
            }
            return new CpuStorage(reused, dtype, true);
        }
        try {
            return new CpuStorage(newArray(dtype, size), dtype, true);
        } catch (OutOfMemoryError e) {
            ArrayPool.SHARED.clear();
            return new CpuStorage(newArray(dtype, size), dtype, true);
        }
    }

    /** Zeroes a reused array, in parallel: a step's large tensors are megabytes each. */
    private static void zero(Object a, int size) {
        Parallel.forRange(size, 1 << 18, (from, to) -> {
            switch (a) {
                case float[] f -> Arrays.fill(f, from, to, 0f);
                case double[] d -> Arrays.fill(d, from, to, 0d);
                case int[] i -> Arrays.fill(i, from, to, 0);
                case long[] l -> Arrays.fill(l, from, to, 0L);
                case short[] s -> Arrays.fill(s, from, to, (short) 0);
                case byte[] b -> Arrays.fill(b, from, to, (byte) 0);
                case boolean[] b -> Arrays.fill(b, from, to, false);
                default -> throw new IllegalStateException("not a storage array: " + a.getClass());
            }
        });
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
                            allocate(dtype, JavaArrays.length(dims, "CPU kernel buffer"), true),
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

    /**
     * The backing array: {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}, {@code short[]}, {@code
     * byte[]} or {@code boolean[]}.
     *
     * @throws IllegalStateException when the storage was released: its array may hold another tensor by now
     */
    public Object array() {
        Object a = array;
        if (a == null) {
            throw new IllegalStateException("a CPU tensor's storage (" + size + " " + dtype + " elements) was "
                    + "released: it was allocated inside a training step or MemoryScope, which gives its tensors' "
                    + "memory back when it ends. To use a tensor after its step, keep it where it is created "
                    + "(scope.keep(t) for the enclosing scope, t.keep() for good), or copy what you need out of it "
                    + "inside the step");
        }
        return a;
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

    /**
     * Gives an array the backend allocated back to its pool, for the next tensor of the same size; afterwards every
     * read of this storage fails. Does nothing for an array adopted from the caller. Idempotent.
     */
    @Override
    public synchronized void release() {
        Object a = array;
        if (!pooled || a == null) {
            return;
        }
        released = true;
        array = null;
        ArrayPool.SHARED.give(dtype, a);
    }

    @Override
    public boolean isReleased() {
        return released;
    }

    /** True for arrays the backend allocated (of at least {@link ArrayPool#MIN_ELEMENTS}); false for adopted ones. */
    @Override
    public boolean releasable() {
        return pooled;
    }
}
