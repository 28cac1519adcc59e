package dev.synapse.tensor;

/**
 * Conversions between float32 and the 16-bit float formats, element by element: float16 as {@link
 * Float#floatToFloat16} (IEEE binary16), bfloat16 as the upper half of a float32 rounded to nearest even, as
 * PyTorch's {@code c10::BFloat16} and TensorFlow's {@code tf.bfloat16} do.
 */
public final class HalfFloats {
    private HalfFloats() {}

    /** The float16 bits nearest to {@code f} (ties to even; overflow gives infinity, NaN stays NaN). */
    public static short toFloat16(float f) {
        return Float.floatToFloat16(f);
    }

    /** The float32 value of float16 bits (exact). */
    public static float fromFloat16(short bits) {
        return Float.float16ToFloat(bits);
    }

    /**
     * The bfloat16 bits nearest to {@code f}: the upper 16 bits of its float32 pattern, rounded to nearest even on the
     * lower 16. A NaN keeps its sign and upper payload with the quiet bit set, so that truncating a NaN whose payload
     * sits in the low bits cannot make it an infinity.
     */
    public static short toBFloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        // Adding 0x7FFF plus the lowest kept bit rounds ties to even; a carry into the exponent rounds up to the next
        // binade, and past the largest finite value to infinity, as IEEE rounding does.
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** The float32 value of bfloat16 bits (exact). */
    public static float fromBFloat16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** {@code f} rounded to {@code dtype} (float16 or bfloat16) and back: the value a half tensor would hold. */
    public static float round(float f, DType dtype) {
        return switch (dtype) {
            case FLOAT16 -> fromFloat16(toFloat16(f));
            case BFLOAT16 -> fromBFloat16(toBFloat16(f));
            default -> throw new IllegalArgumentException("round: expected float16 or bfloat16, got " + dtype);
        };
    }
}
