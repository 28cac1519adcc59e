// Indexing (Backend.indexSelect, indexAdd, gather, scatterAdd). Indices are int32 or int64 (it) and already
// range-checked by the ops. The adds use atomics, so float sums into one element may come in any order.
#include "common.cuh"

// The element offsets of one linear index i over d in two views, axis `axis` of the first taking coordinate `at`
// instead of its own; `coord` receives the own coordinate along that axis.
__device__ __forceinline__ void offsets_along(const Dims& d, long long i, int axis, const View& moved,
                                              const View& plain, long long* movedBase, long long* plainOff,
                                              long long* coord) {
    long long mo = moved.offset, po = plain.offset;
    for (int k = d.rank - 1; k >= 0; k--) {
        long long s = d.size[k];
        long long c = i % s;
        i /= s;
        if (k == axis) {
            *coord = c;
        } else {
            mo += c * moved.stride[k];
        }
        po += c * plain.stride[k];
    }
    *movedBase = mo;
    *plainOff = po;
}

__device__ __forceinline__ void atomic_add_element(void* p, int t, long long at, const void* src, long long from) {
    switch (t) {
        case T_F32: atomicAdd((float*)p + at, ((const float*)src)[from]); break;
        case T_F64: atomicAdd((double*)p + at, ((const double*)src)[from]); break;
        case T_I32: atomicAdd((int*)p + at, ((const int*)src)[from]); break;
        default:
            atomicAdd((unsigned long long*)p + at, (unsigned long long)((const long long*)src)[from]);
            break;
    }
}

// out[..., j, ...] = x[..., index[j], ...]; d iterates out, index is 1-D (istride).
extern "C" __global__ void index_select(int bytes, int it, int axis, Dims d, View vx, View vo, const void* x,
                                        const void* index, long long ioff, long long istride, void* out, long long n) {
    GRID_STRIDE_LOOP(i, n) {
        long long xb, o, j;
        offsets_along(d, i, axis, vx, vo, &xb, &o, &j);
        long long at = load_index(index, it, ioff + j * istride);
        move_element(out, o, x, xb + at * vx.stride[axis], bytes);
    }
}

// out[..., index[j], ...] += src[..., j, ...]; d iterates src.
extern "C" __global__ void index_add(int t, int it, int axis, Dims d, View vo, View vs, void* out,
                                     const void* index, long long ioff, long long istride, const void* src,
                                     long long n) {
    GRID_STRIDE_LOOP(i, n) {
        long long ob, s, j;
        offsets_along(d, i, axis, vo, vs, &ob, &s, &j);
        long long at = load_index(index, it, ioff + j * istride);
        atomic_add_element(out, t, ob + at * vo.stride[axis], src, s);
    }
}

// out[i][j][k] = x[i][index[i][j][k]][k] for axis 1, likewise for any axis; d iterates index and out.
extern "C" __global__ void gather(int bytes, int it, int axis, Dims d, View vx, View vi, View vo, const void* x,
                                  const void* index, void* out, long long n) {
    GRID_STRIDE_LOOP(i, n) {
        long long xb, o, j;
        offsets_along(d, i, axis, vx, vo, &xb, &o, &j);
        long long at = load_index(index, it, offset_of(d, vi, i));
        move_element(out, o, x, xb + at * vx.stride[axis], bytes);
    }
}

// out[i][index[i][j][k]][k] += src[i][j][k]; d iterates index (src may be larger).
extern "C" __global__ void scatter_add(int t, int it, int axis, Dims d, View vo, View vi, View vs, void* out,
                                       const void* index, const void* src, long long n) {
    GRID_STRIDE_LOOP(i, n) {
        long long ob, s, j;
        offsets_along(d, i, axis, vo, vs, &ob, &s, &j);
        long long at = load_index(index, it, offset_of(d, vi, i));
        atomic_add_element(out, t, ob + at * vo.stride[axis], src, s);
    }
}
