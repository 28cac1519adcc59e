package dev.synapse.tensor;

/**
 * Element type of a tensor, as {@code torch.dtype} or {@code tf.DType}.
 *
 * <p>{@link #FLOAT32} is the workhorse; {@link #FLOAT64} serves gradient checks and precision work;
 * {@link #INT32} and {@link #INT64} hold labels and indices; {@link #BOOL} holds masks.
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
    BOOL(1, "bool");

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

    /** True for float32 and float64: the types that can carry gradients. */
    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** True for int32 and int64. */
    public boolean isInteger() {
        return this == INT32 || this == INT64;
    }

    /**
     * The type both operands of a binary op are converted to, following NumPy's promotion order
     * bool &lt; int32 &lt; int64 &lt; float32 &lt; float64.
     */
    public static DType promote(DType a, DType b) {
        return a.ordinalRank() >= b.ordinalRank() ? a : b;
    }

    private int ordinalRank() {
        return switch (this) {
            case BOOL -> 0;
            case INT32 -> 1;
            case INT64 -> 2;
            case FLOAT32 -> 3;
            case FLOAT64 -> 4;
        };
    }

    /** Parses a NumPy/Keras name such as {@code "float32"}. */
    public static DType of(String name) {
        for (DType t : values()) {
            if (t.displayName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "unknown dtype '" + name + "'; expected one of float32, float64, int32, int64, bool");
    }

    @Override
    public String toString() {
        return displayName;
    }
}
