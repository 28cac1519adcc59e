package dev.synapse.cuda;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import org.jspecify.annotations.Nullable;

/**
 * One batched matrix product on cuBLAS: operands whose matrices are row-major or transposed views are read in place,
 * others copied contiguous first; batch axes that broadcast become zero strides, and a batch that is one evenly
 * strided run goes to one strided batched call (several calls when the batch layout needs more).
 */
final class Matmul {
    private final CudaBackend backend;
    private final Cublas cublas;
    private final MemorySegment handle;

    Matmul(CudaBackend backend, Cublas cublas, MemorySegment handle) {
        this.backend = backend;
        this.cublas = cublas;
        this.handle = handle;
    }

    /**
     * A matrix's layout for cuBLAS: {@code {0, ld}} for row-major (unit column stride), {@code {1, ld}} for a
     * transposed view (unit row stride), null when neither (it is copied). Size-1 axes take any stride.
     */
    static int @Nullable [] layout(long rowStride, long colStride, int rows, int cols) {
        if ((colStride == 1 || cols == 1) && (rows == 1 || rowStride >= Math.max(1, cols))) {
            long ld = rows == 1 ? Math.max(1, cols) : rowStride;
            return ld <= Integer.MAX_VALUE ? new int[] {0, (int) ld} : null;
        }
        if ((rowStride == 1 || rows == 1) && (cols == 1 || colStride >= Math.max(1, rows))) {
            long ld = cols == 1 ? Math.max(1, rows) : colStride;
            return ld <= Integer.MAX_VALUE ? new int[] {1, (int) ld} : null;
        }
        return null;
    }

    /** {@code c = a @ b}; c is contiguous and of a's and b's dtype (float32 or float64). */
    void run(Tensor a, Tensor b, Tensor c) {
        int[] cd = c.dims();
        int r = cd.length;
        int m = cd[r - 2];
        int n = cd[r - 1];
        int k = a.dims()[a.dims().length - 1];
        if (c.size() == 0) {
            return;
        }
        if (k == 0) {
            backend.fill(c, 0);
            return;
        }
        Tensor x = inPlaceOrCopy(a, m, k);
        Tensor y = inPlaceOrCopy(b, k, n);
        int[] la = layoutOf(x, m, k);
        int[] lb = layoutOf(y, k, n);
        Cublas.Gemm g = new Cublas.Gemm(m, n, k, la[0] == 1, la[1], lb[0] == 1, lb[1], Math.max(1, n));
        boolean f64 = c.dtype() == DType.FLOAT64;
        long bytes = CudaBackend.elementBytes(c.dtype());

        int batchRank = r - 2;
        long[] batch = new long[batchRank];
        for (int i = 0; i < batchRank; i++) {
            batch[i] = cd[i];
        }
        Strided it = Strided.of("matmul", batch, new long[] {0, 0, 0}, new long[][] {
            batchStrides(x, cd), batchStrides(y, cd), batchStrides(c, cd)
        });
        backend.syncMathMode();
        long runs = 1;
        int inner = it.rank() == 0 ? 1 : Math.toIntExact(it.sizes()[it.rank() - 1]);
        for (int i = 0; i < it.rank() - 1; i++) {
            runs *= it.sizes()[i];
        }
        long[] sa = it.strides(0);
        long[] sb = it.strides(1);
        long[] sc = it.strides(2);
        long[] sizes = it.sizes();
        for (long run = 0; run < runs; run++) {
            long oa = 0;
            long ob = 0;
            long oc = 0;
            long rest = run;
            for (int i = it.rank() - 2; i >= 0; i--) {
                long idx = rest % sizes[i];
                rest /= sizes[i];
                oa += idx * sa[i];
                ob += idx * sb[i];
                oc += idx * sc[i];
            }
            int last = it.rank() - 1;
            cublas.gemm(
                    handle,
                    f64,
                    g,
                    CudaBackend.address(x) + oa * bytes,
                    last < 0 ? 0 : sa[last],
                    CudaBackend.address(y) + ob * bytes,
                    last < 0 ? 0 : sb[last],
                    CudaBackend.address(c) + oc * bytes,
                    last < 0 ? 0 : sc[last],
                    inner);
        }
        if (x != a) {
            x.storage().release();
        }
        if (y != b) {
            y.storage().release();
        }
    }

    private Tensor inPlaceOrCopy(Tensor t, int rows, int cols) {
        int r = t.dims().length;
        if (layout(t.strides()[r - 2], t.strides()[r - 1], rows, cols) != null) {
            return t;
        }
        Tensor c = Tensor.empty(t.dtype(), backend.device(), t.dims());
        backend.copy(t, c);
        return c;
    }

    private static int[] layoutOf(Tensor t, int rows, int cols) {
        int r = t.dims().length;
        int[] l = layout(t.strides()[r - 2], t.strides()[r - 1], rows, cols);
        if (l == null) {
            throw new IllegalStateException("matmul: a contiguous operand has no GEMM layout");
        }
        return l;
    }

    /** The strides of {@code t}'s batch axes broadcast to {@code out}'s batch axes (all but the last two). */
    private static long[] batchStrides(Tensor t, int[] out) {
        int[] td = t.dims();
        int tb = td.length - 2;
        int ob = out.length - 2;
        long[] s = new long[ob];
        for (int i = 0; i < tb; i++) {
            int at = ob - tb + i;
            s[at] = td[i] == 1 ? 0 : t.strides()[i];
        }
        return s;
    }
}
