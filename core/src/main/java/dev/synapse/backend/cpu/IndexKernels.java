package dev.synapse.backend.cpu;

import dev.synapse.tensor.Tensor;
import java.util.Arrays;

/**
 * Index kernels: {@code indexSelect}/{@code indexAdd} (whole slices along one axis) and
 * {@code gather}/{@code scatterAdd} (one element per index). Every tensor may be a strided view;
 * the op has range-checked the indices and made them non-negative, and {@code out}/{@code src}
 * have the dtype of the tensor they are read from or added into.
 *
 * <p>The slice kernels see a tensor as {@code outer x axis x inner}: when the inner block is
 * contiguous in both tensors (an embedding row, a row of a matrix) each slice moves with one
 * {@code System.arraycopy} or one tight loop; otherwise they walk precomputed inner offsets. The loops of each
 * numeric type are {@code FloatIndex}, {@code DoubleIndex}, {@code IntIndex} and {@code LongIndex}, generated from one
 * template.
 */
final class IndexKernels {
    /** Elements per parallel task: below this a loop runs on the calling thread. */
    private static final int GRAIN = 1 << 15;

    private IndexKernels() {}

    /** A tensor split around {@code axis}: offsets of its outer positions and inner block, and the axis stride. */
    private record Split(int[] outer, int[] inner, int axisStride, boolean innerUnit) {
        static Split of(Tensor t, int axis) {
            int[] d = t.dims();
            int[] s = Strided.strides(t);
            int[] outer =
                    Strided.offsets(Arrays.copyOfRange(d, 0, axis), Arrays.copyOfRange(s, 0, axis), Strided.offset(t));
            int[] inner = Strided.offsets(
                    Arrays.copyOfRange(d, axis + 1, d.length), Arrays.copyOfRange(s, axis + 1, d.length), 0);
            boolean unit = true;
            for (int k = 0; k < inner.length && unit; k++) {
                unit = inner[k] == k;
            }
            return new Split(outer, inner, s[axis], unit);
        }
    }

    /** The index values in row-major order; the op has already made them non-negative and in range. */
    static int[] indices(Tensor index) {
        int n = Strided.size(index);
        int[] out = new int[n];
        Object a = Elements.array(index);
        int[] off = index.isContiguous() ? null : Strided.offsets(index);
        int base = Strided.offset(index);
        if (a instanceof int[] ia) {
            if (off == null) {
                System.arraycopy(ia, base, out, 0, n);
            } else {
                for (int i = 0; i < n; i++) {
                    out[i] = ia[off[i]];
                }
            }
        } else if (a instanceof long[] la) {
            for (int i = 0; i < n; i++) {
                out[i] = (int) la[off == null ? base + i : off[i]];
            }
        } else {
            throw new IllegalArgumentException("index kernels: indices must be int32 or int64, got " + index.dtype());
        }
        return out;
    }

    static void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        int[] idx = indices(index);
        Split xs = Split.of(x, axis);
        Split os = Split.of(out, axis);
        int n = idx.length;
        int inner = xs.inner.length;
        int rows = xs.outer.length * n;
        if (rows == 0 || inner == 0) {
            return;
        }
        Object xa = Elements.array(x);
        Object oa = Elements.array(out);
        // For short blocks a call to arraycopy costs more than the copy.
        boolean runs = xs.innerUnit && os.innerUnit && inner >= 8;
        Parallel.forRange(rows, Math.max(1, GRAIN / inner), (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r / n;
                int i = r - o * n;
                int src = xs.outer[o] + idx[i] * xs.axisStride;
                int dst = os.outer[o] + i * os.axisStride;
                if (runs) {
                    System.arraycopy(xa, src, oa, dst, inner);
                } else {
                    copyBlock(xa, src, xs.inner, oa, dst, os.inner);
                }
            }
        });
    }

    static void indexAdd(Tensor out, int axis, Tensor index, Tensor src) {
        int[] idx = indices(index);
        Split os = Split.of(out, axis);
        Split ss = Split.of(src, axis);
        int n = idx.length;
        int outer = os.outer.length;
        int inner = os.inner.length;
        if (n == 0 || outer == 0 || inner == 0) {
            return;
        }
        Object oa = Elements.array(out);
        Object sa = Elements.array(src);
        boolean unit = os.innerUnit && ss.innerUnit;
        // Repeated indices add into the same slice, so tasks split outer positions or inner columns, never the index
        // list.
        if (outer > 1) {
            Parallel.forRange(outer, Math.max(1, GRAIN / Math.max(1, n * inner)), (from, to) -> {
                for (int o = from; o < to; o++) {
                    for (int i = 0; i < n; i++) {
                        addBlock(
                                sa,
                                ss.outer[o] + i * ss.axisStride,
                                ss.inner,
                                oa,
                                os.outer[o] + idx[i] * os.axisStride,
                                os.inner,
                                0,
                                inner,
                                unit);
                    }
                }
            });
        } else {
            Parallel.forRange(inner, Math.max(64, GRAIN / n), (from, to) -> {
                for (int i = 0; i < n; i++) {
                    addBlock(
                            sa,
                            ss.outer[0] + i * ss.axisStride,
                            ss.inner,
                            oa,
                            os.outer[0] + idx[i] * os.axisStride,
                            os.inner,
                            from,
                            to,
                            unit);
                }
            });
        }
    }

    static void gather(Tensor x, int axis, Tensor index, Tensor out) {
        int n = Strided.size(out);
        if (n == 0) {
            return;
        }
        int[] idx = indices(index);
        int[] base = positionsIn(x, axis, index.dims());
        int[] oo = Strided.offsets(out);
        int step = Strided.stride(x, axis);
        Object xa = Elements.array(x);
        Object oa = Elements.array(out);
        Parallel.forRange(n, GRAIN, (from, to) -> {
            switch (xa) {
                case float[] s -> FloatIndex.gather(s, (float[]) oa, oo, base, idx, step, from, to);
                case double[] s -> DoubleIndex.gather(s, (double[]) oa, oo, base, idx, step, from, to);
                case int[] s -> IntIndex.gather(s, (int[]) oa, oo, base, idx, step, from, to);
                case long[] s -> LongIndex.gather(s, (long[]) oa, oo, base, idx, step, from, to);
                case boolean[] s -> {
                    boolean[] d = (boolean[]) oa;
                    for (int i = from; i < to; i++) {
                        d[oo[i]] = s[base[i] + idx[i] * step];
                    }
                }
                default -> throw new IllegalStateException("gather: unsupported storage " + xa.getClass());
            }
        });
    }

    static void scatterAdd(Tensor out, int axis, Tensor index, Tensor src) {
        int n = Strided.size(index);
        if (n == 0) {
            return;
        }
        int[] idx = indices(index);
        int[] base = positionsIn(out, axis, index.dims());
        int[] so = Strided.offsets(src);
        int step = Strided.stride(out, axis);
        Object oa = Elements.array(out);
        Object sa = Elements.array(src);
        // Sequential: different index elements may add into the same output element.
        switch (oa) {
            case float[] d -> FloatIndex.scatterAdd(d, (float[]) sa, so, base, idx, step, n);
            case double[] d -> DoubleIndex.scatterAdd(d, (double[]) sa, so, base, idx, step, n);
            case int[] d -> IntIndex.scatterAdd(d, (int[]) sa, so, base, idx, step, n);
            case long[] d -> LongIndex.scatterAdd(d, (long[]) sa, so, base, idx, step, n);
            case boolean[] d -> {
                boolean[] s = (boolean[]) sa;
                for (int i = 0; i < n; i++) {
                    d[base[i] + idx[i] * step] |= s[so[i]];
                }
            }
            default -> throw new IllegalStateException("scatterAdd: unsupported storage " + oa.getClass());
        }
    }

    /**
     * For each position of an index of shape {@code indexShape}, in row-major order: the offset in
     * {@code t} of the element with the same coordinates, except 0 along {@code axis}.
     */
    private static int[] positionsIn(Tensor t, int axis, int[] indexShape) {
        int[] strides = Strided.strides(t);
        strides[axis] = 0;
        return Strided.offsets(indexShape, strides, Strided.offset(t));
    }

    /** {@code dst[dBase + dInner[k]] = src[sBase + sInner[k]]} for every k; both arrays have the same type. */
    private static void copyBlock(Object src, int sBase, int[] sInner, Object dst, int dBase, int[] dInner) {
        switch (src) {
            case float[] s -> FloatIndex.copyBlock(s, sBase, sInner, (float[]) dst, dBase, dInner);
            case double[] s -> DoubleIndex.copyBlock(s, sBase, sInner, (double[]) dst, dBase, dInner);
            case int[] s -> IntIndex.copyBlock(s, sBase, sInner, (int[]) dst, dBase, dInner);
            case long[] s -> LongIndex.copyBlock(s, sBase, sInner, (long[]) dst, dBase, dInner);
            case boolean[] s -> {
                boolean[] d = (boolean[]) dst;
                int m = sInner.length;
                for (int k = 0; k < m; k++) {
                    d[dBase + dInner[k]] = s[sBase + sInner[k]];
                }
            }
            default -> throw new IllegalStateException("index kernels: unsupported storage " + src.getClass());
        }
    }

    /**
     * {@code dst[dBase + dInner[k]] += src[sBase + sInner[k]]} for k in {@code [from, to)}; with
     * {@code unit} both inner blocks are contiguous, so the loop runs over plain ranges.
     */
    private static void addBlock(
            Object src, int sBase, int[] sInner, Object dst, int dBase, int[] dInner, int from, int to, boolean unit) {
        switch (dst) {
            case float[] d -> FloatIndex.addBlock((float[]) src, sBase, sInner, d, dBase, dInner, from, to, unit);
            case double[] d -> DoubleIndex.addBlock((double[]) src, sBase, sInner, d, dBase, dInner, from, to, unit);
            case int[] d -> IntIndex.addBlock((int[]) src, sBase, sInner, d, dBase, dInner, from, to, unit);
            case long[] d -> LongIndex.addBlock((long[]) src, sBase, sInner, d, dBase, dInner, from, to, unit);
            case boolean[] d -> {
                boolean[] s = (boolean[]) src;
                for (int k = from; k < to; k++) {
                    d[dBase + dInner[k]] |= s[sBase + sInner[k]];
                }
            }
            default -> throw new IllegalStateException("indexAdd: unsupported storage " + dst.getClass());
        }
    }
}
