package dev.synapse.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.backend.Storage;
import dev.synapse.internal.TensorAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Counts, strides and offsets beyond 2^31, on views that need no memory. */
class LongSizesTest {
    private static final long TWO_31 = 1L << 31;

    private Device.Scope onCpu;

    @BeforeEach
    void cpuByDefault() {
        onCpu = Device.CPU.use();
    }

    @AfterEach
    void restoreDefault() {
        onCpu.close();
    }

    /** A storage that claims {@code size} elements and holds none: views check against it, nothing reads it. */
    private record Hollow(long size) implements Storage {
        @Override
        public DType dtype() {
            return DType.FLOAT32;
        }

        @Override
        public Device device() {
            return Device.of("emulated");
        }

        @Override
        public long version() {
            return 0;
        }

        @Override
        public void bumpVersion() {}

        @Override
        public void release() {}

        @Override
        public boolean isReleased() {
            return false;
        }

        @Override
        public boolean releasable() {
            return false;
        }
    }

    @Test
    void aBroadcastViewCountsBeyondTwoToThe31() {
        Tensor big = Tensor.zeros(1).expand(65536, 65536);
        assertEquals(4294967296L, big.size());
        assertEquals(4294967296L, big.shape().size());
        assertArrayEquals(new long[] {0, 0}, big.strides());
        assertEquals(0, big.offset());
        // Rows and columns past 2^31 elements in, on a view whose every element is element 0 of its storage.
        Tensor tail = big.slice(0, 40000, 65536, 1).slice(1, 65535, 65536, 1);
        assertArrayEquals(new int[] {25536, 1}, tail.dims());
        assertEquals(25536, tail.size());
        assertEquals(0.0, tail.sum().item());
        assertEquals(
                0.0, big.slice(0, 65535, 65536, 1).slice(1, 65535, 65536, 1).item());
        assertEquals(4294967296L, big.unsqueeze(0).expand(3, 65536, 65536).size() / 3);
    }

    @Test
    void slicesOfAStorageBeyondTwoToThe31HaveExactOffsets() {
        // 2^33 elements: 8 rows of 2^30.
        int cols = 1 << 30;
        Tensor big = TensorAccess.get()
                .view(new Hollow(8L * cols), new int[] {8, cols}, Shape.contiguousStrides(new int[] {8, cols}), 0);
        assertEquals(8L * cols, big.size());
        assertArrayEquals(new long[] {cols, 1}, big.strides());
        assertTrue(big.isContiguous());

        Tensor rows = big.slice(0, 5, 7, 1);
        assertEquals(5L * cols, rows.offset());
        assertEquals(2L * cols, rows.size());
        Tensor cell = rows.slice(1, cols - 3, cols, 2);
        assertEquals(5L * cols + cols - 3, cell.offset());
        assertArrayEquals(new long[] {cols, 2}, cell.strides());
        assertArrayEquals(new int[] {2, 2}, cell.dims());

        Tensor flipped = big.flip(0);
        assertEquals(7L * cols, flipped.offset());
        assertArrayEquals(new long[] {-cols, 1}, flipped.strides());
        Tensor t = big.transpose(0, 1);
        assertArrayEquals(new long[] {1, cols}, t.strides());
        assertEquals(8L * cols * 2, big.unsqueeze(0).expand(2, 8, cols).size());
        Tensor reshaped = big.reshape(2, 4, cols);
        assertArrayEquals(new long[] {4L * cols, cols, 1}, reshaped.strides());
        assertEquals(6L * cols, reshaped.slice(0, 1, 2, 1).slice(1, 2, 3, 1).offset());

        // One axis stays an int: an inferred axis of 2^33 is refused, naming the shape.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> big.reshape(-1));
        assertTrue(
                e.getMessage().contains("8589934592")
                        && e.getMessage().contains(big.shape().toString()),
                e.getMessage());
    }

    @Test
    void viewsBeyondTheirLongStorageAreRejected() {
        Storage s = new Hollow(3L << 31);
        long[] strides = {TWO_31, 1};
        // Rows 0..2 of 2^31 elements fit exactly; one more element does not.
        assertEquals(3 * TWO_31 - 1, Shape.reach(new int[] {3, 1 << 30}, strides, TWO_31 - (1 << 30))[1]);
        TensorAccess.get().view(s, new int[] {3, 2}, strides, TWO_31 - 2);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TensorAccess.get().view(s, new int[] {3, 2}, strides, TWO_31 - 1));
        assertTrue(e.getMessage().contains("reaches elements " + (TWO_31 - 1) + " to " + (3 * TWO_31)), e.getMessage());
        // A stride whose span overflows a long is refused, not wrapped into range.
        assertThrows(
                IllegalArgumentException.class,
                () -> TensorAccess.get().view(s, new int[] {3}, new long[] {Long.MAX_VALUE / 2 + 1}, 0));
    }

    @Test
    void theCpuRefusesMoreThanAJavaArrayHolds() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Tensor.empty(DType.INT8, Device.CPU, 65536, 32768));
        String m = e.getMessage();
        assertTrue(
                m.contains("(65536, 32768)")
                        && m.contains("2147483648 elements")
                        && m.contains(String.valueOf(JavaArrays.MAX_LENGTH))
                        && m.contains("device backend holds more"),
                m);
        assertThrows(
                IllegalArgumentException.class,
                () -> dev.synapse.backend.Backends.get(Device.CPU).allocate(DType.INT8, TWO_31));
        assertEquals(
                JavaArrays.MAX_LENGTH,
                dev.synapse.backend.Backends.get(Device.CPU).maxElements());
    }

    @Test
    void aCpuKernelRefusesABroadcastViewBeyondItsArraysNamingIt() {
        Tensor big = Tensor.ones(1).expand(65536, 65536);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, big::sum);
        String m = e.getMessage();
        assertTrue(m.contains("reduce") && m.contains("(65536, 65536)") && m.contains("4294967296 elements"), m);
    }

    @Test
    void elementCountsBeyondALongAreRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Shape.numel(new int[] {1 << 30, 1 << 30, 1 << 30}));
        assertTrue(e.getMessage().contains("1237940039285380274899124224"), e.getMessage());
        assertEquals(0, Shape.numel(new int[] {1 << 30, 1 << 30, 1 << 30, 0}));
        assertEquals(Shape.MAX_ELEMENTS, Shape.numel(new int[] {1 << 30, 1 << 30, 1}));
        assertThrows(IllegalArgumentException.class, () -> Shape.numel(new int[] {1 << 30, 1 << 30, 2}));
    }
}
