package dev.synapse.backend.cpu;

import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Elementwise kernels: unary functions, broadcasting binary ops and {@code where}.
 *
 * <p>Every kernel walks its operands with a {@link StridedLoop}, which turns the common layouts of
 * training (contiguous tensors, a bias row, a column, a scalar, in-place updates) into long runs
 * with stride 1 or 0. Float runs go to the vector loops of {@link UnaryLoops} and
 * {@code FloatBinaryLoops} and {@code DoubleBinaryLoops} (generated from a template); a run with any other stride is gathered into a per-thread scratch block
 * first, so every layout ends in the same vector loops. Integer and bool runs use the exact scalar
 * loops of {@link IntegerLoops}. Operands of mixed dtypes are converted once, up front.
 */
final class ElementwiseKernels {
    /** Elements per scratch block for runs that are neither contiguous nor broadcast. */
    private static final int BLOCK = 1024;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread blocks for gathering strided operands, reused across calls. */
    private static final class Scratch {
        final float[] fa = new float[BLOCK];
        final float[] fb = new float[BLOCK];
        final float[] fo = new float[BLOCK];
        final double[] da = new double[BLOCK];
        final double[] db = new double[BLOCK];
        final double[] dout = new double[BLOCK];
    }

    private ElementwiseKernels() {}

    /** Smaller parallel shares for ops that cost more per element. */
    private static int grain(UnaryOp op) {
        return switch (op) {
            case ERF, GELU -> StridedLoop.GRAIN >> 5;
            case EXP, LOG, LOG1P, EXPM1, SIN, COS, TANH, SIGMOID, ELU, SELU, SOFTPLUS, SILU, POW_SCALAR ->
                StridedLoop.GRAIN >> 3;
            default -> StridedLoop.GRAIN;
        };
    }

    // ---- unary ---------------------------------------------------------------------------------

    static void unary(UnaryOp op, Tensor x, double p1, double p2, Tensor out) {
        if (x.dtype() != out.dtype()) {
            x = converted(x, out.dtype());
        }
        StridedLoop loop = StridedLoop.over(out, x);
        int xs = loop.innerStride(0);
        int os = loop.innerStride(1);
        Object xa = Elements.array(x);
        Object oa = Elements.array(out);
        switch (out.dtype()) {
            case FLOAT32 ->
                loop.forEach(
                        grain(op),
                        (off, n) -> unaryFloat(op, (float[]) xa, off[0], xs, (float[]) oa, off[1], os, n, p1, p2));
            case FLOAT64 ->
                loop.forEach(
                        grain(op),
                        (off, n) -> unaryDouble(op, (double[]) xa, off[0], xs, (double[]) oa, off[1], os, n, p1, p2));
            case INT64 -> {
                if (IntegerLoops.exact(op)) {
                    loop.forEach(
                            StridedLoop.GRAIN,
                            (off, n) ->
                                    LongLoops.apply(op, (long[]) xa, off[0], xs, (long[]) oa, off[1], os, n, p1, p2));
                } else {
                    unaryGeneric(op, x, p1, p2, out);
                }
            }
            case INT32 -> {
                if (IntegerLoops.exact(op)) {
                    loop.forEach(
                            StridedLoop.GRAIN,
                            (off, n) -> IntLoops.apply(op, (int[]) xa, off[0], xs, (int[]) oa, off[1], os, n, p1, p2));
                } else {
                    unaryGeneric(op, x, p1, p2, out);
                }
            }
            case BOOL -> {
                if (op == UnaryOp.NOT) {
                    boolean[] xb = (boolean[]) xa;
                    boolean[] ob = (boolean[]) oa;
                    loop.forEach(StridedLoop.GRAIN, (off, n) -> {
                        for (int i = 0; i < n; i++) {
                            ob[off[1] + i * os] = !xb[off[0] + i * xs];
                        }
                    });
                } else {
                    unaryGeneric(op, x, p1, p2, out);
                }
            }
        }
    }

    private static void unaryFloat(
            UnaryOp op, float[] x, int xo, int xs, float[] o, int oo, int os, int n, double p1, double p2) {
        if (xs == 1 && os == 1) {
            UnaryLoops.floats(op, x, xo, o, oo, n, p1, p2);
        } else if (os == 1) {
            // Gather into the output run, then transform it in place.
            for (int i = 0; i < n; i++) {
                o[oo + i] = x[xo + i * xs];
            }
            UnaryLoops.floats(op, o, oo, o, oo, n, p1, p2);
        } else {
            float[] buf = SCRATCH.get().fa;
            for (int s = 0; s < n; s += BLOCK) {
                int c = Math.min(BLOCK, n - s);
                for (int i = 0; i < c; i++) {
                    buf[i] = x[xo + (s + i) * xs];
                }
                UnaryLoops.floats(op, buf, 0, buf, 0, c, p1, p2);
                for (int i = 0; i < c; i++) {
                    o[oo + (s + i) * os] = buf[i];
                }
            }
        }
    }

    private static void unaryDouble(
            UnaryOp op, double[] x, int xo, int xs, double[] o, int oo, int os, int n, double p1, double p2) {
        if (xs == 1 && os == 1) {
            UnaryLoops.doubles(op, x, xo, o, oo, n, p1, p2);
        } else if (os == 1) {
            for (int i = 0; i < n; i++) {
                o[oo + i] = x[xo + i * xs];
            }
            UnaryLoops.doubles(op, o, oo, o, oo, n, p1, p2);
        } else {
            double[] buf = SCRATCH.get().da;
            for (int s = 0; s < n; s += BLOCK) {
                int c = Math.min(BLOCK, n - s);
                for (int i = 0; i < c; i++) {
                    buf[i] = x[xo + (s + i) * xs];
                }
                UnaryLoops.doubles(op, buf, 0, buf, 0, c, p1, p2);
                for (int i = 0; i < c; i++) {
                    o[oo + (s + i) * os] = buf[i];
                }
            }
        }
    }

    /** The reference path, element by element through {@link ScalarMath}: for rare op and dtype pairs. */
    private static void unaryGeneric(UnaryOp op, Tensor x, double p1, double p2, Tensor out) {
        Object xa = Elements.array(x);
        Object oa = Elements.array(out);
        DType xt = x.dtype();
        DType ot = out.dtype();
        int[] xo = Strided.offsets(x);
        int[] oo = Strided.offsets(out);
        for (int i = 0; i < xo.length; i++) {
            Elements.setDouble(oa, ot, oo[i], ScalarMath.unary(op, Elements.getDouble(xa, xt, xo[i]), p1, p2));
        }
    }

    // ---- binary --------------------------------------------------------------------------------

    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        boolean cmp = op.isComparison();
        // Comparisons compute in the promoted type; arithmetic in the output's (which differs only for in-place
        // updates).
        DType ct = cmp ? DType.promote(a.dtype(), b.dtype()) : out.dtype();
        if (a.dtype() != ct) {
            a = converted(a, ct);
        }
        if (b.dtype() != ct) {
            b = converted(b, ct);
        }
        boolean logical = op == BinaryOp.AND || op == BinaryOp.OR || op == BinaryOp.XOR;
        if (ct == DType.BOOL ? !logical : logical) {
            binaryGeneric(op, a, b, out);
            return;
        }
        StridedLoop loop = StridedLoop.over(out, a, b);
        int as = loop.innerStride(0);
        int bs = loop.innerStride(1);
        int os = loop.innerStride(2);
        Object aa = Elements.array(a);
        Object ba = Elements.array(b);
        Object oa = Elements.array(out);
        int grain = op == BinaryOp.POW ? StridedLoop.GRAIN >> 3 : StridedLoop.GRAIN;
        switch (ct) {
            case FLOAT32 -> {
                if (cmp) {
                    loop.forEach(
                            grain,
                            (off, n) -> compareFloat(
                                    op,
                                    (float[]) aa,
                                    off[0],
                                    as,
                                    (float[]) ba,
                                    off[1],
                                    bs,
                                    (boolean[]) oa,
                                    off[2],
                                    os,
                                    n));
                } else {
                    loop.forEach(
                            grain,
                            (off, n) -> binaryFloat(
                                    op,
                                    (float[]) aa,
                                    off[0],
                                    as,
                                    (float[]) ba,
                                    off[1],
                                    bs,
                                    (float[]) oa,
                                    off[2],
                                    os,
                                    n));
                }
            }
            case FLOAT64 -> {
                if (cmp) {
                    loop.forEach(
                            grain,
                            (off, n) -> compareDouble(
                                    op,
                                    (double[]) aa,
                                    off[0],
                                    as,
                                    (double[]) ba,
                                    off[1],
                                    bs,
                                    (boolean[]) oa,
                                    off[2],
                                    os,
                                    n));
                } else {
                    loop.forEach(
                            grain,
                            (off, n) -> binaryDouble(
                                    op,
                                    (double[]) aa,
                                    off[0],
                                    as,
                                    (double[]) ba,
                                    off[1],
                                    bs,
                                    (double[]) oa,
                                    off[2],
                                    os,
                                    n));
                }
            }
            case INT64 -> {
                if (cmp) {
                    loop.forEach(
                            grain,
                            (off, n) -> LongLoops.compare(
                                    op,
                                    (long[]) aa,
                                    off[0],
                                    as,
                                    (long[]) ba,
                                    off[1],
                                    bs,
                                    (boolean[]) oa,
                                    off[2],
                                    os,
                                    n));
                } else {
                    loop.forEach(
                            grain,
                            (off, n) -> LongLoops.apply(
                                    op, (long[]) aa, off[0], as, (long[]) ba, off[1], bs, (long[]) oa, off[2], os, n));
                }
            }
            case INT32 -> {
                if (cmp) {
                    loop.forEach(
                            grain,
                            (off, n) -> IntLoops.compare(
                                    op, (int[]) aa, off[0], as, (int[]) ba, off[1], bs, (boolean[]) oa, off[2], os, n));
                } else {
                    loop.forEach(
                            grain,
                            (off, n) -> IntLoops.apply(
                                    op, (int[]) aa, off[0], as, (int[]) ba, off[1], bs, (int[]) oa, off[2], os, n));
                }
            }
            case BOOL ->
                loop.forEach(
                        grain,
                        (off, n) -> IntegerLoops.bools(
                                op,
                                (boolean[]) aa,
                                off[0],
                                as,
                                (boolean[]) ba,
                                off[1],
                                bs,
                                (boolean[]) oa,
                                off[2],
                                os,
                                n));
        }
    }

    /** True when a run with this stride can be read by the vector loops directly: unit stride, or one broadcast value. */
    private static boolean direct(int stride, int n) {
        return stride == 1 || stride == 0 || n == 1;
    }

    private static void binaryFloat(
            BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int os, int n) {
        boolean aOne = as == 0 || n == 1;
        boolean bOne = bs == 0 || n == 1;
        if (os == 1 && direct(as, n) && direct(bs, n) && !(aOne && bOne)) {
            FloatBinaryLoops.apply(op, a, ao, aOne, b, bo, bOne, o, oo, n);
            return;
        }
        Scratch sc = SCRATCH.get();
        for (int s = 0; s < n; s += BLOCK) {
            int c = Math.min(BLOCK, n - s);
            float[] xa = a;
            int xo = ao + s * as;
            if (!direct(as, n)) {
                for (int i = 0; i < c; i++) {
                    sc.fa[i] = a[ao + (s + i) * as];
                }
                xa = sc.fa;
                xo = 0;
            }
            float[] ya = b;
            int yo = bo + s * bs;
            if (!direct(bs, n)) {
                for (int i = 0; i < c; i++) {
                    sc.fb[i] = b[bo + (s + i) * bs];
                }
                ya = sc.fb;
                yo = 0;
            }
            float[] target = os == 1 ? o : sc.fo;
            int to = os == 1 ? oo + s : 0;
            if (aOne && bOne) {
                java.util.Arrays.fill(target, to, to + c, (float) ScalarMath.binary(op, xa[xo], ya[yo]));
            } else {
                FloatBinaryLoops.apply(op, xa, xo, aOne, ya, yo, bOne, target, to, c);
            }
            if (os != 1) {
                for (int i = 0; i < c; i++) {
                    o[oo + (s + i) * os] = sc.fo[i];
                }
            }
        }
    }

    private static void binaryDouble(
            BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o, int oo, int os, int n) {
        boolean aOne = as == 0 || n == 1;
        boolean bOne = bs == 0 || n == 1;
        if (os == 1 && direct(as, n) && direct(bs, n) && !(aOne && bOne)) {
            DoubleBinaryLoops.apply(op, a, ao, aOne, b, bo, bOne, o, oo, n);
            return;
        }
        Scratch sc = SCRATCH.get();
        for (int s = 0; s < n; s += BLOCK) {
            int c = Math.min(BLOCK, n - s);
            double[] xa = a;
            int xo = ao + s * as;
            if (!direct(as, n)) {
                for (int i = 0; i < c; i++) {
                    sc.da[i] = a[ao + (s + i) * as];
                }
                xa = sc.da;
                xo = 0;
            }
            double[] ya = b;
            int yo = bo + s * bs;
            if (!direct(bs, n)) {
                for (int i = 0; i < c; i++) {
                    sc.db[i] = b[bo + (s + i) * bs];
                }
                ya = sc.db;
                yo = 0;
            }
            double[] target = os == 1 ? o : sc.dout;
            int to = os == 1 ? oo + s : 0;
            if (aOne && bOne) {
                java.util.Arrays.fill(target, to, to + c, ScalarMath.binary(op, xa[xo], ya[yo]));
            } else {
                DoubleBinaryLoops.apply(op, xa, xo, aOne, ya, yo, bOne, target, to, c);
            }
            if (os != 1) {
                for (int i = 0; i < c; i++) {
                    o[oo + (s + i) * os] = sc.dout[i];
                }
            }
        }
    }

    private static void compareFloat(
            BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, boolean[] o, int oo, int os, int n) {
        boolean aOne = as == 0 || n == 1;
        boolean bOne = bs == 0 || n == 1;
        if (os == 1 && direct(as, n) && direct(bs, n) && !(aOne && bOne)) {
            FloatBinaryLoops.compare(op, a, ao, aOne, b, bo, bOne, o, oo, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            o[oo + i * os] = ScalarMath.binary(op, a[ao + i * as], b[bo + i * bs]) != 0;
        }
    }

    private static void compareDouble(
            BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, boolean[] o, int oo, int os, int n) {
        boolean aOne = as == 0 || n == 1;
        boolean bOne = bs == 0 || n == 1;
        if (os == 1 && direct(as, n) && direct(bs, n) && !(aOne && bOne)) {
            DoubleBinaryLoops.compare(op, a, ao, aOne, b, bo, bOne, o, oo, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            o[oo + i * os] = ScalarMath.binary(op, a[ao + i * as], b[bo + i * bs]) != 0;
        }
    }

    /** The reference path, element by element: for bool arithmetic and comparisons of bools. */
    private static void binaryGeneric(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = out.dims();
        int n = out.size();
        Object aa = Elements.array(a);
        Object ba = Elements.array(b);
        Object oa = Elements.array(out);
        int[] ao = Strided.offsets(a, shape);
        int[] bo = Strided.offsets(b, shape);
        int[] oo = Strided.offsets(out);
        DType at = a.dtype();
        DType bt = b.dtype();
        DType ot = out.dtype();
        for (int i = 0; i < n; i++) {
            long v = ScalarMath.binaryLong(op, Elements.getLong(aa, at, ao[i]), Elements.getLong(ba, bt, bo[i]));
            Elements.setLong(oa, ot, oo[i], v);
        }
    }

    // ---- where ---------------------------------------------------------------------------------

    static void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        DType t = out.dtype();
        if (a.dtype() != t) {
            a = converted(a, t);
        }
        if (b.dtype() != t) {
            b = converted(b, t);
        }
        StridedLoop loop = StridedLoop.over(out, cond, a, b);
        int cs = loop.innerStride(0);
        int as = loop.innerStride(1);
        int bs = loop.innerStride(2);
        int os = loop.innerStride(3);
        boolean[] c = (boolean[]) Elements.array(cond);
        Object aa = Elements.array(a);
        Object ba = Elements.array(b);
        Object oa = Elements.array(out);
        boolean unit = cs == 1 && as == 1 && bs == 1 && os == 1;
        switch (t) {
            case FLOAT32 ->
                loop.forEach(StridedLoop.GRAIN, (off, n) -> {
                    float[] x = (float[]) aa;
                    float[] y = (float[]) ba;
                    float[] o = (float[]) oa;
                    int i = 0;
                    if (unit) {
                        int step = UnaryLoops.FS.length();
                        int bound = UnaryLoops.FS.loopBound(n);
                        for (; i < bound; i += step) {
                            VectorMask<Float> m = VectorMask.fromArray(UnaryLoops.FS, c, off[0] + i);
                            FloatVector.fromArray(UnaryLoops.FS, y, off[2] + i)
                                    .blend(FloatVector.fromArray(UnaryLoops.FS, x, off[1] + i), m)
                                    .intoArray(o, off[3] + i);
                        }
                    }
                    for (; i < n; i++) {
                        o[off[3] + i * os] = c[off[0] + i * cs] ? x[off[1] + i * as] : y[off[2] + i * bs];
                    }
                });
            case FLOAT64 ->
                loop.forEach(StridedLoop.GRAIN, (off, n) -> {
                    double[] x = (double[]) aa;
                    double[] y = (double[]) ba;
                    double[] o = (double[]) oa;
                    int i = 0;
                    if (unit) {
                        int step = UnaryLoops.DS.length();
                        int bound = UnaryLoops.DS.loopBound(n);
                        for (; i < bound; i += step) {
                            VectorMask<Double> m = VectorMask.fromArray(UnaryLoops.DS, c, off[0] + i);
                            DoubleVector.fromArray(UnaryLoops.DS, y, off[2] + i)
                                    .blend(DoubleVector.fromArray(UnaryLoops.DS, x, off[1] + i), m)
                                    .intoArray(o, off[3] + i);
                        }
                    }
                    for (; i < n; i++) {
                        o[off[3] + i * os] = c[off[0] + i * cs] ? x[off[1] + i * as] : y[off[2] + i * bs];
                    }
                });
            case INT32 ->
                loop.forEach(StridedLoop.GRAIN, (off, n) -> {
                    int[] x = (int[]) aa;
                    int[] y = (int[]) ba;
                    int[] o = (int[]) oa;
                    for (int i = 0; i < n; i++) {
                        o[off[3] + i * os] = c[off[0] + i * cs] ? x[off[1] + i * as] : y[off[2] + i * bs];
                    }
                });
            case INT64 ->
                loop.forEach(StridedLoop.GRAIN, (off, n) -> {
                    long[] x = (long[]) aa;
                    long[] y = (long[]) ba;
                    long[] o = (long[]) oa;
                    for (int i = 0; i < n; i++) {
                        o[off[3] + i * os] = c[off[0] + i * cs] ? x[off[1] + i * as] : y[off[2] + i * bs];
                    }
                });
            case BOOL ->
                loop.forEach(StridedLoop.GRAIN, (off, n) -> {
                    boolean[] x = (boolean[]) aa;
                    boolean[] y = (boolean[]) ba;
                    boolean[] o = (boolean[]) oa;
                    for (int i = 0; i < n; i++) {
                        o[off[3] + i * os] = c[off[0] + i * cs] ? x[off[1] + i * as] : y[off[2] + i * bs];
                    }
                });
        }
    }

    /** {@code t} converted to {@code dtype}, compact, in its own shape (not yet broadcast). */
    static Tensor converted(Tensor t, DType dtype) {
        Tensor c = CpuStorage.temporary(dtype, t.dims());
        CopyKernels.copy(t, c);
        return c;
    }
}
