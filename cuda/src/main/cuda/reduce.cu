// Reductions (Backend.reduce) and arg-reductions (Backend.argReduce): one block of THREADS threads per output
// element, each thread striding over the reduced elements, then a tree in shared memory. Floating values accumulate
// in double, integers in int64 (wrapping as Java's), so float32 sums are at least as accurate as the CPU's.
#include "common.cuh"

#define THREADS 256

__device__ __forceinline__ double combine_double(int op, double acc, double v) {
    switch (op) {
        case R_SUM: return acc + v;
        case R_PROD: return acc * v;
        // NaN wins: once acc is NaN no comparison replaces it.
        case R_MAX: return (v != v || v > acc) ? v : acc;
        default: return (v != v || v < acc) ? v : acc;
    }
}

__device__ __forceinline__ long long combine_long(int op, long long acc, long long v) {
    switch (op) {
        case R_SUM: return (long long)((unsigned long long)acc + (unsigned long long)v);
        case R_PROD: return (long long)((unsigned long long)acc * (unsigned long long)v);
        case R_MAX: return v > acc ? v : acc;
        default: return v < acc ? v : acc;
    }
}

__device__ __forceinline__ double init_double(int op) {
    switch (op) {
        case R_SUM: return 0.0;
        case R_PROD: return 1.0;
        case R_MAX: return -__longlong_as_double(0x7ff0000000000000LL);
        default: return __longlong_as_double(0x7ff0000000000000LL);
    }
}

__device__ __forceinline__ long long init_long(int op) {
    switch (op) {
        case R_SUM: return 0;
        case R_PROD: return 1;
        case R_MAX: return (long long)0x8000000000000000ULL;
        default: return 0x7fffffffffffffffLL;
    }
}

// out (kept axes, keep-dims layout) = op over the reduced axes of x. kept/xk/ok iterate the output elements, red/xr
// (offset 0) the reduced elements of one output.
extern "C" __global__ void reduce(int op, int xt, int ot, Dims kept, View xk, View ok, Dims red, View xr,
                                  const void* x, void* out, long long nOut, long long nRed) {
    __shared__ double sd[THREADS];
    __shared__ long long sl[THREADS];
    bool floating = is_floating(xt);
    for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {
        long long xb = offset_of(kept, xk, o);
        if (floating) {
            double acc = init_double(op);
            for (long long j = threadIdx.x; j < nRed; j += THREADS) {
                acc = combine_double(op, acc, load_double(x, xt, xb + offset_of(red, xr, j)));
            }
            sd[threadIdx.x] = acc;
        } else {
            long long acc = init_long(op);
            for (long long j = threadIdx.x; j < nRed; j += THREADS) {
                acc = combine_long(op, acc, load_long(x, xt, xb + offset_of(red, xr, j)));
            }
            sl[threadIdx.x] = acc;
        }
        __syncthreads();
        for (int s = THREADS / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) {
                if (floating) {
                    sd[threadIdx.x] = combine_double(op, sd[threadIdx.x], sd[threadIdx.x + s]);
                } else {
                    sl[threadIdx.x] = combine_long(op, sl[threadIdx.x], sl[threadIdx.x + s]);
                }
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) {
            long long at = offset_of(kept, ok, o);
            // An empty reduction writes its identity as the CPU does, through a double.
            if (floating || nRed == 0) {
                store_double(out, ot, at, floating ? sd[0] : (double)init_long(op));
            } else {
                store_long(out, ot, at, sl[0]);
            }
        }
        __syncthreads();
    }
}

// Whether candidate (v, i) beats the best so far (w, j): the first NaN wins, then the larger (smaller) value, then
// the smaller index.
__device__ __forceinline__ bool better_double(bool max, double v, long long i, double w, long long j) {
    if (j < 0) return i >= 0;
    if (i < 0) return false;
    bool vn = v != v, wn = w != w;
    if (vn || wn) return vn && (!wn || i < j);
    if (v == w) return i < j;
    return max ? v > w : v < w;
}

__device__ __forceinline__ bool better_long(bool max, long long v, long long i, long long w, long long j) {
    if (j < 0) return i >= 0;
    if (i < 0) return false;
    if (v == w) return i < j;
    return max ? v > w : v < w;
}

// out[int64] = index along the axis (length len, element stride stride) of the largest or smallest element.
extern "C" __global__ void arg_reduce(int isMax, int xt, Dims kept, View xk, View ok, long long len,
                                      long long stride, const void* x, long long* out, long long nOut) {
    __shared__ double sd[THREADS];
    __shared__ long long sl[THREADS];
    __shared__ long long si[THREADS];
    bool floating = is_floating(xt);
    bool max = isMax != 0;
    for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {
        long long xb = offset_of(kept, xk, o);
        double bd = 0.0;
        long long bl = 0, bi = -1;
        for (long long j = threadIdx.x; j < len; j += THREADS) {
            if (floating) {
                double v = load_double(x, xt, xb + j * stride);
                if (better_double(max, v, j, bd, bi)) { bd = v; bi = j; }
            } else {
                long long v = load_long(x, xt, xb + j * stride);
                if (better_long(max, v, j, bl, bi)) { bl = v; bi = j; }
            }
        }
        sd[threadIdx.x] = bd;
        sl[threadIdx.x] = bl;
        si[threadIdx.x] = bi;
        __syncthreads();
        for (int s = THREADS / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) {
                int u = threadIdx.x + s;
                bool take = floating ? better_double(max, sd[u], si[u], sd[threadIdx.x], si[threadIdx.x])
                                     : better_long(max, sl[u], si[u], sl[threadIdx.x], si[threadIdx.x]);
                if (take) {
                    sd[threadIdx.x] = sd[u];
                    sl[threadIdx.x] = sl[u];
                    si[threadIdx.x] = si[u];
                }
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) {
            out[offset_of(kept, ok, o)] = si[0] < 0 ? 0 : si[0];
        }
        __syncthreads();
    }
}
