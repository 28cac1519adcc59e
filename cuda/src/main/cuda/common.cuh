// What every kernel shares: the iteration space and operand views passed by value, element loads and stores with
// the conversions of Synapse's CPU kernels (dev.synapse.backend.cpu.CopyKernels), and the grid-stride loop.
#pragma once
#include <cuda_fp16.h>
#include <cuda_bf16.h>
#include "codes.cuh"

#define MAX_RANK 8

// The iteration space: sizes of up to MAX_RANK axes, row-major. 72 bytes; KernelArgs.dims packs it.
struct Dims {
    long long size[MAX_RANK];
    int rank;
};

// One operand's element offset and per-axis element strides over a Dims (0 where it is broadcast). 72 bytes;
// KernelArgs.view packs it.
struct View {
    long long offset;
    long long stride[MAX_RANK];
};

#define GRID_STRIDE_LOOP(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long)gridDim.x * blockDim.x)

__device__ __forceinline__ long long offset_of(const Dims& d, const View& v, long long i) {
    long long off = v.offset;
    for (int k = d.rank - 1; k >= 0; k--) {
        long long s = d.size[k];
        off += (i % s) * v.stride[k];
        i /= s;
    }
    return off;
}

__device__ __forceinline__ bool is_floating(int t) { return t <= T_BF16; }

__device__ __forceinline__ int element_bytes(int t) {
    switch (t) {
        case T_F64: case T_I64: return 8;
        case T_F32: case T_I32: return 4;
        case T_F16: case T_BF16: case T_I16: return 2;
        default: return 1;
    }
}

__device__ __forceinline__ double load_double(const void* p, int t, long long i) {
    switch (t) {
        case T_F32: return ((const float*)p)[i];
        case T_F64: return ((const double*)p)[i];
        case T_F16: return __half2float(((const __half*)p)[i]);
        case T_BF16: return __bfloat162float(((const __nv_bfloat16*)p)[i]);
        case T_I64: return (double)((const long long*)p)[i];
        case T_I32: return ((const int*)p)[i];
        case T_I16: return ((const short*)p)[i];
        case T_I8: return ((const signed char*)p)[i];
        case T_U8: return ((const unsigned char*)p)[i];
        default: return ((const unsigned char*)p)[i] != 0 ? 1.0 : 0.0;
    }
}

__device__ __forceinline__ long long load_long(const void* p, int t, long long i) {
    switch (t) {
        case T_I64: return ((const long long*)p)[i];
        case T_I32: return ((const int*)p)[i];
        case T_I16: return ((const short*)p)[i];
        case T_I8: return ((const signed char*)p)[i];
        case T_U8: return ((const unsigned char*)p)[i];
        case T_BOOL: return ((const unsigned char*)p)[i] != 0 ? 1 : 0;
        default: return (long long)load_double(p, t, i);
    }
}

// As Java's casts: to an integer type through a saturating conversion (NaN to 0; PTX's cvt.rzi saturates), the narrow
// integers wrapping from int64; to the half types through float32, rounding to nearest even; to bool, v != 0.
__device__ __forceinline__ void store_double(void* p, int t, long long i, double v) {
    switch (t) {
        case T_F32: ((float*)p)[i] = (float)v; break;
        case T_F64: ((double*)p)[i] = v; break;
        case T_F16: ((__half*)p)[i] = __float2half_rn((float)v); break;
        case T_BF16: ((__nv_bfloat16*)p)[i] = __float2bfloat16_rn((float)v); break;
        case T_I64: ((long long*)p)[i] = (long long)v; break;
        case T_I32: ((int*)p)[i] = (int)v; break;
        case T_I16: ((short*)p)[i] = (short)(long long)v; break;
        case T_I8: ((signed char*)p)[i] = (signed char)(long long)v; break;
        case T_U8: ((unsigned char*)p)[i] = (unsigned char)(long long)v; break;
        default: ((unsigned char*)p)[i] = v != 0.0 ? 1 : 0; break;
    }
}

// Between integer types values wrap, as Java's narrowing casts.
__device__ __forceinline__ void store_long(void* p, int t, long long i, long long v) {
    switch (t) {
        case T_I64: ((long long*)p)[i] = v; break;
        case T_I32: ((int*)p)[i] = (int)v; break;
        case T_I16: ((short*)p)[i] = (short)v; break;
        case T_I8: ((signed char*)p)[i] = (signed char)v; break;
        case T_U8: ((unsigned char*)p)[i] = (unsigned char)v; break;
        case T_BOOL: ((unsigned char*)p)[i] = v != 0 ? 1 : 0; break;
        default: store_double(p, t, i, (double)v); break;
    }
}

// Moves one element of `bytes` bytes: copies and selections need no arithmetic.
__device__ __forceinline__ void move_element(void* dst, long long di, const void* src, long long si, int bytes) {
    switch (bytes) {
        case 8: ((long long*)dst)[di] = ((const long long*)src)[si]; break;
        case 4: ((int*)dst)[di] = ((const int*)src)[si]; break;
        case 2: ((short*)dst)[di] = ((const short*)src)[si]; break;
        default: ((char*)dst)[di] = ((const char*)src)[si]; break;
    }
}

__device__ __forceinline__ long long load_index(const void* p, int t, long long i) {
    return t == T_I64 ? ((const long long*)p)[i] : (long long)((const int*)p)[i];
}
