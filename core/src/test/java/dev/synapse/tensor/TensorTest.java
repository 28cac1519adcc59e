package dev.synapse.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.internal.TensorAccess;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void creation() {
        assertArrayEquals(new float[] {0, 0, 0, 0}, Tensor.zeros(2, 2).toFloatArray());
        assertArrayEquals(new float[] {7, 7}, Tensor.full(7, 2).toFloatArray());
        assertArrayEquals(
                new float[] {2, 2.5f, 3, 3.5f}, Tensor.arange(2, 4, 0.5).toFloatArray());
        assertArrayEquals(
                new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 1}, Tensor.eye(2).toFloatArray());
        assertEquals(DType.INT64, Tensor.arange(0, 3, 1, DType.INT64).dtype());
    }

    @Test
    void factoriesRejectNegativeDimensionsNamingTheShape() {
        java.util.List<org.junit.jupiter.api.function.Executable> factories = java.util.List.of(
                () -> Tensor.zeros(-1, 3),
                () -> Tensor.zeros(DType.INT64, 2, -3),
                () -> Tensor.ones(-1, 3),
                () -> Tensor.full(2.0, -1, 3),
                () -> Tensor.empty(DType.FLOAT64, Device.CPU, -1, 3),
                () -> Tensor.randn(-1, 3),
                () -> Tensor.bernoulli(0.5, -1, 3),
                () -> Tensor.wrap(new float[0], 0, -1),
                () -> Shape.of(-1, 3));
        for (var f : factories) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, f);
            assertTrue(e.getMessage().contains("negative dimension"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(-1, 3))
                .getMessage()
                .contains("(-1, 3)"));
        // A zero-size axis before the negative one must not hide it.
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0, -2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.eye(-1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).expand(-2));
        Tensor base = Tensor.zeros(4);
        assertThrows(
                IllegalArgumentException.class,
                () -> TensorAccess.get().view(base.storage(), new int[] {-1}, new long[] {1}, 0));
    }

    @Test
    void viewsThatReachOutsideTheirStorageAreRejected() {
        Tensor base = Tensor.zeros(4);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> TensorAccess.get().view(base.storage(), new int[] {5}, new long[] {1}, 0));
        assertTrue(e.getMessage().contains("(5,)") && e.getMessage().contains("storage of 4 elements"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> TensorAccess.get().view(base.storage(), new int[] {2}, new long[] {-1}, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> TensorAccess.get().view(base.storage(), new int[] {2, 2}, new long[] {2, 1}, 1));
        // In bounds: a reversed view, a broadcast and an empty view at the end.
        assertArrayEquals(
                new int[] {4},
                TensorAccess.get()
                        .view(base.storage(), new int[] {4}, new long[] {-1}, 3)
                        .dims());
        assertArrayEquals(
                new int[] {3, 4},
                TensorAccess.get()
                        .view(base.storage(), new int[] {3, 4}, new long[] {0, 1}, 0)
                        .dims());
        assertArrayEquals(
                new int[] {0},
                TensorAccess.get()
                        .view(base.storage(), new int[] {0}, new long[] {1}, 4)
                        .dims());
    }

    @Test
    void elementCountsThatOverflowAreRejected() {
        // On the CPU, whose Java arrays hold fewer than 2^31 elements; a device would allocate 16 GiB.
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.empty(DType.FLOAT32, Device.CPU, 65536, 65536));
        assertTrue(
                e.getMessage().contains("(65536, 65536)") && e.getMessage().contains("4294967296 elements"),
                e.getMessage());
        // 2^32 * 2^32 * 2 wraps an int to 0 and a long past 2^63: neither may pass.
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1 << 16, 1 << 16, 1 << 16, 1 << 16, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.eye(65536));
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1e10, 1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, Double.POSITIVE_INFINITY, 1));
    }

    @Test
    void allocationBeyondTheHeapSaysWhatWasAskedFor() {
        int n = JavaArrays.MAX_LENGTH / 8 * 8;
        long bytes = (long) n * 8;
        org.junit.jupiter.api.Assumptions.assumeTrue(
                bytes > Runtime.getRuntime().maxMemory(), "the heap is large enough to hold the test's request");
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> Tensor.zeros(DType.FLOAT64, n / 8, 8));
        TensorAllocationError t = assertInstanceOf(TensorAllocationError.class, e);
        assertEquals(DType.FLOAT64, t.dtype());
        assertArrayEquals(new int[] {n / 8, 8}, t.shape());
        String m = e.getMessage();
        assertTrue(
                m.contains("float64")
                        && m.contains(Shape.format(new int[] {n / 8, 8}))
                        && m.contains(n + " elements")
                        && m.contains(bytes + " bytes")
                        && m.contains("-Xmx"),
                m);
        assertThrows(TensorAllocationError.class, () -> Tensor.randn(n / 8, 8));
        assertThrows(TensorAllocationError.class, () -> Tensor.linspace(0, 1, n));
    }

    @Test
    void javaArraysOfAnyRankRoundTrip() {
        int[][][] a = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}};
        Tensor t = Tensor.fromArray(a);
        assertEquals(DType.INT32, t.dtype());
        assertArrayEquals(new int[] {2, 2, 2}, t.dims());
        assertArrayEquals(a, (int[][][]) t.toArray());
        double[][] d = {{1.5, 2.5}};
        assertArrayEquals(d, (double[][]) Tensor.fromArray(d).toArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromArray(new float[][] {{1}, {1, 2}}));
    }

    @Test
    void seededDrawsRepeat() {
        Synapse.setSeed(1);
        float[] a = Tensor.randn(100).toFloatArray();
        Synapse.setSeed(1);
        float[] b = Tensor.randn(100).toFloatArray();
        assertArrayEquals(a, b);
    }

    @Test
    void randomDistributionsHaveTheirMoments() {
        Generator g = new Generator(123);
        double[] n = Tensor.normal(2, 3, g, 100_000).toDoubleArray();
        assertEquals(2.0, mean(n), 0.05);
        assertEquals(3.0, std(n), 0.05);
        double[] u = Tensor.uniform(-1, 1, g, 100_000).toDoubleArray();
        assertEquals(0.0, mean(u), 0.01);
        assertEquals(Math.sqrt(4.0 / 12), std(u), 0.01);
        double[] t = Tensor.truncatedNormal(0, 1, g, 100_000).toDoubleArray();
        for (double v : t) {
            assertTrue(Math.abs(v) <= 2.0);
        }
        // std of a standard normal truncated at +-2: 0.8796
        assertEquals(0.8796, std(t), 0.01);
        boolean[] b = Tensor.bernoulli(0.3, g, 100_000).toBooleanArray();
        int ones = 0;
        for (boolean v : b) {
            ones += v ? 1 : 0;
        }
        assertEquals(0.3, ones / 100_000.0, 0.01);
    }

    @Test
    void itemNeedsOneElement() {
        assertEquals(3.0, Tensor.scalar(3).item(), 0.0);
        var e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).item());
        assertTrue(e.getMessage().contains("(2,)"), e.getMessage());
    }

    @Test
    void castsConvert() {
        Tensor x = Tensor.of(1.7f, -1.7f);
        assertArrayEquals(new int[] {1, -1}, x.to(DType.INT32).toIntArray());
        assertArrayEquals(new boolean[] {true, false}, Tensor.of(2, 0).toBooleanArray());
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }
}
