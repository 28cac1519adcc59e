/*
 * The machine's float32 FMA peak as C reaches it, for ./synapse bench race: every OpenMP thread runs
 * 12 independent chains of 256-bit fused multiply-adds (AVX2 + FMA; gcc -O2 -mfma -mavx2 -fopenmp),
 * enough to cover the FMA latency (4 cycles) times two FMA pipes with room to spare.
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

/* acc = acc * x + y converges to y / (1 - x): no overflow, no subnormals. */
static float loop(long iterations) {
    __m256 x = _mm256_set1_ps(0.999f), y = _mm256_set1_ps(0.001f);
    __m256 a[CHAINS];
    for (int c = 0; c < CHAINS; c++) a[c] = _mm256_setzero_ps();
    for (long i = 0; i < iterations; i++) {
#pragma GCC unroll 16
        for (int c = 0; c < CHAINS; c++) a[c] = _mm256_fmadd_ps(a[c], x, y);
    }
    __m256 s = a[0];
    for (int c = 1; c < CHAINS; c++) s = _mm256_add_ps(s, a[c]);
    float out[8];
    _mm256_storeu_ps(out, s);
    return out[0] + out[1] + out[2] + out[3] + out[4] + out[5] + out[6] + out[7];
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
        double flops = 2.0 * 8 * CHAINS * iters * threads;
        g[r] = flops / (now() - t0) / 1e9;
        if (flops / cpu / 1e9 * threads > cpu_best) cpu_best = flops / cpu / 1e9 * threads;
    }
    qsort(g, runs, sizeof(double), cmp);
    printf("race side=c workload=peak unit=gflops median=%.4f min=%.4f max=%.4f n=%d cpu=%.4f threads=%d\n",
           g[runs / 2], g[0], g[runs - 1], runs, cpu_best, threads);
    free(g);
    return 0;
}
