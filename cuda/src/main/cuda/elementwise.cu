// Elementwise kernels: copy with casts, fill, unary and binary functions with broadcasting over arbitrary strides,
// and where. Each serves one Backend method (CudaBackend names it); float32 computes in float, float64 in double,
// the integer types in int64 (their exact functions) or double (the others), as the CPU kernels do.
#include "common.cuh"

#define SELU_ALPHA 1.6732632423543772848170429916717
#define SELU_SCALE 1.0507009873554804934193349852946

// Backend.copy: dst = (dt) src, broadcast through zero strides.
extern "C" __global__ void copy_cast(int st, int dt, Dims d, View vs, View vd, const void* src, void* dst,
                                     long long n) {
    int bytes = element_bytes(dt);
    bool floating = is_floating(st) || is_floating(dt);
    GRID_STRIDE_LOOP(i, n) {
        long long so = offset_of(d, vs, i);
        long long o = offset_of(d, vd, i);
        if (st == dt) {
            move_element(dst, o, src, so, bytes);
        } else if (floating) {
            store_double(dst, dt, o, load_double(src, st, so));
        } else {
            store_long(dst, dt, o, load_long(src, st, so));
        }
    }
}

// Backend.fill: the value converted as a copy from float64 converts it.
extern "C" __global__ void fill(int dt, Dims d, View v, void* dst, double value, long long n) {
    GRID_STRIDE_LOOP(i, n) {
        store_double(dst, dt, offset_of(d, v, i), value);
    }
}

template <typename T>
__device__ __forceinline__ T sigmoid_of(T x) {
    return x >= T(0) ? T(1) / (T(1) + exp(-x)) : exp(x) / (T(1) + exp(x));
}

// The formulas of dev.synapse.backend.cpu.ScalarMath, NaN propagating as there.
template <typename T>
__device__ __forceinline__ T unary_of(int op, T x, T p1, T p2) {
    switch (op) {
        case U_NEG: return -x;
        case U_ABS: return fabs(x);
        case U_SIGN: return x > T(0) ? T(1) : (x < T(0) ? T(-1) : x);
        case U_SQUARE: return x * x;
        case U_SQRT: return sqrt(x);
        case U_RSQRT: return T(1) / sqrt(x);
        case U_EXP: return exp(x);
        case U_LOG: return log(x);
        case U_LOG1P: return log1p(x);
        case U_EXPM1: return expm1(x);
        case U_RECIPROCAL: return T(1) / x;
        case U_SIN: return sin(x);
        case U_COS: return cos(x);
        case U_TANH: return tanh(x);
        case U_SIGMOID: return sigmoid_of(x);
        case U_ERF: return erf(x);
        case U_FLOOR: return floor(x);
        case U_CEIL: return ceil(x);
        case U_ROUND: return rint(x);
        case U_RELU: return x <= T(0) ? T(0) : x;
        case U_LEAKY_RELU: return x > T(0) ? x : p1 * x;
        case U_ELU: return x > T(0) ? x : p1 * expm1(x);
        case U_SELU: return T(SELU_SCALE) * (x > T(0) ? x : T(SELU_ALPHA) * expm1(x));
        // x Phi(x) through erfc, accurate in the far negative tail where 1 + erf(x) cancels.
        case U_GELU: return T(0.5) * x * erfc(-x * T(0.70710678118654752440));
        case U_SOFTPLUS: return (x != x ? x : (x > T(0) ? x : T(0))) + log1p(exp(-fabs(x)));
        case U_SOFTSIGN: return x / (T(1) + fabs(x));
        case U_SILU: return x * sigmoid_of(x);
        case U_HARD_SIGMOID: {
            T t = x + T(3);
            t = t < T(0) ? T(0) : t;
            t = t > T(6) ? T(6) : t;
            return t / T(6);
        }
        case U_CLAMP: return x < p1 ? p1 : (x > p2 ? p2 : x);
        case U_POW_SCALAR: return pow(x, p1);
        case U_NOT: return x == T(0) ? T(1) : T(0);
        default: return x;
    }
}

// Backend.unary on float32 and float64.
extern "C" __global__ void unary_f32(int op, double p1, double p2, Dims d, View vx, View vo, const float* x,
                                     float* out, long long n) {
    float q1 = (float)p1, q2 = (float)p2;
    GRID_STRIDE_LOOP(i, n) {
        out[offset_of(d, vo, i)] = unary_of<float>(op, x[offset_of(d, vx, i)], q1, q2);
    }
}

extern "C" __global__ void unary_f64(int op, double p1, double p2, Dims d, View vx, View vo, const double* x,
                                     double* out, long long n) {
    GRID_STRIDE_LOOP(i, n) {
        out[offset_of(d, vo, i)] = unary_of<double>(op, x[offset_of(d, vx, i)], p1, p2);
    }
}

// Backend.unary on int32, int64 and bool: the exact functions in int64 (wrapping as Java), the others in double.
extern "C" __global__ void unary_int(int op, int t, double p1, double p2, Dims d, View vx, View vo, const void* x,
                                     void* out, long long n) {
    GRID_STRIDE_LOOP(i, n) {
        long long xo = offset_of(d, vx, i);
        long long o = offset_of(d, vo, i);
        long long v = load_long(x, t, xo);
        unsigned long long u = (unsigned long long)v;
        switch (op) {
            case U_NEG: store_long(out, t, o, (long long)(0ULL - u)); break;
            case U_ABS: store_long(out, t, o, v < 0 ? (long long)(0ULL - u) : v); break;
            case U_SIGN: store_long(out, t, o, v > 0 ? 1 : (v < 0 ? -1 : 0)); break;
            case U_SQUARE: store_long(out, t, o, (long long)(u * u)); break;
            case U_RELU: store_long(out, t, o, v < 0 ? 0 : v); break;
            case U_CLAMP: {
                double c = (double)v < p1 ? p1 : ((double)v > p2 ? p2 : (double)v);
                store_double(out, t, o, c);
                break;
            }
            case U_NOT: store_long(out, t, o, v == 0 ? 1 : 0); break;
            default: store_double(out, t, o, unary_of<double>(op, (double)v, p1, p2)); break;
        }
    }
}

template <typename T>
__device__ __forceinline__ T binary_of(int op, T a, T b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_POW: return pow(a, b);
        case B_MAXIMUM: return a != a ? a : (b != b ? b : (a > b ? a : b));
        case B_MINIMUM: return a != a ? a : (b != b ? b : (a < b ? a : b));
        case B_RELU_GRAD: return b <= T(0) ? T(0) : a;
        default: return a;
    }
}

template <typename T>
__device__ __forceinline__ bool compare_of(int op, T a, T b) {
    switch (op) {
        case B_EQ: return a == b;
        case B_NE: return a != b;
        case B_LT: return a < b;
        case B_LE: return a <= b;
        case B_GT: return a > b;
        case B_GE: return a >= b;
        case B_AND: return a != T(0) && b != T(0);
        case B_OR: return a != T(0) || b != T(0);
        default: return (a != T(0)) != (b != T(0));
    }
}

// Backend.binary on float32 and float64; comparisons write bool (one byte).
template <typename T>
__device__ __forceinline__ void binary_floating(int op, const Dims& d, const View& va, const View& vb, const View& vo,
                                                const T* a, const T* b, void* out, long long n) {
    bool compare = op >= B_EQ && op <= B_XOR;
    GRID_STRIDE_LOOP(i, n) {
        T x = a[offset_of(d, va, i)];
        T y = b[offset_of(d, vb, i)];
        long long o = offset_of(d, vo, i);
        if (compare) {
            ((unsigned char*)out)[o] = compare_of<T>(op, x, y) ? 1 : 0;
        } else {
            ((T*)out)[o] = binary_of<T>(op, x, y);
        }
    }
}

extern "C" __global__ void binary_f32(int op, Dims d, View va, View vb, View vo, const float* a, const float* b,
                                      void* out, long long n) {
    binary_floating<float>(op, d, va, vb, vo, a, b, out, n);
}

extern "C" __global__ void binary_f64(int op, Dims d, View va, View vb, View vo, const double* a, const double* b,
                                      void* out, long long n) {
    binary_floating<double>(op, d, va, vb, vo, a, b, out, n);
}

// Backend.binary on int32, int64 and bool, in int64: sums and products wrap as Java's; pow goes through double, as
// dev.synapse.backend.cpu's LongScalarMath. Division by zero, which the CPU refuses, gives 0 here: the op checks it.
extern "C" __global__ void binary_int(int op, int t, Dims d, View va, View vb, View vo, const void* a, const void* b,
                                      void* out, long long n) {
    bool compare = op >= B_EQ && op <= B_XOR;
    GRID_STRIDE_LOOP(i, n) {
        long long x = load_long(a, t, offset_of(d, va, i));
        long long y = load_long(b, t, offset_of(d, vb, i));
        long long o = offset_of(d, vo, i);
        if (compare) {
            ((unsigned char*)out)[o] = compare_of<long long>(op, x, y) ? 1 : 0;
            continue;
        }
        unsigned long long ux = (unsigned long long)x, uy = (unsigned long long)y;
        long long r;
        switch (op) {
            case B_ADD: r = (long long)(ux + uy); break;
            case B_SUB: r = (long long)(ux - uy); break;
            case B_MUL: r = (long long)(ux * uy); break;
            case B_DIV: r = y == 0 ? 0 : (x == (long long)0x8000000000000000ULL && y == -1 ? x : x / y); break;
            case B_POW: r = (long long)pow((double)x, (double)y); break;
            case B_MAXIMUM: r = x > y ? x : y; break;
            case B_RELU_GRAD: r = y <= 0 ? 0 : x; break;
            default: r = x < y ? x : y; break;
        }
        store_long(out, t, o, r);
    }
}

// Backend.where: out = cond ? a : b, moving elements of any dtype by their size.
extern "C" __global__ void where_select(int bytes, Dims d, View vc, View va, View vb, View vo,
                                        const unsigned char* cond, const void* a, const void* b, void* out,
                                        long long n) {
    GRID_STRIDE_LOOP(i, n) {
        long long o = offset_of(d, vo, i);
        if (cond[offset_of(d, vc, i)]) {
            move_element(out, o, a, offset_of(d, va, i), bytes);
        } else {
            move_element(out, o, b, offset_of(d, vb, i), bytes);
        }
    }
}
