// Random draws (Backend.random): Philox4x32-10 with the constants and word order of dev.synapse.backend.Philox, and
// the value formulas of dev.synapse.backend.RandomDraw, so that a draw gives the CPU's values for the same key.
// Built with --fmad=false: a fused multiply-add would round differently from Java's separate multiply and add.
#include "common.cuh"

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

__device__ __forceinline__ void philox(unsigned c[4], unsigned k0, unsigned k1) {
    for (int round = 0; round < 10; round++) {
        unsigned long long p0 = (unsigned long long)PHILOX_M0 * c[0];
        unsigned long long p1 = (unsigned long long)PHILOX_M1 * c[2];
        unsigned n0 = (unsigned)(p1 >> 32) ^ c[1] ^ k0;
        unsigned n1 = (unsigned)p1;
        unsigned n2 = (unsigned)(p0 >> 32) ^ c[3] ^ k1;
        unsigned n3 = (unsigned)p0;
        c[0] = n0;
        c[1] = n1;
        c[2] = n2;
        c[3] = n3;
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
}

// A uniform double in [0, 1) from 53 bits of two words (Philox.unit): exact, so the same on every device.
__device__ __forceinline__ double unit(unsigned hi, unsigned lo) {
    return ldexp((double)((((unsigned long long)hi) << 21) ^ (lo >> 11)), -53);
}

__device__ __forceinline__ void block_of(long long i, unsigned attempt, unsigned k0, unsigned k1, unsigned w[4]) {
    w[0] = (unsigned)i;
    w[1] = (unsigned)((unsigned long long)i >> 32);
    w[2] = attempt;
    w[3] = 0;
    philox(w, k0, k1);
}

__device__ __forceinline__ double gaussian(long long i, unsigned attempt, unsigned k0, unsigned k1) {
    unsigned w[4];
    block_of(i, attempt, k0, k1, w);
    double u1 = 1.0 - unit(w[0], w[1]);
    double u2 = unit(w[2], w[3]);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2);
}

// out (contiguous, float or bool) element i = the draw's value from counter (i low, i high, attempt, 0).
// Uniform(a = low, b = high), Normal and TruncatedNormal(a = mean, b = std), Bernoulli(a = p).
extern "C" __global__ void random_fill(int kind, int ot, double a, double b, unsigned k0, unsigned k1, void* out,
                                       long long n) {
    GRID_STRIDE_LOOP(i, n) {
        double v;
        unsigned w[4];
        switch (kind) {
            case D_UNIFORM:
                block_of(i, 0, k0, k1, w);
                v = a + (b - a) * unit(w[0], w[1]);
                break;
            case D_NORMAL:
                v = a + b * gaussian(i, 0, k0, k1);
                break;
            case D_TRUNCATED_NORMAL: {
                double z;
                unsigned attempt = 0;
                do {
                    z = gaussian(i, attempt++, k0, k1);
                } while (fabs(z) > 2.0);
                v = a + b * z;
                break;
            }
            default:
                block_of(i, 0, k0, k1, w);
                v = unit(w[0], w[1]) < a ? 1.0 : 0.0;
                break;
        }
        store_double(out, ot, i, v);
    }
}
