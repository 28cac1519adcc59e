package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The index kernels against plain row-major reference loops, on contiguous and strided views. */
class IndexKernelsTest {
    private static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1, new Generator(7), shape).to(DType.FLOAT64);
    }

    private static Tensor randomIndex(int n, int bound, long seed) {
        Generator g = new Generator(seed);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = g.nextInt(bound);
        }
        return Tensor.of(v);
    }

    private static int prod(int[] d, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= d[i];
        }
        return p;
    }

    /** out[o, i, k] = x[o, idx[i], k] on row-major flat arrays. */
    private static double[] refIndexSelect(double[] x, int[] dims, int axis, int[] idx) {
        int outer = prod(dims, 0, axis);
        int len = dims[axis];
        int inner = prod(dims, axis + 1, dims.length);
        double[] out = new double[outer * idx.length * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < idx.length; i++) {
                for (int k = 0; k < inner; k++) {
                    out[(o * idx.length + i) * inner + k] = x[(o * len + idx[i]) * inner + k];
                }
            }
        }
        return out;
    }

    /**
     * The flat position in {@code dims} of the element at the coordinates of position {@code p} in {@code idxDims},
     * with {@code axis} set to {@code v}.
     */
    private static int moved(int p, int[] idxDims, int[] dims, int axis, int v) {
        int[] c = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            c[d] = p % idxDims[d];
            p /= idxDims[d];
        }
        c[axis] = v;
        int flat = 0;
        for (int d = 0; d < dims.length; d++) {
            flat = flat * dims[d] + c[d];
        }
        return flat;
    }

    private static Tensor out(Tensor like, int... shape) {
        return Tensor.empty(like.dtype(), like.device(), shape);
    }

    @Test
    void indexSelectRowsOfAnEmbeddingTable() {
        Tensor table = rnd(50, 16);
        Tensor idx = randomIndex(2000, 50, 1);
        Tensor out = out(table, 2000, 16);
        IndexKernels.indexSelect(table, 0, idx, out);
        assertArrayEquals(
                refIndexSelect(table.toDoubleArray(), table.dims(), 0, idx.toIntArray()), out.toDoubleArray());
    }

    @Test
    void indexSelectOnStridedAndFlippedViewsAnyAxis() {
        Tensor base = rnd(4, 5, 6);
        Tensor[] views = {
            base,
            base.permute(2, 0, 1),
            base.slice(1, 0, 5, 2),
            base.flip(0, 2),
            base.flip(1).t()
        };
        for (Tensor x : views) {
            for (int axis = 0; axis < 3; axis++) {
                Tensor idx = randomIndex(7, x.dim(axis), 11 + axis).to(DType.INT64);
                int[] shape = x.dims();
                shape[axis] = 7;
                Tensor o = out(x, shape);
                IndexKernels.indexSelect(x, axis, idx, o);
                double[] expected = refIndexSelect(x.toDoubleArray(), x.dims(), axis, idx.toIntArray());
                assertArrayEquals(expected, o.toDoubleArray(), "axis " + axis + " of a view of shape " + x.shape());
                // The output may itself be a strided view.
                Tensor ot = out(x, shape[2], shape[1], shape[0]).permute(2, 1, 0);
                IndexKernels.indexSelect(x, axis, idx, ot);
                assertArrayEquals(expected, ot.toDoubleArray());
            }
        }
    }

    @Test
    void indexSelectIntAndBoolTensors() {
        Tensor x = Tensor.fromArray(new int[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor o = out(x, 2, 2);
        IndexKernels.indexSelect(x, 1, Tensor.of(2, 0), o);
        assertArrayEquals(new int[] {3, 1, 6, 4}, o.toIntArray());
        Tensor b = Tensor.of(true, false, true);
        Tensor ob = out(b, 4);
        IndexKernels.indexSelect(b, 0, Tensor.of(1L, 0L, 1L, 2L), ob);
        assertArrayEquals(new boolean[] {false, true, false, true}, ob.toBooleanArray());
    }

    @Test
    void indexAddAccumulatesRepeatedIndices() {
        for (int axis = 0; axis < 2; axis++) {
            int[] dims = {40, 300};
            Tensor idx = randomIndex(500, dims[axis], 3 + axis);
            int[] srcDims = dims.clone();
            srcDims[axis] = 500;
            Tensor src = rnd(srcDims);
            Tensor o = Tensor.zeros(DType.FLOAT64, dims);
            IndexKernels.indexAdd(o, axis, idx, src);
            double[] expected = new double[dims[0] * dims[1]];
            double[] s = src.toDoubleArray();
            int[] iv = idx.toIntArray();
            for (int p = 0; p < s.length; p++) {
                int i = axis == 0 ? p / 300 : p % 500;
                expected[moved(p, srcDims, dims, axis, iv[i])] += s[p];
            }
            assertArrayEquals(expected, o.toDoubleArray(), 1e-12);
        }
    }

    @Test
    void indexAddIntoStridedViews() {
        Tensor target = Tensor.zeros(DType.FLOAT64, 3, 4);
        Tensor src = rnd(2, 4).t(); // shape (4, 2), strided
        IndexKernels.indexAdd(target.t(), 1, Tensor.of(2, 2), src); // both columns into column 2 of a (4, 3) view
        double[] s = src.toDoubleArray();
        double[] expected = new double[12];
        for (int k = 0; k < 4; k++) {
            expected[2 * 4 + k] = s[2 * k] + s[2 * k + 1];
        }
        assertArrayEquals(expected, target.toDoubleArray(), 1e-12);
    }

    @Test
    void gatherAndScatterAddMatchReferenceOnViews() {
        Tensor base = rnd(6, 5, 4);
        Tensor[] views = {base, base.permute(1, 2, 0), base.flip(1)};
        for (Tensor x : views) {
            int[] dims = x.dims();
            for (int axis = 0; axis < 3; axis++) {
                int[] idxDims = {dims[0], dims[1], dims[2]};
                idxDims[axis] = 9;
                idxDims[(axis + 1) % 3] -= 1; // smaller than x outside the axis, as torch.gather allows
                Tensor idx = randomIndex(Math.toIntExact(Shape.numel(idxDims)), dims[axis], 5 + axis)
                        .reshape(idxDims);
                int[] iv = idx.toIntArray();
                double[] xv = x.toDoubleArray();

                Tensor g = out(x, idxDims);
                IndexKernels.gather(x, axis, idx, g);
                double[] expected = new double[iv.length];
                for (int p = 0; p < iv.length; p++) {
                    expected[p] = xv[moved(p, idxDims, dims, axis, iv[p])];
                }
                assertArrayEquals(expected, g.toDoubleArray(), "gather axis " + axis + " of " + x.shape());

                Tensor src = rnd(idxDims);
                double[] sv = src.toDoubleArray();
                Tensor acc = Tensor.zeros(DType.FLOAT64, dims);
                IndexKernels.scatterAdd(acc, axis, idx, src);
                double[] sum = new double[xv.length];
                for (int p = 0; p < iv.length; p++) {
                    sum[moved(p, idxDims, dims, axis, iv[p])] += sv[p];
                }
                assertArrayEquals(sum, acc.toDoubleArray(), 1e-12, "scatterAdd axis " + axis);
            }
        }
    }

    @Test
    void gatherOneLogitPerRow() {
        Tensor logits = Tensor.fromArray(new float[][] {{0.1f, 0.7f, 0.2f}, {0.5f, 0.3f, 0.2f}});
        Tensor labels = Tensor.fromArray(new long[][] {{1}, {0}});
        Tensor o = out(logits, 2, 1);
        IndexKernels.gather(logits, 1, labels, o);
        assertArrayEquals(new float[] {0.7f, 0.5f}, o.toFloatArray());
        Tensor back = Tensor.zeros(2, 3);
        IndexKernels.scatterAdd(back, 1, labels, Tensor.fromArray(new float[][] {{1f}, {2f}}));
        assertArrayEquals(new float[] {0, 1, 0, 2, 0, 0}, back.toFloatArray());
    }

    @Test
    void stridedIndexTensorsAreRead() {
        Tensor idx = Tensor.fromArray(new long[][] {{0, 2}, {1, 0}}).t(); // [[0, 1], [2, 0]]
        Tensor x = Tensor.fromArray(new float[][] {{10, 11, 12}, {20, 21, 22}});
        Tensor o = out(x, 2, 2);
        IndexKernels.gather(x, 1, idx, o);
        assertArrayEquals(new float[] {10, 11, 22, 20}, o.toFloatArray());
        assertArrayEquals(new int[] {0, 1, 2, 0}, IndexKernels.indices(idx));
    }
}
