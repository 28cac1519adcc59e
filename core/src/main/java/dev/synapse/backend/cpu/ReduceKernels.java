package dev.synapse.backend.cpu;

import dev.synapse.backend.ReduceOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;

/**
 * Reductions over any set of axes, and argmax/argmin along one axis.
 *
 * <p>The input is coalesced against the keep-dims output ({@link StridedLoop}), which leaves
 * alternating kept and reduced axes. The layouts of training get vector loops: everything into one
 * value, the last axis ({@code [R, L] -> [R]}: softmax and logsumexp rows) and leading or middle
 * axes ({@code [A, K, M] -> [A, M]}: a bias gradient summed over the batch). Other layouts take a
 * general walk that reads runs into a block and combines them in double (or long).
 *
 * <p>Float32 sums are blocked: up to {@link FloatReduceLoops#SUM_BLOCK} elements add up in float lanes, and the
 * block totals add up in double, so the error does not grow with the length (a million ones sum
 * to exactly a million). Integer and bool inputs reduce in long arithmetic. MAX and MIN propagate
 * NaN.
 */
final class ReduceKernels {
    /** Columns per parallel unit of a column reduction. */
    private static final int COLUMNS = 1024;
    /** Elements per block of a whole-tensor reduction; the blocks' results combine in a fixed order. */
    private static final int FULL_BLOCK = 1 << 16;

    private ReduceKernels() {}

    static void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        if (out.size() == 0) {
            return;
        }
        int[] dims = x.dims();
        // Out has x's rank with 1 on reduced axes: aligned to x's shape, its strides are 0 there.
        StridedLoop loop = StridedLoop.of(
                dims,
                new int[] {Strided.offset(x), Strided.offset(out)},
                Strided.strides(x),
                Strided.broadcastStrides(out, dims));
        DType t = x.dtype();
        if (x.size() == 0) {
            fillInit(op, out);
            return;
        }
        if ((t == DType.FLOAT32 || t == DType.FLOAT64) && op != ReduceOp.PROD && fast(op, x, loop, out)) {
            return;
        }
        if (!x.isContiguous() && (t == DType.FLOAT32 || t == DType.FLOAT64) && op != ReduceOp.PROD) {
            // A contiguous copy turns any view into one of the fast layouts.
            Tensor c = ElementwiseKernels.converted(x, t);
            StridedLoop cl = StridedLoop.of(
                    dims, new int[] {0, Strided.offset(out)}, Strided.strides(c), Strided.broadcastStrides(out, dims));
            if (fast(op, c, cl, out)) {
                return;
            }
        }
        general(op, x, loop, out);
    }

    private static void fillInit(ReduceOp op, Tensor out) {
        double init = switch (op) {
            case SUM -> 0.0;
            case PROD -> 1.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
        CopyKernels.fill(
                out,
                out.dtype().isFloating()
                        ? init
                        : op == ReduceOp.MAX ? Long.MIN_VALUE : op == ReduceOp.MIN ? Long.MAX_VALUE : init);
    }

    /** The vector layouts; false when {@code loop} is none of them. */
    private static boolean fast(ReduceOp op, Tensor x, StridedLoop loop, Tensor out) {
        int r = loop.rank();
        if (loop.innerStride(0) != 1 && !(r == 1 && loop.dim(0) == 1)) {
            return false;
        }
        boolean lastReduced = loop.innerStride(1) == 0;
        Object xa = Elements.array(x);
        Object oa = Elements.array(out);
        if (r == 1 && lastReduced) {
            whole(op, xa, loop.offset(0), loop.dim(0), oa, loop.offset(1));
            return true;
        }
        if (r == 2 && lastReduced && loop.stride(0, 0) == loop.dim(1)) {
            rows(op, xa, loop.offset(0), loop.dim(0), loop.dim(1), oa, loop.offset(1), loop.stride(1, 0));
            return true;
        }
        if (r == 1 && !lastReduced) {
            // Nothing reduced (every reduced axis had size 1): a copy.
            CopyKernels.copy(x, out);
            return true;
        }
        // [K, M] or [A, K, M] with M kept and contiguous, K reduced, A kept.
        boolean km = r == 2
                && !lastReduced
                && loop.stride(1, 0) == 0
                && loop.stride(0, 0) == loop.dim(1)
                && loop.innerStride(1) == 1;
        boolean akm = r == 3
                && !lastReduced
                && loop.stride(1, 1) == 0
                && loop.stride(1, 0) == loop.dim(2)
                && loop.innerStride(1) == 1
                && loop.stride(0, 1) == loop.dim(2)
                && loop.stride(0, 0) == loop.dim(1) * loop.dim(2);
        if (km || akm) {
            int a = km ? 1 : loop.dim(0);
            int k = loop.dim(r - 2);
            int m = loop.dim(r - 1);
            columns(op, xa, loop.offset(0), a, k, m, oa, loop.offset(1));
            return true;
        }
        return false;
    }

    // ---- whole tensor --------------------------------------------------------------------------

    private static void whole(ReduceOp op, Object xa, int xo, int n, Object oa, int oo) {
        int blocks = (n + FULL_BLOCK - 1) / FULL_BLOCK;
        double[] part = new double[blocks];
        Parallel.forRange(blocks, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int from = b * FULL_BLOCK;
                int len = Math.min(FULL_BLOCK, n - from);
                part[b] = xa instanceof float[] f
                        ? FloatReduceLoops.run(op, f, xo + from, len)
                        : DoubleReduceLoops.run(op, (double[]) xa, xo + from, len);
            }
        });
        double acc = part[0];
        for (int b = 1; b < blocks; b++) {
            acc = combine(op, acc, part[b]);
        }
        store(oa, oo, acc);
    }

    private static double combine(ReduceOp op, double acc, double v) {
        return switch (op) {
            case SUM -> acc + v;
            case PROD -> acc * v;
            case MAX -> Double.isNaN(acc) || Double.isNaN(v) ? Double.NaN : Math.max(acc, v);
            case MIN -> Double.isNaN(acc) || Double.isNaN(v) ? Double.NaN : Math.min(acc, v);
        };
    }

    private static void store(Object oa, int oo, double v) {
        if (oa instanceof float[] f) {
            f[oo] = (float) v;
        } else {
            ((double[]) oa)[oo] = v;
        }
    }

    // ---- rows: [R, L] -> [R] -------------------------------------------------------------------

    private static void rows(ReduceOp op, Object xa, int xo, int rows, int len, Object oa, int oo, int os) {
        int grain = Math.max(1, StridedLoop.GRAIN / len);
        Parallel.forRange(rows, grain, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int from = xo + r * len;
                double v = xa instanceof float[] f
                        ? FloatReduceLoops.run(op, f, from, len)
                        : DoubleReduceLoops.run(op, (double[]) xa, from, len);
                store(oa, oo + r * os, v);
            }
        });
    }

    // ---- columns: [A, K, M] -> [A, M] ----------------------------------------------------------

    private static void columns(ReduceOp op, Object xa, int xo, int a, int k, int m, Object oa, int oo) {
        int chunks = (m + COLUMNS - 1) / COLUMNS;
        int units = a * chunks;
        if (units == 1 && Parallel.threads() > 1 && (long) k * m >= 4L * StridedLoop.GRAIN) {
            tallColumns(op, xa, xo, k, m, oa, oo);
            return;
        }
        int grain = Math.max(1, StridedLoop.GRAIN / Math.max(1, k * Math.min(m, COLUMNS)));
        Parallel.forRange(units, grain, (u0, u1) -> {
            for (int u = u0; u < u1; u++) {
                int ai = u / chunks;
                int j0 = (u % chunks) * COLUMNS;
                int w = Math.min(COLUMNS, m - j0);
                int base = xo + ai * k * m + j0;
                int outBase = oo + ai * m + j0;
                if (xa instanceof float[] f) {
                    FloatReduceLoops.columns(op, f, base, k, m, w, (float[]) oa, outBase);
                } else {
                    DoubleReduceLoops.columns(op, (double[]) xa, base, k, m, w, (double[]) oa, outBase);
                }
            }
        });
    }

    /**
     * {@link #columns} of one tall block ({@code [K, M] -> [M]} with few columns: a bias's gradient over every pixel
     * of a batch): the rows are split between the threads, each reduces its share into its own row of partial
     * results, and those are combined in order.
     */
    private static void tallColumns(ReduceOp op, Object xa, int xo, int k, int m, Object oa, int oo) {
        combinedParts(
                op,
                k,
                m,
                Parallel.parts(k, 1),
                (k0, k1, row) -> {
                    if (xa instanceof float[] f) {
                        float[] o = new float[m];
                        FloatReduceLoops.columns(op, f, xo + k0 * m, k1 - k0, m, m, o, 0);
                        for (int j = 0; j < m; j++) {
                            row[j] = o[j];
                        }
                    } else {
                        DoubleReduceLoops.columns(op, (double[]) xa, xo + k0 * m, k1 - k0, m, m, row, 0);
                    }
                },
                oa,
                oo);
    }

    /** One part's share of {@link #combinedParts}: rows {@code [k0, k1)} reduced into {@code row} (zeros on entry). */
    @FunctionalInterface
    interface PartReduction {
        void run(int k0, int k1, double[] row);
    }

    /**
     * Rows {@code [0, k)} cut into {@code parts} equal parts, each reduced in parallel into its own row of {@code m}
     * partial results, which are then combined with {@code op} in part order into {@code oa[oo, oo + m)}: the same
     * bits whichever thread ran which part.
     */
    static void combinedParts(ReduceOp op, int k, int m, int parts, PartReduction part, Object oa, int oo) {
        double[][] partial = new double[parts][];
        Parallel.forRange(parts, 1, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                double[] row = new double[m];
                part.run((int) ((long) k * p / parts), (int) ((long) k * (p + 1) / parts), row);
                partial[p] = row;
            }
        });
        for (int j = 0; j < m; j++) {
            double acc = partial[0][j];
            for (int p = 1; p < parts; p++) {
                acc = combine(op, acc, partial[p][j]);
            }
            store(oa, oo + j, acc);
        }
    }

    // ---- general layouts -----------------------------------------------------------------------

    /**
     * Any layout and dtype: walks x's runs in order, reads each run into a block (double for floats,
     * long for integers and bools) and combines it into an accumulator per output element.
     */
    private static void general(ReduceOp op, Tensor x, StridedLoop loop, Tensor out) {
        Object xa = Elements.array(x);
        if (x.dtype().isFloating()) {
            DoubleGeneralReduce.general(op, xa, loop, out);
        } else {
            LongGeneralReduce.general(op, xa, loop, out);
        }
    }

    // ---- argmax / argmin -----------------------------------------------------------------------

    /**
     * Index of the first largest (or smallest) element along {@code axis}; a NaN counts as larger
     * and smaller than everything, so the first NaN wins. Integers compare as long, exactly.
     */
    static void argReduce(boolean max, Tensor x, int axis, Tensor out) {
        if (out.size() == 0) {
            return;
        }
        Tensor c = x.isContiguous() && x.dtype() != DType.BOOL
                ? x
                : ElementwiseKernels.converted(x, x.dtype() == DType.BOOL ? DType.INT64 : x.dtype());
        int[] dims = c.dims();
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= dims[d];
        }
        int k = dims[axis];
        int inner = 1;
        for (int d = axis + 1; d < dims.length; d++) {
            inner *= dims[d];
        }
        Object xa = Elements.array(c);
        int xo = Strided.offset(c);
        long[] o = (long[]) Elements.array(out);
        int oo = Strided.offset(out);
        boolean floating = c.dtype().isFloating();
        int in = inner;
        int grain = Math.max(1, StridedLoop.GRAIN / Math.max(1, k * inner));
        Parallel.forRange(outer, grain, (o0, o1) -> {
            if (floating) {
                DoubleGeneralReduce.argRange(max, xa, xo, k, in, o, oo, o0, o1);
            } else {
                LongGeneralReduce.argRange(max, xa, xo, k, in, o, oo, o0, o1);
            }
        });
    }
}
