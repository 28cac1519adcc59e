package dev.synapse.tensor;

/**
 * Element type of a tensor, as {@code torch.dtype} or {@code tf.DType}.
 *
 * <p>{@link #FLOAT32} is the workhorse; {@link #FLOAT64} serves gradient checks and precision work; {@link #FLOAT16}
 * and {@link #BFLOAT16} hold half-precision activations and weights (mixed precision, files); {@link #INT32} and
 * {@link #INT64} hold labels and indices; {@link #UINT8}, {@link #INT8} and {@link #INT16} hold images and
 * quantized values; {@link #BOOL} holds masks.
 *
 * <p>On the CPU the half types are stored as their 16 bits in a {@code short[]} and computed in float32: each kernel
 * converts its half operands to float32, runs the float32 kernel and rounds the result once. The small integer types
 * are computed in int32 and wrap when written back, as PyTorch's uint8/int8 arithmetic does.
 */
public enum DType {
    /** 32-bit IEEE float, stored in a {@code float[]}. */
    FLOAT32(4, "float32"),
    /** 64-bit IEEE float, stored in a {@code double[]}. */
    FLOAT64(8, "float64"),
    /** 32-bit signed integer, stored in an {@code int[]}. */
    INT32(4, "int32"),
    /** 64-bit signed integer, stored in a {@code long[]}. */
    INT64(8, "int64"),
    /** Boolean, stored in a {@code boolean[]}. */
    BOOL(1, "bool"),
    /**
     * IEEE 754 binary16 ({@code torch.float16}): 5 exponent and 10 fraction bits, stored as bits in a {@code
     * short[]}; converted as {@link Float#floatToFloat16} (round to nearest even).
     */
    FLOAT16(2, "float16"),
    /**
     * Brain float ({@code torch.bfloat16}): the upper 16 bits of a float32 (8 exponent, 7 fraction bits), stored in
     * a {@code short[]}; converted by rounding to nearest even, NaN staying NaN.
     */
    BFLOAT16(2, "bfloat16"),
    /** 8-bit signed integer ({@code torch.int8}), stored in a {@code byte[]}. */
    INT8(1, "int8"),
    /** 8-bit unsigned integer ({@code torch.uint8}, images), stored in a {@code byte[]} and read as 0..255. */
    UINT8(1, "uint8"),
    /** 16-bit signed integer ({@code torch.int16}), stored in a {@code short[]}. */
    INT16(2, "int16");

    private final int byteSize;
    private final String displayName;

    DType(int byteSize, String displayName) {
        this.byteSize = byteSize;
        this.displayName = displayName;
    }

    /** Bytes per element in files and on devices. */
    public int byteSize() {
        return byteSize;
    }

    /** True for the floating types float16, bfloat16, float32 and float64: the types that can carry gradients. */
    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16;
    }

    /** True for the integer types uint8, int8, int16, int32 and int64 (not bool). */
    public boolean isInteger() {
        return this == INT32 || this == INT64 || this == INT8 || this == UINT8 || this == INT16;
    }

    /** True for float16 and bfloat16, which the CPU computes in float32. */
    public boolean isHalf() {
        return this == FLOAT16 || this == BFLOAT16;
    }

    /**
     * The type both operands of a binary op are converted to, as {@code torch.promote_types}: bool &lt; integers &lt;
     * floats by category; within the integers the wider type, and uint8 with int8 gives int16 (the narrowest type
     * holding both ranges); within the floats the wider type, and float16 with bfloat16 gives float32 (neither holds
     * the other). An integer with a half type gives the half type, as in PyTorch.
     */
    public static DType promote(DType a, DType b) {
        if (a == b || b == BOOL) {
            return a;
        }
        if (a == BOOL) {
            return b;
        }
        if (a.isFloating() != b.isFloating()) {
            return a.isFloating() ? a : b;
        }
        if (a.isFloating()) {
            if (a.isHalf() && b.isHalf()) {
                return FLOAT32;
            }
            return a.rank() >= b.rank() ? a : b;
        }
        if (a == UINT8 || b == UINT8) {
            DType signed = a == UINT8 ? b : a;
            return signed == INT8 ? INT16 : signed;
        }
        return a.rank() >= b.rank() ? a : b;
    }

    /** Width order within a category (uint8 is handled apart: it does not fit in int8). */
    private int rank() {
        return switch (this) {
            case BOOL -> 0;
            case INT8, UINT8 -> 1;
            case INT16 -> 2;
            case INT32 -> 3;
            case INT64 -> 4;
            case FLOAT16, BFLOAT16 -> 5;
            case FLOAT32 -> 6;
            case FLOAT64 -> 7;
        };
    }

    /** Parses a NumPy/Keras name such as {@code "float32"} or {@code "bfloat16"}. */
    public static DType of(String name) {
        for (DType t : values()) {
            if (t.displayName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + name
                + "'; expected one of float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool");
    }

    @Override
    public String toString() {
        return displayName;
    }
}
