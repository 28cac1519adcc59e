package dev.synapse.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 16- and 8-bit dtypes: promotion against {@code torch.promote_types}/{@code torch.result_type}, conversions
 * (float16 as IEEE binary16, bfloat16 rounded to nearest even), integer wrapping as PyTorch's uint8/int8 arithmetic,
 * casts between every pair of dtypes, and reading values back.
 */
class DTypeTest {
    private static final DType F16 = DType.FLOAT16;
    private static final DType BF16 = DType.BFLOAT16;
    private static final DType F32 = DType.FLOAT32;
    private static final DType F64 = DType.FLOAT64;
    private static final DType U8 = DType.UINT8;
    private static final DType I8 = DType.INT8;
    private static final DType I16 = DType.INT16;
    private static final DType I32 = DType.INT32;
    private static final DType I64 = DType.INT64;
    private static final DType B = DType.BOOL;

    /** Rows of {@code torch.promote_types(a, b)} as PyTorch 2.x prints them. */
    private static final List<DType[]> PROMOTIONS = List.of(
            new DType[] {U8, I8, I16},
            new DType[] {U8, I16, I16},
            new DType[] {U8, I32, I32},
            new DType[] {U8, I64, I64},
            new DType[] {I8, I16, I16},
            new DType[] {I8, I64, I64},
            new DType[] {I16, I32, I32},
            new DType[] {F16, BF16, F32},
            new DType[] {F16, F32, F32},
            new DType[] {BF16, F32, F32},
            new DType[] {BF16, F64, F64},
            new DType[] {F16, F64, F64},
            new DType[] {I64, F16, F16},
            new DType[] {U8, BF16, BF16},
            new DType[] {I8, F16, F16},
            new DType[] {I32, F32, F32},
            new DType[] {I64, F32, F32},
            new DType[] {B, U8, U8},
            new DType[] {B, I8, I8},
            new DType[] {B, F16, F16},
            new DType[] {B, BF16, BF16},
            new DType[] {B, B, B},
            new DType[] {U8, U8, U8},
            new DType[] {F16, F16, F16});

    @Test
    void promotionFollowsPyTorchAndIsSymmetric() {
        for (DType[] row : PROMOTIONS) {
            assertEquals(row[2], DType.promote(row[0], row[1]), row[0] + " with " + row[1]);
            assertEquals(row[2], DType.promote(row[1], row[0]), row[1] + " with " + row[0]);
        }
    }

    @Test
    void binaryOpsTakeThePromotedDtype() {
        for (DType[] row : PROMOTIONS) {
            Tensor a = Tensor.ones(row[0], 2);
            Tensor b = Tensor.ones(row[1], 2);
            assertEquals(row[2], a.add(b).dtype(), row[0] + " + " + row[1]);
        }
        // uint8 200 plus int8 -1 is 199 in int16, not a wrapped byte.
        Tensor u = Tensor.fromArray(new int[] {200, 7}, U8);
        Tensor s = Tensor.fromArray(new int[] {-1, -7}, I8);
        assertArrayEquals(new int[] {199, 0}, u.add(s).toIntArray());
    }

    @Test
    void javaScalarsDoNotPromoteTheTensorsCategory() {
        // torch.result_type(tensor, python scalar): the scalar only lifts the category (int to float, bool to int).
        assertEquals(U8, Tensor.ones(U8, 2).add(5).dtype());
        assertEquals(I8, Tensor.ones(I8, 2).mul(3).dtype());
        assertEquals(F16, Tensor.ones(F16, 2).mul(2.5).dtype());
        assertEquals(BF16, Tensor.ones(BF16, 2).add(1e10).dtype());
        assertEquals(F32, Tensor.ones(U8, 2).add(0.5).dtype());
        assertEquals(I64, Tensor.ones(B, 2).add(1).dtype());
    }

    @Test
    void smallIntegersWrapAsPyTorchAndDivisionGivesFloats() {
        Tensor u = Tensor.fromArray(new int[] {250, 3, 200}, U8);
        assertArrayEquals(
                new int[] {4, 13, 210},
                u.add(Tensor.fromArray(new int[] {10, 10, 10}, U8)).toIntArray());
        assertArrayEquals(new int[] {240, 249, 190}, u.sub(10).toIntArray());
        assertArrayEquals(new int[] {244, 6, 144}, u.mul(2).toIntArray());
        assertArrayEquals(new int[] {6, 253, 56}, u.neg().toIntArray());
        Tensor i8 = Tensor.fromArray(new int[] {100, -128, 7}, I8);
        assertArrayEquals(new int[] {-56, 0, 14}, i8.add(i8).toIntArray());
        assertArrayEquals(new int[] {100, -128, 7}, i8.abs().toIntArray());
        Tensor q = u.div(Tensor.fromArray(new int[] {4, 2, 3}, U8));
        assertEquals(F32, q.dtype());
        assertArrayEquals(new float[] {62.5f, 1.5f, 200f / 3f}, q.toFloatArray());
        assertEquals(I64, u.sum().dtype());
        assertEquals(453, u.sum().item());
        assertArrayEquals(
                new boolean[] {true, false, true},
                u.gt(Tensor.fromArray(new int[] {-1, 5, 0}, I8)).toBooleanArray());
    }

    @Test
    void float16ConvertsAsIeeeBinary16() {
        Tensor t = Tensor.of(1f / 3f, 65504f, 65520f, 1e-8f, -0f, Float.NaN, 6.1035156e-5f, 5.9604645e-8f)
                .to(F16);
        float[] back = t.toFloatArray();
        assertEquals(0.333251953125f, back[0]);
        assertEquals(65504f, back[1]);
        // Halfway between the largest float16 and the next power of two: ties to even, which is infinity.
        assertEquals(Float.POSITIVE_INFINITY, back[2]);
        assertEquals(0f, back[3]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(back[4]));
        assertTrue(Float.isNaN(back[5]));
        assertEquals(6.1035156e-5f, back[6]);
        assertEquals(5.9604645e-8f, back[7]);
        assertArrayEquals(
                new short[] {0x3555, 0x7BFF},
                new short[] {HalfFloats.toFloat16(1f / 3f), HalfFloats.toFloat16(65504f)});
    }

    @Test
    void bfloat16RoundsTheUpperHalfToNearestEven() {
        assertEquals((short) 0x3EAB, HalfFloats.toBFloat16(1f / 3f)); // 0x3EAAAAAB: low half above the tie, up
        assertEquals((short) 0x3F80, HalfFloats.toBFloat16(Float.intBitsToFloat(0x3F808000))); // tie, even stays
        assertEquals((short) 0x3F82, HalfFloats.toBFloat16(Float.intBitsToFloat(0x3F818000))); // tie, odd rounds up
        assertEquals((short) 0x7F80, HalfFloats.toBFloat16(Float.MAX_VALUE)); // rounds past the largest: infinity
        assertEquals((short) 0xFF80, HalfFloats.toBFloat16(Float.NEGATIVE_INFINITY));
        // A NaN whose payload is only in the low bits would truncate to infinity: it stays NaN.
        assertTrue(Float.isNaN(HalfFloats.fromBFloat16(HalfFloats.toBFloat16(Float.intBitsToFloat(0x7F800001)))));
        assertTrue(Float.isNaN(HalfFloats.fromBFloat16(HalfFloats.toBFloat16(Float.intBitsToFloat(0xFF800001)))));
        float[] back = Tensor.of(1f / 3f, 1e38f, -2.5f).to(BF16).toFloatArray();
        assertArrayEquals(new float[] {0.333984375f, Float.intBitsToFloat(0x7E960000), -2.5f}, back);
    }

    @Test
    void castsBetweenEveryPairKeepRepresentableValues() {
        // 0, 1, 2 and 100 are exact in every numeric dtype: every cast chain must keep them.
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                if (from == B || to == B) {
                    continue;
                }
                Tensor t = Tensor.of(0.0, 1.0, 2.0, 100.0).to(from).to(to);
                assertEquals(to, t.dtype());
                assertArrayEquals(new double[] {0, 1, 2, 100}, t.toDoubleArray(), from + " to " + to);
            }
            Tensor flags = Tensor.of(0.0, 3.0).to(from).to(B);
            assertArrayEquals(new boolean[] {false, true}, flags.toBooleanArray(), from + " to bool");
            assertArrayEquals(
                    new double[] {1, 0}, Tensor.of(true, false).to(from).toDoubleArray(), "bool to " + from);
        }
        // Out of range: floats to uint8 wrap through int64 as a C cast; int8 to uint8 keeps the bits.
        assertArrayEquals(new int[] {255, 44}, Tensor.of(-1.0, 300.0).to(U8).toIntArray());
        assertArrayEquals(
                new int[] {255, 128}, Tensor.of(-1, -128).to(I8).to(U8).toIntArray());
        assertArrayEquals(
                new byte[] {-1, -128}, Tensor.of(-1, -128).to(I8).to(U8).toByteArray());
    }

    @Test
    void valuesReadBackAsNumbers() {
        assertEquals(200.0, Tensor.fromArray(new int[] {200}, U8).item());
        assertEquals(0.333251953125, Tensor.scalar(1.0 / 3, F16).item());
        assertEquals(-3.0, Tensor.full(-3, BF16, 2, 2).getDouble(1, 1));
        Object nested = Tensor.fromArray(new float[][] {{0.5f, 1.25f}}, BF16).toArray();
        assertArrayEquals(new float[] {0.5f, 1.25f}, ((float[][]) nested)[0]);
        Object pixels = Tensor.wrap(new byte[] {(byte) 255, 3}, U8, 2).toArray();
        assertArrayEquals(new int[] {255, 3}, (int[]) pixels);
        // The stored form: float16 bits in a short[], as torch.frombuffer reads them.
        Tensor bits = Tensor.wrap(new short[] {0x3C00, (short) 0xC000}, F16, 2);
        assertArrayEquals(new float[] {1f, -2f}, bits.toFloatArray());
        assertEquals(I16, Tensor.fromArray(new short[] {1, 2}).dtype());
        assertEquals(I8, Tensor.fromArray(new byte[] {1, 2}).dtype());
    }

    @Test
    void wrongStorageArrayIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new float[] {1f}, F16, 1));
        assertTrue(e.getMessage().contains("float16") && e.getMessage().contains("short[]"), e.getMessage());
    }

    @Test
    void dtypeNamesParse() {
        for (DType t : DType.values()) {
            assertEquals(t, DType.of(t.toString()));
        }
        assertEquals(2, F16.byteSize());
        assertEquals(2, BF16.byteSize());
        assertEquals(1, U8.byteSize());
        assertTrue(F16.isFloating() && BF16.isFloating() && !U8.isFloating() && U8.isInteger() && I8.isInteger());
    }
}
