/*
 * The machine's float32 FMA peak as C reaches it, for ./synapse bench race: every OpenMP thread runs
 * 12 independent chains of fused multiply-adds, enough to cover the FMA latency (4 cycles) times two FMA
 * pipes with room to spare: 256-bit (AVX2 + FMA; gcc -O2 -mfma -mavx2 -fopenmp), or 512-bit where the
 * race compiles it with -mavx512f for a machine that has AVX-512 (Java's preferred vectors are 512-bit there).
 *
 * usage: fma_peak THREADS SECONDS RUNS
 * prints one line, in GFLOP/s: race side=c workload=peak unit=gflops median=G min=G max=G n=RUNS cpu=G,
 * median, min and max over the runs of all threads' FMAs per wall second, and cpu, the best run's FMAs
 * per second of the CPU time the threads were given, times the threads (what the cores do while they
 * run, whatever else the machine is doing).
 */
#include <immintrin.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHAINS 12

static double clock_s(clockid_t id) {
    struct timespec t;
    clock_gettime(id, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double now(void) { return clock_s(CLOCK_MONOTONIC); }

#ifdef __AVX512F__
#define LANES 16
#define VEC __m512
#define SET1 _mm512_set1_ps
#define ZERO _mm512_setzero_ps
#define FMADD _mm512_fmadd_ps
#define ADD _mm512_add_ps
#define STORE _mm512_storeu_ps
#define ISA "avx512"
#else
#define LANES 8
#define VEC __m256
#define SET1 _mm256_set1_ps
#define ZERO _mm256_setzero_ps
#define FMADD _mm256_fmadd_ps
#define ADD _mm256_add_ps
#define STORE _mm256_storeu_ps
#define ISA "avx2"
#endif

/* acc += x * y, as the Java loop: grows until a step is below half its ulp, then stays; no overflow, no subnormals. */
static float loop(long iterations) {
    VEC x = SET1(0.999f), y = SET1(0.001f);
    VEC a[CHAINS];
    for (int c = 0; c < CHAINS; c++) a[c] = ZERO();
    for (long i = 0; i < iterations; i++) {
#pragma GCC unroll 16
        for (int c = 0; c < CHAINS; c++) a[c] = FMADD(x, y, a[c]);
    }
    VEC s = a[0];
    for (int c = 1; c < CHAINS; c++) s = ADD(s, a[c]);
    float out[LANES], sum = 0;
    STORE(out, s);
    for (int l = 0; l < LANES; l++) sum += out[l];
    return sum;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: fma_peak THREADS SECONDS RUNS\n");
        return 2;
    }
    int threads = atoi(argv[1]), runs = atoi(argv[3]);
    double seconds = atof(argv[2]);
    if (threads < 1 || runs < 1 || runs > 1000 || !(seconds > 0)) {
        fprintf(stderr, "fma_peak: bad arguments\n");
        return 2;
    }
    omp_set_num_threads(threads);
    volatile float sink = 0;
    long iters = 1 << 16;
    for (;;) { /* calibrate one thread to about SECONDS */
        double t0 = now();
        sink += loop(iters);
        double s = now() - t0;
        if (s > 0.02) {
            iters = (long)(iters * seconds / s);
            break;
        }
        iters *= 4;
    }
    double *g = malloc(sizeof(double) * runs);
    double cpu_best = 0;
    for (int r = 0; r < runs; r++) {
        double cpu = 0;
        double t0 = now();
#pragma omp parallel reduction(+ : cpu)
        {
            double c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
            sink += loop(iters);
            cpu += clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
        }
        double flops = 2.0 * LANES * CHAINS * iters * threads;
        g[r] = flops / (now() - t0) / 1e9;
        if (flops / cpu / 1e9 * threads > cpu_best) cpu_best = flops / cpu / 1e9 * threads;
    }
    qsort(g, runs, sizeof(double), cmp);
    printf("race side=c workload=peak unit=gflops median=%.4f min=%.4f max=%.4f n=%d cpu=%.4f threads=%d isa=%s\n",
           g[runs / 2], g[0], g[runs - 1], runs, cpu_best, threads, ISA);
    free(g);
    return 0;
}
