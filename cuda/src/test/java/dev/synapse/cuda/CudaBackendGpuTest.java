package dev.synapse.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.backend.ArgReduceOp;
import dev.synapse.backend.Backend;
import dev.synapse.backend.Backends;
import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.MemoryStats;
import dev.synapse.backend.RandomDraw;
import dev.synapse.backend.ReduceOp;
import dev.synapse.backend.UnaryFunction;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Each kernel of the CUDA backend against the CPU backend, the reference: the same inputs (strided, broadcast, with
 * NaN and infinities where the function has a rule for them), the CPU's result, and a tolerance per dtype that a
 * wrong formula would exceed. Exact where both compute exactly (copies, casts, selections, integer ops, Philox bits).
 */
@Gpu
class CudaBackendGpuTest {
    private static final Device GPU = Device.cuda(0);
    private final Backend cpu = Backends.get(Device.CPU);
    private final SplittableRandom random = new SplittableRandom(42);

    private Backend gpu() {
        return Backends.get(GPU);
    }

    /** A CPU tensor of the given dtype with values in [-3, 3) (integers: -20..20), and some specials in floats. */
    private Tensor sample(DType dtype, int... dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = dtype.isFloating() ? random.nextDouble(-3, 3) : random.nextInt(-20, 21);
        }
        if (dtype.isFloating() && n > 8) {
            v[1] = Double.NaN;
            v[3] = Double.POSITIVE_INFINITY;
            v[5] = Double.NEGATIVE_INFINITY;
            v[7] = -0.0;
        }
        return Tensor.fromArray(v).reshape(dims).to(dtype);
    }

    private static double[] values(Tensor t) {
        Tensor c = t.to(Device.CPU).to(DType.FLOAT64);
        return (double[]) Backends.get(Device.CPU).toHost(c);
    }

    private static void assertClose(Tensor expected, Tensor actual, double rel, String what) {
        double[] e = values(expected);
        double[] a = values(actual);
        assertEquals(e.length, a.length, what);
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) || Double.isInfinite(e[i])) {
                assertEquals(e[i], a[i], what + " element " + i);
            } else {
                double tol = rel * Math.max(1.0, Math.abs(e[i]));
                assertEquals(e[i], a[i], tol, what + " element " + i);
            }
        }
    }

    @Test
    void everyDtypeRoundTripsAndCastsAsOnTheCpu() {
        for (DType from : DType.values()) {
            Tensor x =
                    sample(DType.FLOAT64, 5, 7).mul(from == DType.BOOL ? 1 : 40).to(from);
            Tensor g = x.to(GPU);
            assertArrayEquals(values(x), values(g), "round trip " + from);
            for (DType to : DType.values()) {
                // A strided view (transposed) through the copy kernel with a cast.
                Tensor expected = x.transpose(0, 1).to(to);
                Tensor actual = g.transpose(0, 1).to(to);
                assertArrayEquals(values(expected), values(actual), from + " to " + to);
            }
        }
    }

    @Test
    void fillAndBroadcastCopiesIntoViews() {
        for (DType t : List.of(DType.FLOAT32, DType.INT64, DType.FLOAT16, DType.BOOL)) {
            Tensor c = Tensor.zeros(t, 4, 6);
            Tensor g = c.to(GPU);
            c.slice(1, 1, 5, 2).fill(2.5);
            g.slice(1, 1, 5, 2).fill(2.5);
            assertArrayEquals(values(c), values(g), "fill " + t);
        }
    }

    @Test
    void unaryFunctionsMatchTheCpu() {
        List<UnaryFunction> fs = new java.util.ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            switch (op) {
                case LEAKY_RELU -> fs.add(new UnaryFunction.LeakyRelu(0.2));
                case ELU -> fs.add(new UnaryFunction.Elu(1.5));
                case CLAMP -> fs.add(new UnaryFunction.Clamp(-1, 0.5));
                case POW_SCALAR -> fs.add(new UnaryFunction.PowScalar(3));
                case NOT -> {}
                default -> fs.add(UnaryFunction.of(op));
            }
        }
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16)) {
            Tensor x = sample(t, 6, 9).transpose(0, 1);
            double rel = t == DType.FLOAT64 ? 1e-13 : t == DType.FLOAT32 ? 3e-6 : 2e-3;
            for (UnaryFunction f : fs) {
                Tensor e = Tensor.empty(t, Device.CPU, 9, 6);
                cpu.unary(f, x, e);
                Tensor a = Tensor.empty(t, GPU, 9, 6);
                gpu().unary(f, x.to(GPU), a);
                assertClose(e, a, rel, f + " " + t);
            }
        }
        for (DType t : List.of(DType.INT32, DType.INT64)) {
            Tensor x = sample(t, 4, 5);
            for (UnaryOp op : List.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN, UnaryOp.SQUARE, UnaryOp.RELU)) {
                Tensor e = Tensor.empty(t, Device.CPU, 4, 5);
                cpu.unary(UnaryFunction.of(op), x, e);
                Tensor a = Tensor.empty(t, GPU, 4, 5);
                gpu().unary(UnaryFunction.of(op), x.to(GPU), a);
                assertArrayEquals(values(e), values(a), op + " " + t);
            }
        }
    }

    @Test
    void binaryOpsBroadcastAsOnTheCpu() {
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BFLOAT16)) {
            Tensor a = sample(t, 4, 1, 5);
            Tensor b = sample(t, 3, 1).add(t.isFloating() ? 0 : 50); // no integer division by zero
            double rel = t == DType.FLOAT64 ? 1e-13 : t == DType.FLOAT32 ? 3e-6 : t == DType.BFLOAT16 ? 1e-2 : 0;
            for (BinaryOp op : BinaryOp.values()) {
                if (op == BinaryOp.AND || op == BinaryOp.OR || op == BinaryOp.XOR) {
                    continue;
                }
                DType outType = op.isComparison() ? DType.BOOL : t;
                Tensor e = Tensor.empty(outType, Device.CPU, 4, 3, 5);
                cpu.binary(op, a, b, e);
                Tensor g = Tensor.empty(outType, GPU, 4, 3, 5);
                gpu().binary(op, a.to(GPU), b.to(GPU), g);
                assertClose(e, g, rel, op + " " + t);
            }
        }
        Tensor p = sample(DType.FLOAT64, 6).gt(0);
        Tensor q = sample(DType.FLOAT64, 6).lt(0);
        for (BinaryOp op : List.of(BinaryOp.AND, BinaryOp.OR, BinaryOp.XOR)) {
            Tensor e = Tensor.empty(DType.BOOL, Device.CPU, 6);
            cpu.binary(op, p, q, e);
            Tensor g = Tensor.empty(DType.BOOL, GPU, 6);
            gpu().binary(op, p.to(GPU), q.to(GPU), g);
            assertArrayEquals(values(e), values(g), op.toString());
        }
    }

    @Test
    void whereSelectsAnyDtype() {
        Tensor cond = sample(DType.FLOAT64, 3, 4).gt(0);
        for (DType t : List.of(DType.FLOAT32, DType.INT64, DType.FLOAT16, DType.BOOL)) {
            Tensor a = sample(DType.FLOAT64, 3, 4).to(t);
            Tensor b = sample(DType.FLOAT64, 4).to(t);
            Tensor e = Tensor.empty(t, Device.CPU, 3, 4);
            cpu.where(cond, a, b, e);
            Tensor g = Tensor.empty(t, GPU, 3, 4);
            gpu().where(cond.to(GPU), a.to(GPU), b.to(GPU), g);
            assertArrayEquals(values(e), values(g), "where " + t);
        }
    }

    @Test
    void reductionsAndArgReductionsMatchTheCpu() {
        int[][] axesSets = {{0}, {1}, {2}, {0, 2}, {0, 1, 2}};
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64)) {
            Tensor x = sample(t, 5, 300, 3).permute(2, 1, 0); // strided [3, 300, 5]
            // The CPU may sum float32 in float, the GPU sums in double: they differ by the CPU's rounding.
            double rel = t == DType.FLOAT32 ? 2e-4 : t == DType.FLOAT64 ? 1e-12 : 0;
            for (ReduceOp op : ReduceOp.values()) {
                for (int[] axes : axesSets) {
                    int[] dims = x.dims().clone();
                    for (int ax : axes) {
                        dims[ax] = 1;
                    }
                    Tensor e = Tensor.empty(t, Device.CPU, dims);
                    cpu.reduce(op, x, axes, e);
                    Tensor g = Tensor.empty(t, GPU, dims);
                    gpu().reduce(op, x.to(GPU), axes, g);
                    // Products of 300 values overflow alike; sums differ only by the order of additions.
                    assertClose(
                            e,
                            g,
                            op == ReduceOp.PROD ? 1e-4 : rel,
                            op + " " + t + " " + java.util.Arrays.toString(axes));
                }
            }
            for (ArgReduceOp op : ArgReduceOp.values()) {
                for (int axis = 0; axis < 3; axis++) {
                    int[] dims = x.dims().clone();
                    dims[axis] = 1;
                    Tensor e = Tensor.empty(DType.INT64, Device.CPU, dims);
                    cpu.argReduce(op, x, axis, e);
                    Tensor g = Tensor.empty(DType.INT64, GPU, dims);
                    gpu().argReduce(op, x.to(GPU), axis, g);
                    assertArrayEquals(values(e), values(g), op + " " + t + " axis " + axis);
                }
            }
        }
    }

    @Test
    void randomDrawsGiveTheCpusValues() {
        long key = 0x5EED_0000_0000_002AL;
        List<RandomDraw> draws = List.of(
                new RandomDraw.Uniform(-1, 2, key),
                new RandomDraw.Bernoulli(0.25, key),
                new RandomDraw.Normal(0.5, 2, key),
                new RandomDraw.TruncatedNormal(0, 1, key));
        for (RandomDraw d : draws) {
            for (DType t : List.of(DType.FLOAT32, DType.FLOAT64, DType.BOOL)) {
                Tensor e = Tensor.empty(t, Device.CPU, 1000, 3);
                cpu.random(d, e);
                Tensor g = Tensor.empty(t, GPU, 1000, 3);
                gpu().random(d, g);
                if (d instanceof RandomDraw.Uniform || d instanceof RandomDraw.Bernoulli || t == DType.BOOL) {
                    assertArrayEquals(values(e), values(g), d + " " + t + ": bit for bit");
                } else {
                    // log and cos of the GPU's math library may differ from StrictMath in the last bit.
                    assertClose(e, g, 1e-13, d + " " + t);
                }
            }
        }
    }

    @Test
    void matmulMatchesTheCpuForBatchesBroadcastsAndTransposedViews() {
        for (DType t : List.of(DType.FLOAT32, DType.FLOAT64)) {
            double rel = t == DType.FLOAT32 ? 1e-5 : 1e-12;
            Tensor a = sample(DType.FLOAT64, 2, 1, 7, 33).to(t).clamp(-3, 3);
            Tensor b = sample(DType.FLOAT64, 5, 33, 6).to(t).clamp(-3, 3);
            Tensor bt = sample(DType.FLOAT64, 5, 6, 33).to(t).clamp(-3, 3).transpose(1, 2);
            for (Tensor right : List.of(b, bt)) {
                Tensor e = Tensor.empty(t, Device.CPU, 2, 5, 7, 6);
                cpu.matmul(a, right, e);
                Tensor g = Tensor.empty(t, GPU, 2, 5, 7, 6);
                gpu().matmul(a.to(GPU), right.to(GPU), g);
                assertClose(e, g, rel, "matmul " + t);
            }
            Tensor at = sample(DType.FLOAT64, 33, 7).to(t).clamp(-3, 3).transpose(0, 1);
            Tensor m = sample(DType.FLOAT64, 33, 6).to(t).clamp(-3, 3);
            Tensor e = Tensor.empty(t, Device.CPU, 7, 6);
            cpu.matmul(at, m, e);
            Tensor g = Tensor.empty(t, GPU, 7, 6);
            gpu().matmul(at.to(GPU), m.to(GPU), g);
            assertClose(e, g, rel, "matmul transposed A " + t);
        }
    }

    @Test
    void indexKernelsMatchTheCpu() {
        Tensor x = sample(DType.FLOAT32, 5, 4).clamp(-3, 3);
        Tensor idx = Tensor.fromArray(new long[] {4, 0, 0, 2});
        assertArrayEquals(values(x.indexSelect(0, idx)), values(x.to(GPU).indexSelect(0, idx.to(GPU))));
        Tensor src = sample(DType.FLOAT32, 4, 4).clamp(-3, 3);
        assertClose(
                Tensor.zeros(5, 4).indexAdd(0, idx, src),
                Tensor.zeros(5, 4).to(GPU).indexAdd(0, idx.to(GPU), src.to(GPU)),
                1e-6,
                "indexAdd");
        Tensor gi = Tensor.fromArray(new long[] {0, 3, 3, 1, 2, 0}).reshape(2, 3);
        Tensor y = x.slice(0, 0, 2);
        assertArrayEquals(values(y.gather(1, gi)), values(y.to(GPU).gather(1, gi.to(GPU))));
        Tensor s = sample(DType.FLOAT64, 2, 3).clamp(-3, 3);
        assertClose(
                Tensor.zeros(DType.FLOAT64, 2, 4).scatterAdd(1, gi, s),
                Tensor.zeros(DType.FLOAT64, 2, 4).to(GPU).scatterAdd(1, gi.to(GPU), s.to(GPU)),
                1e-12,
                "scatterAdd");
    }

    @Test
    void outOfMemoryNamesTheRequestAndTheAllocatorsFigures() {
        CudaOutOfMemoryException e =
                assertThrows(CudaOutOfMemoryException.class, () -> gpu().allocate(DType.FLOAT64, 1L << 47));
        assertTrue(
                e.getMessage().startsWith("CUDA out of memory on cuda:0: tried to allocate 1024.00 TiB"),
                e.getMessage());
        assertTrue(e.getMessage().contains("allocations"), e.getMessage());
    }

    @Test
    void memoryIsTrackedCachedAndGivenBack() {
        CudaBackend b = Cuda.backend(0);
        b.emptyCache();
        MemoryStats before = b.memoryStats();
        Tensor t = Tensor.empty(DType.FLOAT32, GPU, 1024, 1024);
        assertEquals(before.allocatedBytes() + 4L * 1024 * 1024, b.memoryStats().allocatedBytes());
        t.storage().release();
        assertEquals(before.allocatedBytes(), b.memoryStats().allocatedBytes());
        assertTrue(b.memoryStats().reservedBytes() >= 4L * 1024 * 1024, "the block stays cached");
        b.emptyCache();
        assertEquals(before.reservedBytes(), b.memoryStats().reservedBytes());
        Tensor z = Tensor.empty(DType.INT32, GPU, 1000);
        assertArrayEquals(new double[1000], values(z), "a new tensor is zero-filled");
    }

    @Test
    void notYetKernelsSaySo() {
        UnsupportedOperationException e = assertThrows(
                UnsupportedOperationException.class, () -> gpu().maxPool2d(Tensor.zeros(1), null, Tensor.zeros(1)));
        assertTrue(e.getMessage().startsWith("maxPool2d: not yet on cuda"), e.getMessage());
    }
}
