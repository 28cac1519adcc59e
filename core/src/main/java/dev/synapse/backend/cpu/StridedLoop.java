package dev.synapse.backend.cpu;

import dev.synapse.tensor.Tensor;

/**
 * A walk over several views of one shape (operands broadcast to an output), cut into runs along the
 * last axis. Dimensions are coalesced first: size-1 axes are dropped and neighbouring axes that
 * every operand steps through evenly are merged, so a contiguous tensor becomes one long run, a
 * {@code [N, M] + [M]} bias add becomes N runs of M with the bias at stride 1, and a
 * {@code [N, M] * [N, 1]} column product becomes N runs with the column at stride 0. Kernels then
 * only see runs, and pick a vector loop by the runs' strides; no offset array is materialized.
 */
final class StridedLoop {
    /** Elements per parallel share for cheap elementwise work: below this a tensor stays on one thread. */
    static final int GRAIN = 1 << 15;

    private final int[] shape;
    private final int[][] strides;
    private final int[] offsets;
    private final int size;

    private StridedLoop(int[] shape, int[][] strides, int[] offsets, int size) {
        this.shape = shape;
        this.strides = strides;
        this.offsets = offsets;
        this.size = size;
    }

    /** The body of a walk: one run of {@code len} elements whose first elements sit at {@code off[k]}. */
    @FunctionalInterface
    interface Run {
        void run(int[] off, int len);
    }

    /**
     * A walk over {@code shape} for operands given by their offsets and their strides aligned to
     * {@code shape} (0 on broadcast axes).
     */
    static StridedLoop of(int[] shape, int[] offsets, int[]... strides) {
        int k = strides.length;
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        int[] dims = new int[shape.length];
        int[][] st = new int[k][shape.length];
        int r = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = r > 0;
            for (int j = 0; j < k && merge; j++) {
                merge = st[j][r - 1] == strides[j][d] * shape[d];
            }
            if (merge) {
                dims[r - 1] *= shape[d];
                for (int j = 0; j < k; j++) {
                    st[j][r - 1] = strides[j][d];
                }
            } else {
                dims[r] = shape[d];
                for (int j = 0; j < k; j++) {
                    st[j][r] = strides[j][d];
                }
                r++;
            }
        }
        if (r == 0) {
            // A single element: one run of length 1.
            dims = new int[] {1};
            st = new int[k][1];
            r = 1;
        }
        int[] cd = java.util.Arrays.copyOf(dims, r);
        int[][] cs = new int[k][];
        for (int j = 0; j < k; j++) {
            cs[j] = java.util.Arrays.copyOf(st[j], r);
        }
        return new StridedLoop(cd, cs, offsets.clone(), size);
    }

    /** A walk over {@code out}'s shape for {@code operands} broadcast to it, followed by {@code out} itself (last). */
    static StridedLoop over(Tensor out, Tensor... operands) {
        int[] shape = out.dims();
        int k = operands.length + 1;
        int[][] st = new int[k][];
        int[] off = new int[k];
        for (int j = 0; j < operands.length; j++) {
            st[j] = Strided.broadcastStrides(operands[j], shape);
            off[j] = Strided.offset(operands[j]);
        }
        st[k - 1] = Strided.broadcastStrides(out, shape);
        off[k - 1] = Strided.offset(out);
        return of(shape, off, st);
    }

    /** Number of elements walked. */
    int size() {
        return size;
    }

    /** Rank after coalescing (at least 1). */
    int rank() {
        return shape.length;
    }

    /** Coalesced dimension {@code d}. */
    int dim(int d) {
        return shape[d];
    }

    /** Coalesced stride of operand {@code k} along dimension {@code d}. */
    int stride(int k, int d) {
        return strides[k][d];
    }

    /** Base offset of operand {@code k}. */
    int offset(int k) {
        return offsets[k];
    }

    /** Stride of operand {@code k} within a run (along the last coalesced axis). */
    int innerStride(int k) {
        return strides[k][shape.length - 1];
    }

    /** Runs {@code body} over every run, split over threads in shares of at least {@code grain} elements. */
    void forEach(int grain, Run body) {
        if (size == 0) {
            return;
        }
        Parallel.forRange(size, grain, (from, to) -> walk(from, to, body));
    }

    /** Runs {@code body} over the runs covering elements {@code [from, to)} in row-major order. */
    void walk(int from, int to, Run body) {
        int r = shape.length;
        int k = offsets.length;
        int inner = shape[r - 1];
        int row = from / inner;
        int col = from % inner;
        int[] idx = new int[r];
        int[] rowOff = offsets.clone();
        for (int d = r - 2; d >= 0; d--) {
            idx[d] = row % shape[d];
            row /= shape[d];
            for (int j = 0; j < k; j++) {
                rowOff[j] += idx[d] * strides[j][d];
            }
        }
        int[] off = new int[k];
        int pos = from;
        while (pos < to) {
            int len = Math.min(inner - col, to - pos);
            for (int j = 0; j < k; j++) {
                off[j] = rowOff[j] + col * strides[j][r - 1];
            }
            body.run(off, len);
            pos += len;
            col = 0;
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                for (int j = 0; j < k; j++) {
                    rowOff[j] += strides[j][d];
                }
                if (idx[d] < shape[d]) {
                    break;
                }
                for (int j = 0; j < k; j++) {
                    rowOff[j] -= strides[j][d] * shape[d];
                }
                idx[d] = 0;
            }
        }
    }
}
