package dev.synapse.backend.cpu;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;

/**
 * Copies between views (with broadcasting and dtype conversion), fills, and export to host arrays.
 *
 * <p>Contiguous copies are one {@code System.arraycopy}; other layouts are walked as runs by a
 * {@link StridedLoop} (a run with unit strides on both sides is again an array copy); a matrix
 * transpose, the layout {@code contiguous()} meets most, is copied in square tiles so that both
 * sides stay in cache. Conversions go through a double (or, between integer types, a long) block
 * so that each run needs one read loop and one write loop, chosen outside the loops; the 16- and 8-bit types
 * convert through the same blocks ({@link Narrow}). The loops of each numeric type
 * are {@code FloatCopy}, {@code DoubleCopy}, {@code IntCopy} and {@code LongCopy}, generated from one template.
 */
final class CopyKernels {
    /** Side of the square tiles of a transposed copy. */
    private static final int TILE = 32;
    /** Elements per conversion block. */
    private static final int BLOCK = 512;

    private static final ThreadLocal<double[]> DOUBLES = ThreadLocal.withInitial(() -> new double[BLOCK]);
    private static final ThreadLocal<long[]> LONGS = ThreadLocal.withInitial(() -> new long[BLOCK]);

    private CopyKernels() {}

    static void copy(Tensor src, Tensor dst) {
        Object s = Elements.array(src);
        Object d = Elements.array(dst);
        DType st = src.dtype();
        DType dt = dst.dtype();
        int n = Strided.size(dst);
        if (n == 0) {
            return;
        }
        if (st == dt && src.isContiguous() && dst.isContiguous() && src.size() == n) {
            System.arraycopy(s, Strided.offset(src), d, Strided.offset(dst), n);
            return;
        }
        StridedLoop loop = StridedLoop.over(dst, src);
        if (st == dt
                && loop.rank() == 2
                && loop.innerStride(1) == 1
                && loop.stride(0, 0) == 1
                && loop.innerStride(0) != 1
                && loop.dim(0) >= TILE
                && loop.dim(1) >= TILE) {
            transpose(
                    s,
                    loop.offset(0),
                    loop.innerStride(0),
                    d,
                    loop.offset(1),
                    loop.stride(1, 0),
                    loop.dim(0),
                    loop.dim(1));
            return;
        }
        int ss = loop.innerStride(0);
        int ds = loop.innerStride(1);
        if (st == dt) {
            loop.forEach(StridedLoop.GRAIN, (off, len) -> sameType(s, off[0], ss, d, off[1], ds, len));
        } else {
            loop.forEach(StridedLoop.GRAIN, (off, len) -> convert(s, st, off[0], ss, d, dt, off[1], ds, len));
        }
    }

    /**
     * {@code d[dOff + i * dRow + j] = s[sOff + i + j * sCol]} for an {@code rows x cols} block: the
     * source is stored column by column. Tiles keep both the rows read and the rows written in cache.
     */
    private static void transpose(Object s, int sOff, int sCol, Object d, int dOff, int dRow, int rows, int cols) {
        int tilesI = (rows + TILE - 1) / TILE;
        Parallel.forRange(tilesI, Math.max(1, StridedLoop.GRAIN / (TILE * cols)), (t0, t1) -> {
            for (int ti = t0; ti < t1; ti++) {
                int i0 = ti * TILE;
                int i1 = Math.min(rows, i0 + TILE);
                for (int j0 = 0; j0 < cols; j0 += TILE) {
                    int j1 = Math.min(cols, j0 + TILE);
                    transposeTile(s, sOff, sCol, d, dOff, dRow, i0, i1, j0, j1);
                }
            }
        });
    }

    private static void transposeTile(
            Object s, int sOff, int sCol, Object d, int dOff, int dRow, int i0, int i1, int j0, int j1) {
        switch (s) {
            case float[] a -> FloatCopy.transposeTile(a, sOff, sCol, (float[]) d, dOff, dRow, i0, i1, j0, j1);
            case double[] a -> DoubleCopy.transposeTile(a, sOff, sCol, (double[]) d, dOff, dRow, i0, i1, j0, j1);
            case int[] a -> IntCopy.transposeTile(a, sOff, sCol, (int[]) d, dOff, dRow, i0, i1, j0, j1);
            case long[] a -> LongCopy.transposeTile(a, sOff, sCol, (long[]) d, dOff, dRow, i0, i1, j0, j1);
            case short[] a -> {
                short[] b = (short[]) d;
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        b[dOff + i * dRow + j] = a[sOff + i + j * sCol];
                    }
                }
            }
            case byte[] a -> {
                byte[] b = (byte[]) d;
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        b[dOff + i * dRow + j] = a[sOff + i + j * sCol];
                    }
                }
            }
            default -> {
                boolean[] a = (boolean[]) s;
                boolean[] b = (boolean[]) d;
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        b[dOff + i * dRow + j] = a[sOff + i + j * sCol];
                    }
                }
            }
        }
    }

    /** One run between arrays of the same type. */
    private static void sameType(Object s, int so, int ss, Object d, int dO, int ds, int n) {
        if (ss == 1 && ds == 1) {
            System.arraycopy(s, so, d, dO, n);
            return;
        }
        switch (s) {
            case float[] a -> FloatCopy.sameType(a, so, ss, (float[]) d, dO, ds, n);
            case double[] a -> DoubleCopy.sameType(a, so, ss, (double[]) d, dO, ds, n);
            case int[] a -> IntCopy.sameType(a, so, ss, (int[]) d, dO, ds, n);
            case long[] a -> LongCopy.sameType(a, so, ss, (long[]) d, dO, ds, n);
            // Same dtype, so the 16- and 8-bit types copy their bits whatever they encode.
            case short[] a -> {
                short[] b = (short[]) d;
                for (int i = 0; i < n; i++) {
                    b[dO + i * ds] = a[so + i * ss];
                }
            }
            case byte[] a -> {
                byte[] b = (byte[]) d;
                for (int i = 0; i < n; i++) {
                    b[dO + i * ds] = a[so + i * ss];
                }
            }
            default -> {
                boolean[] a = (boolean[]) s;
                boolean[] b = (boolean[]) d;
                for (int i = 0; i < n; i++) {
                    b[dO + i * ds] = a[so + i * ss];
                }
            }
        }
    }

    /** One run with a dtype conversion, block by block through a double or long buffer. */
    private static void convert(Object s, DType st, int so, int ss, Object d, DType dt, int dO, int ds, int n) {
        // Between integer types a long carries every value exactly; anything touching a float goes through double.
        boolean viaDouble = st.isFloating() || dt.isFloating();
        double[] bufD = viaDouble ? DOUBLES.get() : null;
        long[] bufL = viaDouble ? null : LONGS.get();
        for (int start = 0; start < n; start += BLOCK) {
            int c = Math.min(BLOCK, n - start);
            int sOff = so + start * ss;
            int dOff = dO + start * ds;
            if (viaDouble) {
                readDoubles(s, st, sOff, ss, bufD, c);
                writeDoubles(bufD, d, dt, dOff, ds, c);
            } else {
                readLongs(s, st, sOff, ss, bufL, c);
                writeLongs(bufL, d, dt, dOff, ds, c);
            }
        }
    }

    static void readDoubles(Object s, DType st, int so, int ss, double[] buf, int n) {
        if (Narrow.is(st)) {
            Narrow.readDoubles(s, st, so, ss, buf, n);
        } else {
            readDoubles(s, so, ss, buf, n);
        }
    }

    /** A run of a float32, float64, int32, int64 or bool array (the types kernels compute in) into doubles. */
    static void readDoubles(Object s, int so, int ss, double[] buf, int n) {
        switch (s) {
            case float[] a -> FloatCopy.readDoubles(a, so, ss, buf, n);
            case double[] a -> DoubleCopy.readDoubles(a, so, ss, buf, n);
            case int[] a -> IntCopy.readDoubles(a, so, ss, buf, n);
            case long[] a -> LongCopy.readDoubles(a, so, ss, buf, n);
            default -> {
                boolean[] a = (boolean[]) s;
                for (int i = 0; i < n; i++) {
                    buf[i] = a[so + i * ss] ? 1.0 : 0.0;
                }
            }
        }
    }

    private static void writeDoubles(double[] buf, Object d, DType dt, int dO, int ds, int n) {
        if (Narrow.is(dt)) {
            Narrow.writeDoubles(buf, d, dt, dO, ds, n);
            return;
        }
        switch (d) {
            case float[] b -> FloatCopy.writeDoubles(buf, b, dO, ds, n);
            case double[] b -> DoubleCopy.writeDoubles(buf, b, dO, ds, n);
            case int[] b -> IntCopy.writeDoubles(buf, b, dO, ds, n);
            case long[] b -> LongCopy.writeDoubles(buf, b, dO, ds, n);
            default -> {
                boolean[] b = (boolean[]) d;
                for (int i = 0; i < n; i++) {
                    b[dO + i * ds] = buf[i] != 0.0;
                }
            }
        }
    }

    static void readLongs(Object s, DType st, int so, int ss, long[] buf, int n) {
        if (Narrow.is(st)) {
            Narrow.readLongs(s, st, so, ss, buf, n);
        } else {
            readLongs(s, so, ss, buf, n);
        }
    }

    /** A run of an int32, int64 or bool array (the integer types kernels compute in) into longs. */
    static void readLongs(Object s, int so, int ss, long[] buf, int n) {
        switch (s) {
            case int[] a -> IntCopy.readLongs(a, so, ss, buf, n);
            case long[] a -> LongCopy.readLongs(a, so, ss, buf, n);
            default -> {
                boolean[] a = (boolean[]) s;
                for (int i = 0; i < n; i++) {
                    buf[i] = a[so + i * ss] ? 1L : 0L;
                }
            }
        }
    }

    private static void writeLongs(long[] buf, Object d, DType dt, int dO, int ds, int n) {
        if (Narrow.is(dt)) {
            Narrow.writeLongs(buf, d, dt, dO, ds, n);
            return;
        }
        switch (d) {
            case int[] b -> IntCopy.writeLongs(buf, b, dO, ds, n);
            case long[] b -> LongCopy.writeLongs(buf, b, dO, ds, n);
            default -> {
                boolean[] b = (boolean[]) d;
                for (int i = 0; i < n; i++) {
                    b[dO + i * ds] = buf[i] != 0L;
                }
            }
        }
    }

    static void fill(Tensor dst, double value) {
        Object d = Elements.array(dst);
        DType dt = dst.dtype();
        if (dst.size() == 0) {
            return;
        }
        StridedLoop loop = StridedLoop.over(dst);
        int ds = loop.innerStride(0);
        loop.forEach(StridedLoop.GRAIN * 4, (off, n) -> {
            int o = off[0];
            switch (dt) {
                case FLOAT32 -> FloatCopy.fill((float[]) d, o, ds, n, value);
                case FLOAT64 -> DoubleCopy.fill((double[]) d, o, ds, n, value);
                case INT32 -> IntCopy.fill((int[]) d, o, ds, n, value);
                case INT64 -> LongCopy.fill((long[]) d, o, ds, n, value);
                case BOOL -> {
                    boolean[] b = (boolean[]) d;
                    boolean v = value != 0.0;
                    for (int i = 0; i < n; i++) {
                        b[o + i * ds] = v;
                    }
                }
                case FLOAT16, BFLOAT16, INT16 -> {
                    short[] b = (short[]) d;
                    short v = (short) Narrow.bits(dt, value);
                    for (int i = 0; i < n; i++) {
                        b[o + i * ds] = v;
                    }
                }
                case INT8, UINT8 -> {
                    byte[] b = (byte[]) d;
                    byte v = (byte) Narrow.bits(dt, value);
                    for (int i = 0; i < n; i++) {
                        b[o + i * ds] = v;
                    }
                }
            }
        });
    }

    static Object toHost(Tensor t) {
        Tensor out = CpuStorage.temporary(t.dtype(), t.dims());
        copy(t, out);
        return Elements.array(out);
    }
}
