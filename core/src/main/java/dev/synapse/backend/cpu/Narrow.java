package dev.synapse.backend.cpu;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.HalfFloats;
import dev.synapse.tensor.Tensor;

/**
 * The 16- and 8-bit types (float16, bfloat16, int16, int8, uint8): their element conversions, and the widening that
 * lets every kernel accept them. A kernel never computes in a narrow type: {@link CpuBackend} hands it copies of the
 * narrow operands in their compute type (float32 for the half types, int32 for the integers), and the output is
 * computed in that type and rounded (or wrapped, for integers as PyTorch's uint8 and int8 arithmetic) once into the
 * narrow output.
 */
final class Narrow {
    private Narrow() {}

    /** True for the types stored in a {@code short[]} or {@code byte[]}. */
    static boolean is(DType t) {
        return switch (t) {
            case FLOAT16, BFLOAT16, INT16, INT8, UINT8 -> true;
            case FLOAT32, FLOAT64, INT32, INT64, BOOL -> false;
        };
    }

    /** The type kernels compute a narrow type in: float32 for the halves, int32 for the integers. */
    static DType compute(DType t) {
        return switch (t) {
            case FLOAT16, BFLOAT16 -> DType.FLOAT32;
            case INT16, INT8, UINT8 -> DType.INT32;
            case FLOAT32, FLOAT64, INT32, INT64, BOOL -> t;
        };
    }

    /** {@code t} itself, or a contiguous copy in its compute type when it is narrow (values are exact there). */
    static Tensor widened(Tensor t) {
        if (!is(t.dtype())) {
            return t;
        }
        Tensor w = CpuStorage.temporary(compute(t.dtype()), t.dims());
        CopyKernels.copy(t, w);
        return w;
    }

    /** Writes the compute-type result {@code wide} into the narrow output {@code out}, rounding once. */
    static void narrowInto(Tensor wide, Tensor out) {
        if (wide != out) {
            CopyKernels.copy(wide, out);
        }
    }

    static double getDouble(Object a, DType t, int i) {
        return switch (t) {
            case FLOAT16 -> HalfFloats.fromFloat16(((short[]) a)[i]);
            case BFLOAT16 -> HalfFloats.fromBFloat16(((short[]) a)[i]);
            case INT16 -> ((short[]) a)[i];
            case INT8 -> ((byte[]) a)[i];
            case UINT8 -> ((byte[]) a)[i] & 0xFF;
            case FLOAT32, FLOAT64, INT32, INT64, BOOL -> throw notNarrow(t);
        };
    }

    /** The stored bits of {@code v} converted to {@code t}, as the int the short or byte is cut from. */
    static int bits(DType t, double v) {
        return switch (t) {
            case FLOAT16 -> HalfFloats.toFloat16((float) v);
            case BFLOAT16 -> HalfFloats.toBFloat16((float) v);
            // Through long, as a C cast to int64 and then to the narrow type: out-of-range values wrap.
            case INT16, INT8, UINT8 -> (int) (long) v;
            case FLOAT32, FLOAT64, INT32, INT64, BOOL -> throw notNarrow(t);
        };
    }

    static void setDouble(Object a, DType t, int i, double v) {
        switch (t) {
            case FLOAT16, BFLOAT16, INT16 -> ((short[]) a)[i] = (short) bits(t, v);
            case INT8, UINT8 -> ((byte[]) a)[i] = (byte) bits(t, v);
            case FLOAT32, FLOAT64, INT32, INT64, BOOL -> throw notNarrow(t);
        }
    }

    static void readDoubles(Object s, DType st, int so, int ss, double[] buf, int n) {
        for (int i = 0; i < n; i++) {
            buf[i] = getDouble(s, st, so + i * ss);
        }
    }

    static void writeDoubles(double[] buf, Object d, DType dt, int dO, int ds, int n) {
        for (int i = 0; i < n; i++) {
            setDouble(d, dt, dO + i * ds, buf[i]);
        }
    }

    static void readLongs(Object s, DType st, int so, int ss, long[] buf, int n) {
        switch (st) {
            case INT16 -> {
                short[] a = (short[]) s;
                for (int i = 0; i < n; i++) {
                    buf[i] = a[so + i * ss];
                }
            }
            case INT8 -> {
                byte[] a = (byte[]) s;
                for (int i = 0; i < n; i++) {
                    buf[i] = a[so + i * ss];
                }
            }
            case UINT8 -> {
                byte[] a = (byte[]) s;
                for (int i = 0; i < n; i++) {
                    buf[i] = a[so + i * ss] & 0xFF;
                }
            }
            case FLOAT16, BFLOAT16, FLOAT32, FLOAT64, INT32, INT64, BOOL -> throw notNarrow(st);
        }
    }

    static void writeLongs(long[] buf, Object d, DType dt, int dO, int ds, int n) {
        switch (dt) {
            case INT16 -> {
                short[] b = (short[]) d;
                for (int i = 0; i < n; i++) {
                    b[dO + i * ds] = (short) buf[i];
                }
            }
            case INT8, UINT8 -> {
                byte[] b = (byte[]) d;
                for (int i = 0; i < n; i++) {
                    b[dO + i * ds] = (byte) buf[i];
                }
            }
            case FLOAT16, BFLOAT16, FLOAT32, FLOAT64, INT32, INT64, BOOL -> throw notNarrow(dt);
        }
    }

    /** The error of a kernel reached by a narrow type that should have been widened first. */
    static IllegalStateException notWidened(DType t) {
        return new IllegalStateException(
                "a CPU kernel got " + t + " operands; CpuBackend widens them to " + compute(t) + " before calling it");
    }

    private static IllegalStateException notNarrow(DType t) {
        return new IllegalStateException("Narrow: " + t + " is not a 16- or 8-bit type");
    }
}
