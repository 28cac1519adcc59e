package dev.synapse.cuda;

import static dev.synapse.cuda.Native.DOUBLE;
import static dev.synapse.cuda.Native.FLOAT;
import static dev.synapse.cuda.Native.INT;
import static dev.synapse.cuda.Native.LONG;
import static dev.synapse.cuda.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * cuBLAS ({@code libcublas.so.13} or {@code .12}) as far as the backend uses it: a handle bound to the backend's
 * stream, the math mode (TF32 off unless asked for), and single and double precision GEMM, plain and strided batched.
 * cuBLAS is column-major: {@link #gemm} takes row-major operands and computes {@code C = A B} as {@code C^T = B^T A^T},
 * which is the same memory.
 */
final class Cublas {
    private static final String TITLE = "cuBLAS";
    /** {@code CUBLAS_OP_N}, {@code CUBLAS_OP_T}. */
    static final int OP_N = 0;

    static final int OP_T = 1;
    /** {@code CUBLAS_DEFAULT_MATH}: full float32 precision. */
    static final int DEFAULT_MATH = 0;
    /** {@code CUBLAS_TF32_TENSOR_OP_MATH}: float32 GEMMs may round their inputs to TF32 on tensor cores. */
    static final int TF32_TENSOR_OP_MATH = 3;

    private final MethodHandle getStatusName;
    private final MethodHandle create;
    private final MethodHandle setStream;
    private final MethodHandle setMathMode;
    private final MethodHandle sgemm;
    private final MethodHandle dgemm;
    private final MethodHandle sgemmBatched;
    private final MethodHandle dgemmBatched;

    Cublas(SymbolLookup lib) {
        getStatusName = Native.function(lib, TITLE, "cublasGetStatusName", FunctionDescriptor.of(PTR, INT));
        create = Native.function(lib, TITLE, "cublasCreate_v2", PTR);
        setStream = Native.function(lib, TITLE, "cublasSetStream_v2", PTR, PTR);
        setMathMode = Native.function(lib, TITLE, "cublasSetMathMode", PTR, INT);
        // handle, transa, transb, m, n, k, alpha*, A, lda, B, ldb, beta*, C, ldc
        sgemm = Native.function(
                lib, TITLE, "cublasSgemm_v2", PTR, INT, INT, INT, INT, INT, PTR, LONG, INT, LONG, INT, PTR, LONG, INT);
        dgemm = Native.function(
                lib, TITLE, "cublasDgemm_v2", PTR, INT, INT, INT, INT, INT, PTR, LONG, INT, LONG, INT, PTR, LONG, INT);
        // ... with a stride (long long) after each matrix's leading dimension, then the batch count
        sgemmBatched = Native.function(
                lib,
                TITLE,
                "cublasSgemmStridedBatched",
                PTR,
                INT,
                INT,
                INT,
                INT,
                INT,
                PTR,
                LONG,
                INT,
                LONG,
                LONG,
                INT,
                LONG,
                PTR,
                LONG,
                INT,
                LONG,
                INT);
        dgemmBatched = Native.function(
                lib,
                TITLE,
                "cublasDgemmStridedBatched",
                PTR,
                INT,
                INT,
                INT,
                INT,
                INT,
                PTR,
                LONG,
                INT,
                LONG,
                LONG,
                INT,
                LONG,
                PTR,
                LONG,
                INT,
                LONG,
                INT);
    }

    void check(int status, String call) {
        if (status != 0) {
            String name;
            try {
                MemorySegment s = (MemorySegment) getStatusName.invokeExact(status);
                name = s.equals(MemorySegment.NULL) ? "unknown cublasStatus_t" : Native.string(s, 256);
            } catch (Throwable t) {
                throw Native.rethrow(t);
            }
            throw new CudaException(call, name, status, "");
        }
    }

    /** A new handle whose work goes to {@code stream}, in {@code mathMode}. */
    MemorySegment create(MemorySegment stream, int mathMode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(PTR);
            check((int) create.invokeExact(p), "cublasCreate");
            MemorySegment handle = p.get(PTR, 0);
            check((int) setStream.invokeExact(handle, stream), "cublasSetStream");
            mathMode(handle, mathMode);
            return handle;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void mathMode(MemorySegment handle, int mode) {
        try {
            check((int) setMathMode.invokeExact(handle, mode), "cublasSetMathMode(" + mode + ")");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * The operands of one row-major GEMM {@code C[m, n] = A[m, k] B[k, n]} in cuBLAS's column-major terms.
     *
     * @param aTransposed whether A is stored column-major (a transposed view: unit stride on its row axis)
     * @param lda         A's leading dimension: its row stride when row-major, its column stride when transposed
     */
    record Gemm(int m, int n, int k, boolean aTransposed, int lda, boolean bTransposed, int ldb, int ldc) {
        /**
         * The column-major call computing {@code C^T = B^T A^T}: {@code {transa, transb, m, n, k, lda, ldb, ldc}} with
         * cuBLAS's first operand being B. A row-major B read column-major is B^T already (no transposition).
         */
        int[] columnMajor() {
            return new int[] {bTransposed ? OP_T : OP_N, aTransposed ? OP_T : OP_N, n, m, k, ldb, lda, ldc};
        }
    }

    /**
     * {@code C = A B} for float32 or float64 device matrices, {@code batch} times with the given element strides
     * between consecutive matrices (0 broadcasts one matrix), through the strided batched call when {@code batch >
     * 1}.
     */
    void gemm(
            MemorySegment handle,
            boolean float64,
            Gemm g,
            long a,
            long strideA,
            long b,
            long strideB,
            long c,
            long strideC,
            int batch) {
        int[] cm = g.columnMajor();
        String call = (float64 ? "cublasDgemm" : "cublasSgemm") + (batch > 1 ? "StridedBatched" : "") + "(m=" + g.m()
                + ", n=" + g.n() + ", k=" + g.k() + ", batch=" + batch + ")";
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment alpha = float64 ? arena.allocateFrom(DOUBLE, 1.0) : arena.allocateFrom(FLOAT, 1.0f);
            MemorySegment beta = float64 ? arena.allocateFrom(DOUBLE, 0.0) : arena.allocateFrom(FLOAT, 0.0f);
            int status;
            if (batch == 1) {
                MethodHandle h = float64 ? dgemm : sgemm;
                status = (int) h.invokeExact(
                        handle, cm[0], cm[1], cm[2], cm[3], cm[4], alpha, b, cm[5], a, cm[6], beta, c, cm[7]);
            } else {
                MethodHandle h = float64 ? dgemmBatched : sgemmBatched;
                status = (int) h.invokeExact(
                        handle, cm[0], cm[1], cm[2], cm[3], cm[4], alpha, b, cm[5], strideB, a, cm[6], strideA, beta, c,
                        cm[7], strideC, batch);
            }
            check(status, call);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
