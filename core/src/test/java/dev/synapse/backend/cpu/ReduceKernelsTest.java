package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.backend.ReduceOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reduction layouts (whole, rows, columns, middle axis, general, strided) against a plain double loop. */
class ReduceKernelsTest {
    private static final Random RNG = new Random(3);

    /** Reference: accumulate in double over the reference offsets. */
    private static double[] reference(ReduceOp op, Tensor x, int[] axes) {
        int[] dims = x.dims();
        int[] outShape = dims.clone();
        for (int a : axes) {
            outShape[a] = 1;
        }
        int[] os = java.util.Arrays.stream(Shape.contiguousStrides(outShape))
                .mapToInt(Math::toIntExact)
                .toArray();
        for (int a : axes) {
            os[a] = 0;
        }
        int[] oi = Strided.offsets(dims, os, 0);
        int[] xo = Strided.offsets(x);
        double[] acc = new double[Math.toIntExact(Shape.numel(outShape))];
        java.util.Arrays.fill(
                acc,
                switch (op) {
                    case SUM -> 0.0;
                    case PROD -> 1.0;
                    case MAX -> Double.NEGATIVE_INFINITY;
                    case MIN -> Double.POSITIVE_INFINITY;
                });
        Object a = Elements.array(x);
        for (int i = 0; i < xo.length; i++) {
            double v = Elements.getDouble(a, x.dtype(), xo[i]);
            int k = oi[i];
            acc[k] = switch (op) {
                case SUM -> acc[k] + v;
                case PROD -> acc[k] * v;
                case MAX -> Math.max(acc[k], v);
                case MIN -> Math.min(acc[k], v);
            };
        }
        return acc;
    }

    private static void check(ReduceOp op, Tensor x, int... axes) {
        int[] outShape = x.dims();
        for (int a : axes) {
            outShape[a] = 1;
        }
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        ReduceKernels.reduce(op, x, axes, out);
        double[] want = reference(op, x, axes);
        double[] got = out.toDoubleArray();
        double tol = x.dtype() == DType.FLOAT32 ? 1e-5 : 1e-12;
        for (int i = 0; i < want.length; i++) {
            double w = x.dtype() == DType.FLOAT32 ? (float) want[i] : want[i];
            assertEquals(
                    w,
                    got[i],
                    tol * Math.max(1, Math.abs(w)),
                    op + " of " + x.shape() + " over " + java.util.Arrays.toString(axes) + " at " + i);
        }
    }

    private static Tensor rnd(DType dt, int... shape) {
        double[] v = new double[Math.toIntExact(Shape.numel(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = RNG.nextGaussian();
        }
        return Tensor.wrap(v, shape).to(dt);
    }

    @Test
    void everyLayoutMatchesTheReference() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (ReduceOp op : ReduceOp.values()) {
                for (int n : new int[] {1, 7, 16, 17, 1000, 70001}) {
                    check(op, rnd(dt, n), 0);
                }
                check(op, rnd(dt, 13, 37), 1);
                check(op, rnd(dt, 13, 37), 0);
                check(op, rnd(dt, 13, 37), 0, 1);
                check(op, rnd(dt, 300, 2100), 0);
                // Tall and narrow (a bias gradient over a batch's pixels): the rows split between threads.
                check(op, rnd(dt, 6001, 24), 0);
                check(op, rnd(dt, 2001, 5, 13), 0, 1);
                check(op, rnd(dt, 5, 9, 33), 1);
                check(op, rnd(dt, 5, 9, 33), 0, 2);
                check(op, rnd(dt, 4, 5, 6, 7), 1, 3);
                check(op, rnd(dt, 6, 1, 7), 1);
                check(op, rnd(dt, 37, 13).t(), 1);
                check(op, rnd(dt, 37, 13).t(), 0);
                check(op, rnd(dt, 4, 40).slice(1, 0, 40, 3), 1);
                check(op, rnd(dt, 3, 1).expand(3, 50), 0);
            }
        }
    }

    @Test
    void aMillionFloatOnesSumExactlyAlongEveryLayout() {
        Tensor ones = Tensor.ones(1_000_000);
        Tensor all = Tensor.zeros(1);
        ReduceKernels.reduce(ReduceOp.SUM, ones, new int[] {0}, all);
        assertEquals(1_000_000f, all.toFloatArray()[0]);
        Tensor cols = Tensor.zeros(1, 4);
        ReduceKernels.reduce(ReduceOp.SUM, Tensor.ones(1_000_000, 4), new int[] {0}, cols);
        assertArrayEquals(new float[] {1e6f, 1e6f, 1e6f, 1e6f}, cols.toFloatArray());
        Tensor rows = Tensor.zeros(2, 1);
        ReduceKernels.reduce(ReduceOp.SUM, Tensor.ones(2, 1_000_000), new int[] {1}, rows);
        assertArrayEquals(new float[] {1e6f, 1e6f}, rows.toFloatArray());
        // 0.1 a million times: a naive float sum drifts by ~1e-3 relative; blocked stays within 2e-6 (the
        // order in which a block's lanes are added differs between JIT tiers: 100000.094 cold, 100000.102 hot).
        Tensor tenths = Tensor.full(0.1, 1_000_000);
        ReduceKernels.reduce(ReduceOp.SUM, tenths, new int[] {0}, all);
        assertEquals(100000.0, all.toFloatArray()[0], 0.2);
    }

    @Test
    void maxAndMinPropagateNaN() {
        float[] v = new float[100];
        v[57] = Float.NaN;
        Tensor out = Tensor.zeros(1);
        ReduceKernels.reduce(ReduceOp.MAX, Tensor.of(v), new int[] {0}, out);
        assertTrue(Float.isNaN(out.toFloatArray()[0]));
        Tensor cols = Tensor.zeros(1, 50);
        ReduceKernels.reduce(ReduceOp.MIN, Tensor.of(v).reshape(2, 50), new int[] {0}, cols);
        assertTrue(Float.isNaN(cols.toFloatArray()[7]));
    }

    @Test
    void integerReductionsAreExact() {
        long big = (1L << 60) + 1;
        Tensor x = Tensor.of(big, 1L, 2L, big);
        Tensor out = Tensor.zeros(DType.INT64, 1);
        ReduceKernels.reduce(ReduceOp.SUM, x, new int[] {0}, out);
        assertEquals(2 * big + 3, out.toLongArray()[0]);
        ReduceKernels.reduce(ReduceOp.MAX, x, new int[] {0}, out);
        assertEquals(big, out.toLongArray()[0]);
        Tensor am = Tensor.zeros(DType.INT64, 1);
        ReduceKernels.argReduce(true, Tensor.of(big - 1, big, 3L), 0, am);
        assertEquals(1L, am.toLongArray()[0]);
    }

    @Test
    void argmaxAndArgminTakeTheFirstOnTiesAndNaN() {
        Tensor x = Tensor.of(1f, 3f, 3f, 0f, 0f, 2f).reshape(2, 3);
        Tensor rows = Tensor.zeros(DType.INT64, 2, 1);
        ReduceKernels.argReduce(true, x, 1, rows);
        assertArrayEquals(new long[] {1, 2}, rows.toLongArray());
        Tensor cols = Tensor.zeros(DType.INT64, 1, 3);
        ReduceKernels.argReduce(false, x, 0, cols);
        assertArrayEquals(new long[] {1, 1, 1}, cols.toLongArray());
        Tensor tcols = Tensor.zeros(DType.INT64, 1, 2);
        ReduceKernels.argReduce(true, x.t(), 0, tcols);
        assertArrayEquals(new long[] {1, 2}, tcols.toLongArray());
        Tensor nan = Tensor.zeros(DType.INT64, 1);
        ReduceKernels.argReduce(true, Tensor.of(1f, Float.NaN, 5f, Float.NaN), 0, nan);
        assertEquals(1L, nan.toLongArray()[0]);
        Tensor big = Tensor.zeros(DType.INT64, 1);
        float[] v = new float[5000];
        v[4321] = 9f;
        ReduceKernels.argReduce(true, Tensor.of(v), 0, big);
        assertEquals(4321L, big.toLongArray()[0]);
    }
}
