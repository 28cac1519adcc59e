package dev.synapse.cuda;

import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.ReduceOp;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;

/**
 * The numbers by which the kernels know dtypes and operations: the table of {@code cuda/src/main/cuda/codes.cuh},
 * which {@code KernelCodesTest} compares with this one. Exhaustive switches, so a new dtype or op fails to compile
 * until it has a code (and a kernel case).
 */
final class KernelCodes {
    static final int UNIFORM = 0;
    static final int NORMAL = 1;
    static final int TRUNCATED_NORMAL = 2;
    static final int BERNOULLI = 3;

    private KernelCodes() {}

    static int dtype(DType t) {
        return switch (t) {
            case FLOAT32 -> 0;
            case FLOAT64 -> 1;
            case FLOAT16 -> 2;
            case BFLOAT16 -> 3;
            case INT64 -> 4;
            case INT32 -> 5;
            case INT16 -> 6;
            case INT8 -> 7;
            case UINT8 -> 8;
            case BOOL -> 9;
        };
    }

    /** Bytes per element on the device: as the emulated device stores them, a bool in one byte. */
    static int bytes(DType t) {
        return switch (t) {
            case FLOAT64, INT64 -> 8;
            case FLOAT32, INT32 -> 4;
            case FLOAT16, BFLOAT16, INT16 -> 2;
            case INT8, UINT8, BOOL -> 1;
        };
    }

    static int unary(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case ABS -> 1;
            case SIGN -> 2;
            case SQUARE -> 3;
            case SQRT -> 4;
            case RSQRT -> 5;
            case EXP -> 6;
            case LOG -> 7;
            case LOG1P -> 8;
            case EXPM1 -> 9;
            case RECIPROCAL -> 10;
            case SIN -> 11;
            case COS -> 12;
            case TANH -> 13;
            case SIGMOID -> 14;
            case ERF -> 15;
            case FLOOR -> 16;
            case CEIL -> 17;
            case ROUND -> 18;
            case RELU -> 19;
            case LEAKY_RELU -> 20;
            case ELU -> 21;
            case SELU -> 22;
            case GELU -> 23;
            case SOFTPLUS -> 24;
            case SOFTSIGN -> 25;
            case SILU -> 26;
            case HARD_SIGMOID -> 27;
            case CLAMP -> 28;
            case POW_SCALAR -> 29;
            case NOT -> 30;
        };
    }

    static int binary(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case POW -> 4;
            case MAXIMUM -> 5;
            case MINIMUM -> 6;
            case EQ -> 7;
            case NE -> 8;
            case LT -> 9;
            case LE -> 10;
            case GT -> 11;
            case GE -> 12;
            case AND -> 13;
            case OR -> 14;
            case XOR -> 15;
            case RELU_GRAD -> 16;
        };
    }

    static int reduce(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case PROD -> 1;
            case MAX -> 2;
            case MIN -> 3;
        };
    }
}
