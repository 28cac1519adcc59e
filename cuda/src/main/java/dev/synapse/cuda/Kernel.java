package dev.synapse.cuda;

import static dev.synapse.cuda.Kernel.Param.DIMS;
import static dev.synapse.cuda.Kernel.Param.F64;
import static dev.synapse.cuda.Kernel.Param.I32;
import static dev.synapse.cuda.Kernel.Param.I64;
import static dev.synapse.cuda.Kernel.Param.PTR;
import static dev.synapse.cuda.Kernel.Param.U32;
import static dev.synapse.cuda.Kernel.Param.VIEW;

import java.util.List;

/**
 * The kernels of {@code cuda/src/main/cuda}, each with its PTX module and its parameter list: {@link KernelArgs}
 * refuses arguments that do not follow it, and {@code KernelSignaturesTest} compares it with the {@code .entry}
 * declarations of the committed PTX, so Java and CUDA C cannot disagree on what a launch passes.
 */
enum Kernel {
    COPY_CAST("elementwise", "copy_cast", I32, I32, DIMS, VIEW, VIEW, PTR, PTR, I64),
    FILL("elementwise", "fill", I32, DIMS, VIEW, PTR, F64, I64),
    UNARY_F32("elementwise", "unary_f32", I32, F64, F64, DIMS, VIEW, VIEW, PTR, PTR, I64),
    UNARY_F64("elementwise", "unary_f64", I32, F64, F64, DIMS, VIEW, VIEW, PTR, PTR, I64),
    UNARY_INT("elementwise", "unary_int", I32, I32, F64, F64, DIMS, VIEW, VIEW, PTR, PTR, I64),
    BINARY_F32("elementwise", "binary_f32", I32, DIMS, VIEW, VIEW, VIEW, PTR, PTR, PTR, I64),
    BINARY_F64("elementwise", "binary_f64", I32, DIMS, VIEW, VIEW, VIEW, PTR, PTR, PTR, I64),
    BINARY_INT("elementwise", "binary_int", I32, I32, DIMS, VIEW, VIEW, VIEW, PTR, PTR, PTR, I64),
    WHERE("elementwise", "where_select", I32, DIMS, VIEW, VIEW, VIEW, VIEW, PTR, PTR, PTR, PTR, I64),
    REDUCE("reduce", "reduce", I32, I32, I32, DIMS, VIEW, VIEW, DIMS, VIEW, PTR, PTR, I64, I64),
    ARG_REDUCE("reduce", "arg_reduce", I32, I32, DIMS, VIEW, VIEW, I64, I64, PTR, PTR, I64),
    RANDOM("random", "random_fill", I32, I32, F64, F64, U32, U32, PTR, I64),
    INDEX_SELECT("index", "index_select", I32, I32, I32, DIMS, VIEW, VIEW, PTR, PTR, I64, I64, PTR, I64),
    INDEX_ADD("index", "index_add", I32, I32, I32, DIMS, VIEW, VIEW, PTR, PTR, I64, I64, PTR, I64),
    GATHER("index", "gather", I32, I32, I32, DIMS, VIEW, VIEW, VIEW, PTR, PTR, PTR, I64),
    SCATTER_ADD("index", "scatter_add", I32, I32, I32, DIMS, VIEW, VIEW, VIEW, PTR, PTR, PTR, I64);

    /** A kernel parameter's C type, with its size and PTX type as {@code nvcc} declares it. */
    enum Param {
        I32(4, "u32"),
        U32(4, "u32"),
        I64(8, "u64"),
        F64(8, "f64"),
        PTR(8, "u64"),
        /** {@code struct Dims} of {@code common.cuh}: 8 int64 sizes and an int rank, padded to 8 bytes. */
        DIMS(KernelArgs.STRUCT_BYTES, "b8"),
        /** {@code struct View}: an int64 offset and 8 int64 strides. */
        VIEW(KernelArgs.STRUCT_BYTES, "b8");

        final int bytes;
        final String ptxType;

        Param(int bytes, String ptxType) {
            this.bytes = bytes;
            this.ptxType = ptxType;
        }
    }

    /** Threads per block of every launch; the reductions' shared arrays are sized for it. */
    static final int THREADS = 256;

    final String module;
    final String entry;
    // A false positive: List.of is unmodifiable, which the check cannot see through the List type.
    @SuppressWarnings("ImmutableEnumChecker")
    final List<Param> params;

    Kernel(String module, String entry, Param... params) {
        this.module = module;
        this.entry = entry;
        this.params = List.of(params);
    }
}
