package dev.synapse.cuda;

import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * An iteration space and the view of each operand over it, in the shape kernels take ({@code struct Dims} and
 * {@code struct View}): axes of size 1 are dropped and neighbouring axes that every operand steps through evenly
 * are merged, so a contiguous tensor is one axis and a bias add {@code [N, M] + [M]} two, and any rank up to {@link
 * #MAX_RANK} after merging is served. Offsets and strides count elements.
 */
final class Strided {
    /** The most axes a kernel takes after merging ({@code MAX_RANK} of {@code common.cuh}). */
    static final int MAX_RANK = 8;

    private final long[] sizes;
    private final long[] offsets;
    private final long[][] strides;

    private Strided(long[] sizes, long[] offsets, long[][] strides) {
        this.sizes = sizes;
        this.offsets = offsets;
        this.strides = strides;
    }

    /**
     * The merged form of {@code sizes} with each operand's offset and strides over them.
     *
     * @param what names the kernel, for the error when more than {@link #MAX_RANK} axes remain
     */
    static Strided of(String what, long[] sizes, long[] offsets, long[][] strides) {
        List<Integer> kept = new ArrayList<>();
        for (int k = 0; k < sizes.length; k++) {
            if (sizes[k] != 1) {
                kept.add(k);
            }
        }
        List<long[]> axes = new ArrayList<>(); // {size, stride of operand 0, stride of operand 1, ...}
        for (int k : kept) {
            long[] axis = new long[1 + strides.length];
            axis[0] = sizes[k];
            for (int o = 0; o < strides.length; o++) {
                axis[1 + o] = strides[o][k];
            }
            if (!axes.isEmpty() && mergeable(axes.getLast(), axis)) {
                long[] outer = axes.getLast();
                outer[0] *= axis[0];
                for (int o = 1; o < axis.length; o++) {
                    outer[o] = axis[o];
                }
            } else {
                axes.add(axis);
            }
        }
        if (axes.size() > MAX_RANK) {
            throw new UnsupportedOperationException(what + " on cuda: the operands' layouts leave " + axes.size()
                    + " axes that cannot be merged, more than the " + MAX_RANK + " the kernels take; make an operand"
                    + " contiguous first (.contiguous())");
        }
        long[] s = new long[axes.size()];
        long[][] st = new long[strides.length][axes.size()];
        for (int k = 0; k < axes.size(); k++) {
            s[k] = axes.get(k)[0];
            for (int o = 0; o < strides.length; o++) {
                st[o][k] = axes.get(k)[1 + o];
            }
        }
        return new Strided(s, offsets.clone(), st);
    }

    /** Whether an outer axis and the next one are one axis for every operand: outer stride = inner stride * size. */
    private static boolean mergeable(long[] outer, long[] inner) {
        for (int o = 1; o < outer.length; o++) {
            if (outer[o] != inner[o] * inner[0]) {
                return false;
            }
        }
        return true;
    }

    /** Iterates {@code dims} (the output's shape) over the given tensors, each broadcast to it. */
    static Strided over(String what, int[] dims, Tensor... operands) {
        long[] sizes = new long[dims.length];
        for (int k = 0; k < dims.length; k++) {
            sizes[k] = dims[k];
        }
        long[] offsets = new long[operands.length];
        long[][] strides = new long[operands.length][];
        for (int o = 0; o < operands.length; o++) {
            offsets[o] = operands[o].offset();
            strides[o] = broadcastStrides(operands[o], dims);
        }
        return of(what, sizes, offsets, strides);
    }

    /** {@code t}'s strides aligned to {@code dims} from the right, 0 on the axes it is broadcast along. */
    static long[] broadcastStrides(Tensor t, int[] dims) {
        int[] td = t.dims();
        long[] ts = t.strides();
        long[] out = new long[dims.length];
        int shift = dims.length - td.length;
        if (shift < 0) {
            throw new IllegalArgumentException("cannot broadcast shape " + t.shape() + " to rank " + dims.length);
        }
        for (int k = 0; k < td.length; k++) {
            if (td[k] == dims[k + shift]) {
                out[k + shift] = ts[k];
            } else if (td[k] == 1) {
                out[k + shift] = 0;
            } else {
                throw new IllegalArgumentException(
                        "cannot broadcast shape " + t.shape() + " to " + java.util.Arrays.toString(dims));
            }
        }
        return out;
    }

    long[] sizes() {
        return sizes.clone();
    }

    int rank() {
        return sizes.length;
    }

    long offset(int operand) {
        return offsets[operand];
    }

    long[] strides(int operand) {
        return strides[operand].clone();
    }

    /** The number of elements iterated. */
    long count() {
        long n = 1;
        for (long s : sizes) {
            n *= s;
        }
        return n;
    }
}
