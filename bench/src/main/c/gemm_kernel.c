/*
 * What a register-blocked SGEMM micro-kernel reaches in C on one core, for comparing Synapse's Java kernels with
 * the machine (bench/README.md, "What a C kernel reaches, and the 6-row AVX2 kernel again"). Two AVX2 kernels, the
 * shapes FloatGemm uses on 16-register machines: 5 or 6 rows of packed A (one broadcast each per step) by 16 columns
 * of packed B (two 256-bit vectors), 10 or 12 accumulators. B cycles through PANELS panels of depth KC, so that
 * with KC = 1024 and 6 panels it streams from L2 as in a product, and with KC = 128 and 1 panel it stays in L1.
 *
 * build: gcc -O2 -mavx2 -mfma -o gemm_kernel gemm_kernel.c
 * usage: gemm_kernel KC PANELS    (prints the best of 15 runs per kernel, in GFLOP/s)
 * Compare with fma_peak on one thread: OMP_NUM_THREADS=1 fma_peak 1 0.5 5.
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#define STEP(r) \
    x = _mm256_broadcast_ss(a + r); \
    c##r##0 = _mm256_fmadd_ps(x, b0, c##r##0); \
    c##r##1 = _mm256_fmadd_ps(x, b1, c##r##1);
#define STORE(r) \
    _mm256_storeu_ps(c + 16 * r, c##r##0); \
    _mm256_storeu_ps(c + 16 * r + 8, c##r##1);

__attribute__((noinline)) static void kernel5(const float *a, const float *b, int kc, float *c) {
    __m256 z = _mm256_setzero_ps(), c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z,
           c41 = z;
    for (int p = 0; p < kc; p++, a += 5, b += 16) {
        __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8), x;
        STEP(0) STEP(1) STEP(2) STEP(3) STEP(4)
    }
    STORE(0) STORE(1) STORE(2) STORE(3) STORE(4)
}

__attribute__((noinline)) static void kernel6(const float *a, const float *b, int kc, float *c) {
    __m256 z = _mm256_setzero_ps(), c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z,
           c41 = z, c50 = z, c51 = z;
    for (int p = 0; p < kc; p++, a += 6, b += 16) {
        __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8), x;
        STEP(0) STEP(1) STEP(2) STEP(3) STEP(4) STEP(5)
    }
    STORE(0) STORE(1) STORE(2) STORE(3) STORE(4) STORE(5)
}

int main(int argc, char **argv) {
    int kc = argc == 3 ? atoi(argv[1]) : 0, panels = argc == 3 ? atoi(argv[2]) : 0;
    if (kc < 1 || kc > 1 << 16 || panels < 1 || panels > 64) {
        fprintf(stderr, "usage: gemm_kernel KC PANELS  (1 <= KC <= 65536, 1 <= PANELS <= 64)\n");
        return 2;
    }
    float *a = aligned_alloc(64, sizeof(float) * 6 * kc);
    float *b = aligned_alloc(64, sizeof(float) * 16 * (size_t)kc * panels);
    float c[6 * 16];
    if (!a || !b) {
        fprintf(stderr, "gemm_kernel: out of memory\n");
        return 1;
    }
    for (int i = 0; i < 6 * kc; i++) a[i] = (i % 7) * 0.001f;
    for (size_t i = 0; i < 16 * (size_t)kc * panels; i++) b[i] = (i % 5) * 0.001f;
    for (int rows = 5; rows <= 6; rows++) {
        double flops = 2.0 * rows * 16 * kc, best = 0;
        long calls = (long)(4e8 / flops) + 1;
        for (int run = 0; run < 15; run++) {
            double t0 = now();
            for (long q = 0; q < calls; q++) {
                const float *bp = b + 16 * (size_t)kc * (q % panels);
                if (rows == 5) {
                    kernel5(a, bp, kc, c);
                } else {
                    kernel6(a, bp, kc, c);
                }
            }
            double g = flops * calls / (now() - t0) / 1e9;
            best = g > best ? g : best;
        }
        printf("kernel %dx16 kc=%d panels=%d best %.1f GFLOP/s (check %g)\n", rows, kc, panels, best, c[0]);
    }
    free(a);
    free(b);
    return 0;
}
