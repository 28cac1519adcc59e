package dev.synapse.backend.cpu;

import dev.synapse.tensor.DType;

/** Reads and writes single elements of any CPU array as double or long: for the general kernel paths. */
final class Elements {
    private Elements() {}

    static double getDouble(Object a, DType t, int i) {
        return switch (t) {
            case FLOAT32 -> ((float[]) a)[i];
            case FLOAT64 -> ((double[]) a)[i];
            case INT32 -> ((int[]) a)[i];
            case INT64 -> ((long[]) a)[i];
            case BOOL -> ((boolean[]) a)[i] ? 1.0 : 0.0;
            case FLOAT16, BFLOAT16, INT16, INT8, UINT8 -> Narrow.getDouble(a, t, i);
        };
    }

    static long getLong(Object a, DType t, int i) {
        return switch (t) {
            case FLOAT32 -> (long) ((float[]) a)[i];
            case FLOAT64 -> (long) ((double[]) a)[i];
            case INT32 -> ((int[]) a)[i];
            case INT64 -> ((long[]) a)[i];
            case BOOL -> ((boolean[]) a)[i] ? 1L : 0L;
            case FLOAT16, BFLOAT16, INT16, INT8, UINT8 -> (long) Narrow.getDouble(a, t, i);
        };
    }

    static void setDouble(Object a, DType t, int i, double v) {
        switch (t) {
            case FLOAT32 -> ((float[]) a)[i] = (float) v;
            case FLOAT64 -> ((double[]) a)[i] = v;
            case INT32 -> ((int[]) a)[i] = (int) v;
            case INT64 -> ((long[]) a)[i] = (long) v;
            case BOOL -> ((boolean[]) a)[i] = v != 0.0;
            case FLOAT16, BFLOAT16, INT16, INT8, UINT8 -> Narrow.setDouble(a, t, i, v);
        }
    }

    static void setLong(Object a, DType t, int i, long v) {
        switch (t) {
            case FLOAT32 -> ((float[]) a)[i] = v;
            case FLOAT64 -> ((double[]) a)[i] = v;
            case INT32 -> ((int[]) a)[i] = (int) v;
            case INT64 -> ((long[]) a)[i] = v;
            case BOOL -> ((boolean[]) a)[i] = v != 0L;
            case FLOAT16, BFLOAT16 -> Narrow.setDouble(a, t, i, v);
            case INT16 -> ((short[]) a)[i] = (short) v;
            case INT8, UINT8 -> ((byte[]) a)[i] = (byte) v;
        }
    }

    /** The Java array behind a CPU tensor; a tensor of another device fails here, before any kernel reads it. */
    static Object array(dev.synapse.tensor.Tensor t) {
        if (!(t.storage() instanceof CpuStorage s)) {
            throw new IllegalArgumentException("a CPU kernel got a tensor of shape " + t.shape() + " on " + t.device()
                    + ": move it with .to(Device.CPU) first, or run the op on " + t.device());
        }
        return s.array();
    }
}
