package dev.synapse.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bytes a launch passes: scalars as C stores them, struct Dims and struct View as common.cuh lays them out. */
class KernelArgsTest {
    @Test
    void structsAreLaidOutAsCommonCuhDeclaresThem() {
        assertEquals(72, KernelArgs.STRUCT_BYTES, "8 int64 and an int rank padded to 8; an int64 offset and 8 strides");
        try (KernelArgs args = new KernelArgs(Kernel.FILL)) {
            args.i32(9)
                    .dims(new long[] {2, 3, 5})
                    .view(7, new long[] {15, 5, 1})
                    .ptr(0xABC0L)
                    .f64(-0.5)
                    .i64(30);
            List<MemorySegment> v = args.values();
            assertEquals(9, v.get(0).get(ValueLayout.JAVA_INT, 0));
            MemorySegment dims = v.get(1);
            assertEquals(72, dims.byteSize());
            assertEquals(2, dims.get(ValueLayout.JAVA_LONG, 0));
            assertEquals(3, dims.get(ValueLayout.JAVA_LONG, 8));
            assertEquals(5, dims.get(ValueLayout.JAVA_LONG, 16));
            assertEquals(0, dims.get(ValueLayout.JAVA_LONG, 24), "sizes beyond the rank are 0");
            assertEquals(3, dims.get(ValueLayout.JAVA_INT, 64), "the rank after the 8 sizes");
            MemorySegment view = v.get(2);
            assertEquals(7, view.get(ValueLayout.JAVA_LONG, 0), "the offset first");
            assertEquals(15, view.get(ValueLayout.JAVA_LONG, 8));
            assertEquals(5, view.get(ValueLayout.JAVA_LONG, 16));
            assertEquals(1, view.get(ValueLayout.JAVA_LONG, 24));
            assertEquals(0xABC0L, v.get(3).get(ValueLayout.JAVA_LONG, 0));
            assertEquals(-0.5, v.get(4).get(ValueLayout.JAVA_DOUBLE, 0));
            assertEquals(30, v.get(5).get(ValueLayout.JAVA_LONG, 0));
            MemorySegment pointers = args.pointers();
            for (int i = 0; i < v.size(); i++) {
                assertEquals(
                        v.get(i).address(),
                        pointers.getAtIndex(ValueLayout.ADDRESS, i).address());
            }
        }
    }

    @Test
    void anArgumentOfTheWrongKindOrCountIsRefusedNamingTheKernel() {
        try (KernelArgs args = new KernelArgs(Kernel.FILL)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> args.f64(1));
            assertTrue(
                    e.getMessage().startsWith("kernel fill: argument 0 is a F64 but the kernel takes [I32, DIMS"),
                    e.getMessage());
            args.i32(0);
            IllegalStateException few = assertThrows(IllegalStateException.class, args::pointers);
            assertTrue(few.getMessage().contains("1 arguments given, it takes 6"), few.getMessage());
        }
    }

    @Test
    void unsignedKeyWordsKeepTheirBits() {
        try (KernelArgs args = new KernelArgs(Kernel.RANDOM)) {
            long key = 0xF00D_CAFE_1234_5678L;
            args.i32(0).i32(0).f64(0).f64(1).u32((int) key).u32((int) (key >>> 32));
            assertEquals(0x1234_5678, args.values().get(4).get(ValueLayout.JAVA_INT, 0));
            assertEquals(0xF00D_CAFE, args.values().get(5).get(ValueLayout.JAVA_INT, 0));
        }
    }
}
