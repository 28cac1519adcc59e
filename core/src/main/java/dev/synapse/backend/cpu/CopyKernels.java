package dev.synapse.backend.cpu;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;

/** Copies between views (with broadcasting and dtype conversion), fills, and export to host arrays. */
final class CopyKernels {
    private CopyKernels() {
    }

    static void copy(Tensor src, Tensor dst) {
        Object s = Elements.array(src);
        Object d = Elements.array(dst);
        DType st = src.dtype();
        DType dt = dst.dtype();
        int n = dst.size();
        if (st == dt && src.isContiguous() && dst.isContiguous() && src.size() == n) {
            System.arraycopy(s, src.offset(), d, dst.offset(), n);
            return;
        }
        int[] shape = dst.dims();
        int[] so = Strided.offsets(src, shape);
        int[] dO = Strided.offsets(dst);
        if (st == DType.FLOAT32 && dt == DType.FLOAT32) {
            float[] a = (float[]) s;
            float[] b = (float[]) d;
            for (int i = 0; i < n; i++) {
                b[dO[i]] = a[so[i]];
            }
        } else if (st.isFloating() || dt.isFloating()) {
            for (int i = 0; i < n; i++) {
                Elements.setDouble(d, dt, dO[i], Elements.getDouble(s, st, so[i]));
            }
        } else {
            for (int i = 0; i < n; i++) {
                Elements.setLong(d, dt, dO[i], Elements.getLong(s, st, so[i]));
            }
        }
    }

    static void fill(Tensor dst, double value) {
        Object d = Elements.array(dst);
        DType dt = dst.dtype();
        if (dst.isContiguous()) {
            int from = dst.offset();
            int to = from + dst.size();
            switch (dt) {
                case FLOAT32 -> java.util.Arrays.fill((float[]) d, from, to, (float) value);
                case FLOAT64 -> java.util.Arrays.fill((double[]) d, from, to, value);
                case INT32 -> java.util.Arrays.fill((int[]) d, from, to, (int) value);
                case INT64 -> java.util.Arrays.fill((long[]) d, from, to, (long) value);
                case BOOL -> java.util.Arrays.fill((boolean[]) d, from, to, value != 0.0);
            }
            return;
        }
        for (int o : Strided.offsets(dst)) {
            Elements.setDouble(d, dt, o, value);
        }
    }

    static Object toHost(Tensor t) {
        Tensor out = new Tensor(CpuStorage.allocate(t.dtype(), t.size()), t.dims(),
                dev.synapse.tensor.Shape.contiguousStrides(t.dims()), 0);
        copy(t, out);
        return Elements.array(out);
    }
}
