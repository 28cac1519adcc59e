package dev.synapse.backend.cpu;

import dev.synapse.backend.ReduceOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions over any set of axes, and argmax/argmin along one axis.
 *
 * <p>The input is coalesced against the keep-dims output ({@link StridedLoop}), which leaves
 * alternating kept and reduced axes. The layouts of training get vector loops: everything into one
 * value, the last axis ({@code [R, L] -> [R]}: softmax and logsumexp rows) and leading or middle
 * axes ({@code [A, K, M] -> [A, M]}: a bias gradient summed over the batch). Other layouts take a
 * general walk that reads runs into a block and combines them in double (or long).
 *
 * <p>Float32 sums are blocked: up to {@link #SUM_BLOCK} elements add up in float lanes, and the
 * block totals add up in double, so the error does not grow with the length (a million ones sum
 * to exactly a million). Integer and bool inputs reduce in long arithmetic. MAX and MIN propagate
 * NaN.
 */
final class ReduceKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Float32 elements summed in float lanes before the block's total joins the double accumulator. */
    private static final int SUM_BLOCK = 1024;
    /** Rows of a column reduction summed in float before joining the double accumulators. */
    private static final int ROW_BLOCK = 64;
    /** Columns per parallel unit of a column reduction. */
    private static final int COLUMNS = 1024;
    /** Elements per block of a whole-tensor reduction; the blocks' results combine in a fixed order. */
    private static final int FULL_BLOCK = 1 << 16;

    private static final int BUF = 512;

    private ReduceKernels() {}

    static void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        if (out.size() == 0) {
            return;
        }
        int[] dims = x.dims();
        // Out has x's rank with 1 on reduced axes: aligned to x's shape, its strides are 0 there.
        StridedLoop loop = StridedLoop.of(
                dims, new int[] {x.offset(), out.offset()}, x.strides(), Strided.broadcastStrides(out, dims));
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
            StridedLoop cl =
                    StridedLoop.of(dims, new int[] {0, out.offset()}, c.strides(), Strided.broadcastStrides(out, dims));
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
                        ? runFloat(op, f, xo + from, len)
                        : runDouble(op, (double[]) xa, xo + from, len);
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
                double v =
                        xa instanceof float[] f ? runFloat(op, f, from, len) : runDouble(op, (double[]) xa, from, len);
                store(oa, oo + r * os, v);
            }
        });
    }

    /** SUM, MAX or MIN of {@code n} contiguous floats; sums are blocked into a double total. */
    static double runFloat(ReduceOp op, float[] x, int xo, int n) {
        int step = FS.length();
        if (op == ReduceOp.SUM) {
            double total = 0.0;
            for (int s = 0; s < n; s += SUM_BLOCK) {
                int c = Math.min(SUM_BLOCK, n - s);
                int bound = FS.loopBound(c);
                FloatVector acc = FloatVector.zero(FS);
                int i = 0;
                for (; i < bound; i += step) {
                    acc = acc.add(FloatVector.fromArray(FS, x, xo + s + i));
                }
                float block = acc.reduceLanes(VectorOperators.ADD);
                for (; i < c; i++) {
                    block += x[xo + s + i];
                }
                total += block;
            }
            return total;
        }
        boolean max = op == ReduceOp.MAX;
        int bound = FS.loopBound(n);
        int i = 0;
        float best = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        if (bound > 0) {
            FloatVector acc = FloatVector.fromArray(FS, x, xo);
            i = step;
            if (max) {
                for (; i < bound; i += step) {
                    acc = acc.max(FloatVector.fromArray(FS, x, xo + i));
                }
                best = acc.reduceLanes(VectorOperators.MAX);
            } else {
                for (; i < bound; i += step) {
                    acc = acc.min(FloatVector.fromArray(FS, x, xo + i));
                }
                best = acc.reduceLanes(VectorOperators.MIN);
            }
            if (acc.test(VectorOperators.IS_NAN).anyTrue()) {
                return Double.NaN;
            }
        }
        for (; i < n; i++) {
            best = max ? Math.max(best, x[xo + i]) : Math.min(best, x[xo + i]);
        }
        return best;
    }

    /** SUM, MAX or MIN of {@code n} contiguous doubles. */
    static double runDouble(ReduceOp op, double[] x, int xo, int n) {
        int step = DS.length();
        int bound = DS.loopBound(n);
        int i = 0;
        if (op == ReduceOp.SUM) {
            DoubleVector acc = DoubleVector.zero(DS);
            for (; i < bound; i += step) {
                acc = acc.add(DoubleVector.fromArray(DS, x, xo + i));
            }
            double s = acc.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                s += x[xo + i];
            }
            return s;
        }
        boolean max = op == ReduceOp.MAX;
        double best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (bound > 0) {
            DoubleVector acc = DoubleVector.fromArray(DS, x, xo);
            i = step;
            if (max) {
                for (; i < bound; i += step) {
                    acc = acc.max(DoubleVector.fromArray(DS, x, xo + i));
                }
                best = acc.reduceLanes(VectorOperators.MAX);
            } else {
                for (; i < bound; i += step) {
                    acc = acc.min(DoubleVector.fromArray(DS, x, xo + i));
                }
                best = acc.reduceLanes(VectorOperators.MIN);
            }
            if (acc.test(VectorOperators.IS_NAN).anyTrue()) {
                return Double.NaN;
            }
        }
        for (; i < n; i++) {
            best = max ? Math.max(best, x[xo + i]) : Math.min(best, x[xo + i]);
        }
        return best;
    }

    // ---- columns: [A, K, M] -> [A, M] ----------------------------------------------------------

    private static void columns(ReduceOp op, Object xa, int xo, int a, int k, int m, Object oa, int oo) {
        int chunks = (m + COLUMNS - 1) / COLUMNS;
        int units = a * chunks;
        int grain = Math.max(1, StridedLoop.GRAIN / Math.max(1, k * Math.min(m, COLUMNS)));
        Parallel.forRange(units, grain, (u0, u1) -> {
            for (int u = u0; u < u1; u++) {
                int ai = u / chunks;
                int j0 = (u % chunks) * COLUMNS;
                int w = Math.min(COLUMNS, m - j0);
                int base = xo + ai * k * m + j0;
                int outBase = oo + ai * m + j0;
                if (xa instanceof float[] f) {
                    columnsFloat(op, f, base, k, m, w, (float[]) oa, outBase);
                } else {
                    columnsDouble(op, (double[]) xa, base, k, m, w, (double[]) oa, outBase);
                }
            }
        });
    }

    private static void columnsFloat(ReduceOp op, float[] x, int base, int k, int m, int w, float[] o, int oo) {
        int step = FS.length();
        int bound = FS.loopBound(w);
        float[] part = new float[w];
        if (op == ReduceOp.SUM) {
            double[] acc = new double[w];
            for (int k0 = 0; k0 < k; k0 += ROW_BLOCK) {
                int k1 = Math.min(k, k0 + ROW_BLOCK);
                System.arraycopy(x, base + k0 * m, part, 0, w);
                for (int r = k0 + 1; r < k1; r++) {
                    int row = base + r * m;
                    int j = 0;
                    for (; j < bound; j += step) {
                        FloatVector.fromArray(FS, part, j)
                                .add(FloatVector.fromArray(FS, x, row + j))
                                .intoArray(part, j);
                    }
                    for (; j < w; j++) {
                        part[j] += x[row + j];
                    }
                }
                for (int j = 0; j < w; j++) {
                    acc[j] += part[j];
                }
            }
            for (int j = 0; j < w; j++) {
                o[oo + j] = (float) acc[j];
            }
            return;
        }
        boolean max = op == ReduceOp.MAX;
        System.arraycopy(x, base, part, 0, w);
        for (int r = 1; r < k; r++) {
            int row = base + r * m;
            int j = 0;
            if (max) {
                for (; j < bound; j += step) {
                    FloatVector.fromArray(FS, part, j)
                            .max(FloatVector.fromArray(FS, x, row + j))
                            .intoArray(part, j);
                }
                for (; j < w; j++) {
                    part[j] = Math.max(part[j], x[row + j]);
                }
            } else {
                for (; j < bound; j += step) {
                    FloatVector.fromArray(FS, part, j)
                            .min(FloatVector.fromArray(FS, x, row + j))
                            .intoArray(part, j);
                }
                for (; j < w; j++) {
                    part[j] = Math.min(part[j], x[row + j]);
                }
            }
        }
        System.arraycopy(part, 0, o, oo, w);
    }

    private static void columnsDouble(ReduceOp op, double[] x, int base, int k, int m, int w, double[] o, int oo) {
        int step = DS.length();
        int bound = DS.loopBound(w);
        double[] part = new double[w];
        System.arraycopy(x, base, part, 0, w);
        for (int r = 1; r < k; r++) {
            int row = base + r * m;
            int j = 0;
            switch (op) {
                case SUM -> {
                    for (; j < bound; j += step) {
                        DoubleVector.fromArray(DS, part, j)
                                .add(DoubleVector.fromArray(DS, x, row + j))
                                .intoArray(part, j);
                    }
                    for (; j < w; j++) {
                        part[j] += x[row + j];
                    }
                }
                case MAX -> {
                    for (; j < bound; j += step) {
                        DoubleVector.fromArray(DS, part, j)
                                .max(DoubleVector.fromArray(DS, x, row + j))
                                .intoArray(part, j);
                    }
                    for (; j < w; j++) {
                        part[j] = Math.max(part[j], x[row + j]);
                    }
                }
                default -> {
                    for (; j < bound; j += step) {
                        DoubleVector.fromArray(DS, part, j)
                                .min(DoubleVector.fromArray(DS, x, row + j))
                                .intoArray(part, j);
                    }
                    for (; j < w; j++) {
                        part[j] = Math.min(part[j], x[row + j]);
                    }
                }
            }
        }
        System.arraycopy(part, 0, o, oo, w);
    }

    // ---- general layouts -----------------------------------------------------------------------

    /**
     * Any layout and dtype: walks x's runs in order, reads each run into a block (double for floats,
     * long for integers and bools) and combines it into an accumulator per output element.
     */
    private static void general(ReduceOp op, Tensor x, StridedLoop loop, Tensor out) {
        Object xa = Elements.array(x);
        int xs = loop.innerStride(0);
        int os = loop.innerStride(1);
        int m = out.size();
        int base = out.offset();
        if (x.dtype().isFloating()) {
            double[] acc = new double[m];
            Arrays.fill(
                    acc,
                    switch (op) {
                        case SUM -> 0.0;
                        case PROD -> 1.0;
                        case MAX -> Double.NEGATIVE_INFINITY;
                        case MIN -> Double.POSITIVE_INFINITY;
                    });
            double[] buf = new double[BUF];
            loop.walk(0, loop.size(), (off, n) -> {
                for (int s = 0; s < n; s += BUF) {
                    int c = Math.min(BUF, n - s);
                    CopyKernels.readDoubles(xa, off[0] + s * xs, xs, buf, c);
                    int k0 = off[1] + s * os - base;
                    switch (op) {
                        case SUM -> {
                            for (int i = 0; i < c; i++) {
                                acc[k0 + i * os] += buf[i];
                            }
                        }
                        case PROD -> {
                            for (int i = 0; i < c; i++) {
                                acc[k0 + i * os] *= buf[i];
                            }
                        }
                        case MAX -> {
                            for (int i = 0; i < c; i++) {
                                double v = buf[i];
                                int k = k0 + i * os;
                                acc[k] = v > acc[k] || Double.isNaN(v) ? v : acc[k];
                            }
                        }
                        case MIN -> {
                            for (int i = 0; i < c; i++) {
                                double v = buf[i];
                                int k = k0 + i * os;
                                acc[k] = v < acc[k] || Double.isNaN(v) ? v : acc[k];
                            }
                        }
                    }
                }
            });
            Object oa = Elements.array(out);
            DType ot = out.dtype();
            for (int k = 0; k < m; k++) {
                Elements.setDouble(oa, ot, base + k, acc[k]);
            }
        } else {
            long[] acc = new long[m];
            Arrays.fill(
                    acc,
                    switch (op) {
                        case SUM -> 0L;
                        case PROD -> 1L;
                        case MAX -> Long.MIN_VALUE;
                        case MIN -> Long.MAX_VALUE;
                    });
            long[] buf = new long[BUF];
            loop.walk(0, loop.size(), (off, n) -> {
                for (int s = 0; s < n; s += BUF) {
                    int c = Math.min(BUF, n - s);
                    CopyKernels.readLongs(xa, off[0] + s * xs, xs, buf, c);
                    int k0 = off[1] + s * os - base;
                    switch (op) {
                        case SUM -> {
                            for (int i = 0; i < c; i++) {
                                acc[k0 + i * os] += buf[i];
                            }
                        }
                        case PROD -> {
                            for (int i = 0; i < c; i++) {
                                acc[k0 + i * os] *= buf[i];
                            }
                        }
                        case MAX -> {
                            for (int i = 0; i < c; i++) {
                                acc[k0 + i * os] = Math.max(acc[k0 + i * os], buf[i]);
                            }
                        }
                        case MIN -> {
                            for (int i = 0; i < c; i++) {
                                acc[k0 + i * os] = Math.min(acc[k0 + i * os], buf[i]);
                            }
                        }
                    }
                }
            });
            Object oa = Elements.array(out);
            DType ot = out.dtype();
            for (int k = 0; k < m; k++) {
                Elements.setLong(oa, ot, base + k, acc[k]);
            }
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
        int xo = c.offset();
        long[] o = (long[]) Elements.array(out);
        int oo = out.offset();
        boolean floating = c.dtype().isFloating();
        int in = inner;
        int grain = Math.max(1, StridedLoop.GRAIN / Math.max(1, k * inner));
        Parallel.forRange(outer, grain, (o0, o1) -> {
            double[] bestD = floating ? new double[in] : null;
            double[] curD = floating ? new double[in] : null;
            long[] bestL = floating ? null : new long[in];
            long[] curL = floating ? null : new long[in];
            double[] rowD = floating && in == 1 ? new double[Math.min(k, BUF)] : null;
            long[] rowL = !floating && in == 1 ? new long[Math.min(k, BUF)] : null;
            for (int a = o0; a < o1; a++) {
                int base = xo + a * k * in;
                if (in == 1) {
                    o[oo + a] = floating ? argRow(max, xa, base, k, rowD) : argRow(max, xa, base, k, rowL);
                    continue;
                }
                int ob = oo + a * in;
                Arrays.fill(o, ob, ob + in, 0L);
                if (floating) {
                    CopyKernels.readDoubles(xa, base, 1, bestD, in);
                    for (int r = 1; r < k; r++) {
                        CopyKernels.readDoubles(xa, base + r * in, 1, curD, in);
                        for (int j = 0; j < in; j++) {
                            double v = curD[j];
                            double b = bestD[j];
                            boolean better = !Double.isNaN(b) && (Double.isNaN(v) || (max ? v > b : v < b));
                            if (better) {
                                bestD[j] = v;
                                o[ob + j] = r;
                            }
                        }
                    }
                } else {
                    CopyKernels.readLongs(xa, base, 1, bestL, in);
                    for (int r = 1; r < k; r++) {
                        CopyKernels.readLongs(xa, base + r * in, 1, curL, in);
                        for (int j = 0; j < in; j++) {
                            long v = curL[j];
                            if (max ? v > bestL[j] : v < bestL[j]) {
                                bestL[j] = v;
                                o[ob + j] = r;
                            }
                        }
                    }
                }
            }
        });
    }

    /** Argmax or argmin of {@code k} contiguous floats, read block by block. */
    private static long argRow(boolean max, Object xa, int base, int k, double[] buf) {
        double best = 0;
        long idx = 0;
        for (int s = 0; s < k; s += buf.length) {
            int c = Math.min(buf.length, k - s);
            CopyKernels.readDoubles(xa, base + s, 1, buf, c);
            int i = 0;
            if (s == 0) {
                best = buf[0];
                i = 1;
            }
            if (Double.isNaN(best)) {
                return idx;
            }
            for (; i < c; i++) {
                double v = buf[i];
                if (max ? v > best : v < best) {
                    best = v;
                    idx = (long) s + i;
                } else if (Double.isNaN(v)) {
                    return (long) s + i;
                }
            }
        }
        return idx;
    }

    /** Argmax or argmin of {@code k} contiguous integers, exactly. */
    private static long argRow(boolean max, Object xa, int base, int k, long[] buf) {
        long best = 0;
        long idx = 0;
        for (int s = 0; s < k; s += buf.length) {
            int c = Math.min(buf.length, k - s);
            CopyKernels.readLongs(xa, base + s, 1, buf, c);
            int i = 0;
            if (s == 0) {
                best = buf[0];
                i = 1;
            }
            for (; i < c; i++) {
                long v = buf[i];
                if (max ? v > best : v < best) {
                    best = v;
                    idx = (long) s + i;
                }
            }
        }
        return idx;
    }
}
