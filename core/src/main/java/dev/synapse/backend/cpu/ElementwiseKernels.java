package dev.synapse.backend.cpu;

import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;

/**
 * Elementwise kernels: unary functions, broadcasting binary ops and {@code where}.
 *
 * <p>Every kernel walks its operands with a {@link StridedLoop}, which turns the common layouts of
 * training (contiguous tensors, a bias row, a column, a scalar, in-place updates) into long runs
 * with stride 1 or 0. Float and double runs go to {@code FloatElementwise} and {@code DoubleElementwise}, int32
 * and int64 runs to the exact scalar loops of {@code IntLoops} and {@code LongLoops} (all generated from templates),
 * bool runs to {@link IntegerLoops}. Operands of mixed dtypes are converted once, up front.
 */
final class ElementwiseKernels {
    /**
     * Elements per scratch block, small enough to stay in L1 between passes: for runs that are neither contiguous nor
     * broadcast, and for softplus's two loops. A multiple of every vector length.
     */
    static final int BLOCK = 1024;
    /**
     * Unary runs shorter than this take the scalar loops, which give the same bits. A vector loop pays off only once
     * C2 has compiled it; before that each Vector API operation allocates and runs tens of times slower than scalar
     * code, and a short loop (a batch's logits, a bias) reaches C2's thresholds only after tens of training steps.
     */
    static final int SHORT_RUN = 4096;

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
            // CpuBackend hands kernels these types widened to float32 or int32 (Narrow).
            case FLOAT16, BFLOAT16, INT16, INT8, UINT8 -> throw Narrow.notWidened(out.dtype());
            case FLOAT32 ->
                loop.forEach(
                        grain(op),
                        (off, n) -> FloatElementwise.unary(
                                op, (float[]) xa, off[0], xs, (float[]) oa, off[1], os, n, p1, p2));
            case FLOAT64 ->
                loop.forEach(
                        grain(op),
                        (off, n) -> DoubleElementwise.unary(
                                op, (double[]) xa, off[0], xs, (double[]) oa, off[1], os, n, p1, p2));
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
        if (!cmp && (ct == DType.FLOAT32 || ct == DType.FLOAT64) && rowBroadcast(loop)) {
            int rows = loop.dim(0);
            int m = loop.dim(1);
            boolean aRow = loop.stride(0, 0) == 0;
            if (ct == DType.FLOAT32) {
                FloatElementwise.binaryRows(
                        op,
                        (float[]) aa,
                        loop.offset(0),
                        aRow,
                        (float[]) ba,
                        loop.offset(1),
                        !aRow,
                        (float[]) oa,
                        loop.offset(2),
                        rows,
                        m);
            } else {
                DoubleElementwise.binaryRows(
                        op,
                        (double[]) aa,
                        loop.offset(0),
                        aRow,
                        (double[]) ba,
                        loop.offset(1),
                        !aRow,
                        (double[]) oa,
                        loop.offset(2),
                        rows,
                        m);
            }
            return;
        }
        int grain = op == BinaryOp.POW ? StridedLoop.GRAIN >> 3 : StridedLoop.GRAIN;
        switch (ct) {
            // CpuBackend hands kernels these types widened to float32 or int32 (Narrow).
            case FLOAT16, BFLOAT16, INT16, INT8, UINT8 -> throw Narrow.notWidened(ct);
            case FLOAT32 -> loop.forEach(grain, FloatElementwise.binaryRun(op, cmp, aa, as, ba, bs, oa, os));
            case FLOAT64 -> loop.forEach(grain, DoubleElementwise.binaryRun(op, cmp, aa, as, ba, bs, oa, os));
            case INT64 -> loop.forEach(grain, LongLoops.binaryRun(op, cmp, aa, as, ba, bs, oa, os));
            case INT32 -> loop.forEach(grain, IntLoops.binaryRun(op, cmp, aa, as, ba, bs, oa, os));
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

    /**
     * True for a walk of short contiguous rows where one operand is a single row repeated and the other operand and
     * the output are the rows themselves ({@code [N, H, W, C] + [C]}): {@code binaryRows} runs it as long vector loops
     * instead of one short run per row.
     */
    private static boolean rowBroadcast(StridedLoop loop) {
        if (loop.rank() != 2 || loop.dim(1) >= SHORT_RUN || loop.size() < 2 * SHORT_RUN) {
            return false;
        }
        int m = loop.dim(1);
        boolean rowsOut = loop.stride(2, 0) == m && loop.stride(2, 1) == 1;
        boolean aFull = loop.stride(0, 0) == m && loop.stride(0, 1) == 1;
        boolean bFull = loop.stride(1, 0) == m && loop.stride(1, 1) == 1;
        boolean aRow = loop.stride(0, 0) == 0 && loop.stride(0, 1) == 1;
        boolean bRow = loop.stride(1, 0) == 0 && loop.stride(1, 1) == 1;
        return rowsOut && ((aFull && bRow) || (aRow && bFull));
    }

    /**
     * True when a run with this stride can be read by the vector loops directly: unit stride, or one broadcast value.
     */
    static boolean direct(int stride, int n) {
        return stride == 1 || stride == 0 || n == 1;
    }

    /** The reference path, element by element: for bool arithmetic and comparisons of bools. */
    private static void binaryGeneric(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] shape = out.dims();
        int n = Strided.size(out);
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
            long v = LongScalarMath.binary(op, Elements.getLong(aa, at, ao[i]), Elements.getLong(ba, bt, bo[i]));
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
            // CpuBackend hands kernels these types widened to float32 or int32 (Narrow).
            case FLOAT16, BFLOAT16, INT16, INT8, UINT8 -> throw Narrow.notWidened(t);
            case FLOAT32 ->
                loop.forEach(
                        StridedLoop.GRAIN,
                        (off, n) -> FloatElementwise.where(
                                off, n, c, cs, (float[]) aa, as, (float[]) ba, bs, (float[]) oa, os, unit));
            case FLOAT64 ->
                loop.forEach(
                        StridedLoop.GRAIN,
                        (off, n) -> DoubleElementwise.where(
                                off, n, c, cs, (double[]) aa, as, (double[]) ba, bs, (double[]) oa, os, unit));
            case INT32 ->
                loop.forEach(
                        StridedLoop.GRAIN,
                        (off, n) -> IntLoops.where(off, n, c, cs, (int[]) aa, as, (int[]) ba, bs, (int[]) oa, os));
            case INT64 ->
                loop.forEach(
                        StridedLoop.GRAIN,
                        (off, n) -> LongLoops.where(off, n, c, cs, (long[]) aa, as, (long[]) ba, bs, (long[]) oa, os));
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
