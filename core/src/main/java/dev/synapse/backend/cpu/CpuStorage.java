package dev.synapse.backend.cpu;

import dev.synapse.backend.Storage;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;

/** CPU storage: one Java primitive array, owned by the garbage collector. */
public final class CpuStorage implements Storage {
    private final Object array;
    private final DType dtype;
    private final int size;
    // Written only by in-place updates, which need one writer per tensor anyway.
    private long version;

    CpuStorage(Object array) {
        this.array = array;
        if (array instanceof float[] a) {
            dtype = DType.FLOAT32;
            size = a.length;
        } else if (array instanceof double[] a) {
            dtype = DType.FLOAT64;
            size = a.length;
        } else if (array instanceof int[] a) {
            dtype = DType.INT32;
            size = a.length;
        } else if (array instanceof long[] a) {
            dtype = DType.INT64;
            size = a.length;
        } else if (array instanceof boolean[] a) {
            dtype = DType.BOOL;
            size = a.length;
        } else {
            throw new IllegalArgumentException("CPU storage holds float[], double[], int[], long[] or boolean[], got "
                    + (array == null ? "null" : array.getClass().getSimpleName()));
        }
    }

    static CpuStorage allocate(DType dtype, int size) {
        return new CpuStorage(switch (dtype) {
            case FLOAT32 -> new float[size];
            case FLOAT64 -> new double[size];
            case INT32 -> new int[size];
            case INT64 -> new long[size];
            case BOOL -> new boolean[size];
        });
    }

    /** The backing array: {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]} or {@code boolean[]}. */
    public Object array() {
        return array;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int size() {
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
}
