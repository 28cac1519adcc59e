package dev.synapse.cuda;

import dev.synapse.tensor.DType;

/**
 * The types kernels compute in, as on the CPU: float16 and bfloat16 widen to float32, int16, int8 and uint8 to int32,
 * and a result is rounded (or, for integers, wrapped) once into the narrow output.
 */
final class Widening {
    private Widening() {}

    static boolean narrow(DType t) {
        return switch (t) {
            case FLOAT16, BFLOAT16, INT16, INT8, UINT8 -> true;
            case FLOAT32, FLOAT64, INT32, INT64, BOOL -> false;
        };
    }

    static DType wide(DType t) {
        return switch (t) {
            case FLOAT16, BFLOAT16 -> DType.FLOAT32;
            case INT16, INT8, UINT8 -> DType.INT32;
            case FLOAT32, FLOAT64, INT32, INT64, BOOL -> t;
        };
    }
}
