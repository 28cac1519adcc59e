package dev.synapse.backend.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGEMM on strided float32 matrices: packed panels and a register-blocked micro-kernel.
 *
 * <p>Layout of the work. The product is cut into chunks of at most {@link #CHUNK_MN} rows and columns and
 * {@link #CHUNK_K} steps of k, so that packed copies of the chunk's A rows and B columns stay in the last-level
 * cache. For each chunk, phase 1 packs A into panels of {@code mr} rows and B into panels of {@link #NR} columns, in
 * parallel; phase 2 hands out blocks of C tiles to the threads, which read the shared packed panels. Within a block
 * the loop takes one A panel ({@code mr x k}) and sweeps the block's B panels past it, as many as fit in 3/8 of
 * the L2 cache ({@link #columnPanels}). Every micro-tile runs the chunk's whole depth at once, so each chunk reads and
 * writes a tile of C once: with 256-deep k-blocks the extra passes over C cost 4-7% of a 1024 x 1024 product on 2
 * threads. Packing pads with zeros, so the micro-kernel always computes a full tile; it leaves the tile in a small
 * per-thread buffer, from which the valid part is written or added into C (with vectors where C's rows are
 * unit-stride).
 *
 * <p>Packing buffers belong to the thread that calls {@link #gemm} and are kept for its next call (at most
 * {@code 2048 x 1024} values each for A and B, B's off the heap and freed with the thread's buffers); nothing else is
 * allocated per call beyond a few small objects.
 */
final class FloatGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes of the preferred species. */
    static final int V = S.length();
    /** Micro-tile width: two vectors. */
    static final int NR = 2 * V;
    /**
     * Micro-tile height. 512-bit vector units (AVX-512) come with 32 vector registers, which hold a
     * 12-row tile (24 accumulators, 2 B vectors, broadcasts): per step it loads B's two vectors for 24
     * multiply-adds, where 8 rows load them for 16, which left the kernel short of the FMA peak while
     * B streamed from L2. With 16 registers (AVX2) 8 and 6 rows spill an accumulator to the stack; 5 rows (10
     * accumulators) made products 4-9% faster than 4 rows with 8 (-XX:UseAVX=2 on AVX-512, 2 threads: 1024^3
     * 50/60 pairs, the MLP's 256x784 @ 784x512 43/60, 2048^3 16/20), as the two B vectors loaded per step now feed
     * 10 multiply-adds and 8 accumulators left no slack over the FMA latency.
     */
    static final int MR = S.vectorBitSize() >= 512 ? 12 : 5;
    /** Widest B block a thread sweeps per A panel, in columns. */
    static final int NC = 512;
    /**
     * Packed B lives off the heap, aligned to a cache line, so that none of the micro-kernel's vector loads of B
     * straddles two lines (a Java array's elements start 16 bytes past an 8-byte-aligned header, and the collector
     * may move it): 3-4% for the kernel alone, 1024^3 and 2048^3 on 2 threads won 61/100 and 18/20 pairs.
     */
    private static final long B_ALIGNMENT = 64;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /**
     * Bytes of packed B per step of k, and per vector. The micro-kernels walk B by a long byte offset: from an int
     * index scaled each step, C2 kept two bounds checks and a sign extension per step in the loop, which cost the
     * AVX2 kernel (then 4 rows: 8 FMAs a step) a third of its rate.
     */
    private static final long STEP_BYTES = (long) Float.BYTES * NR;

    private static final long VECTOR_BYTES = (long) Float.BYTES * V;
    /** Rows and columns of one chunk; with {@link #CHUNK_K} its packed panels (16 MiB) stay in L3. */
    private static final int CHUNK_MN = 2048;
    /** Steps of k per chunk, which every micro-tile runs at once. */
    static final int CHUNK_K = 1024;

    /** Below this many multiply-adds packing does not pay for itself. */
    static final long SMALL_WORK = 16 * 16 * 16;
    /** Panels packed per claim: enough to amortize the atomic, few enough to balance. */
    private static final int PACK_PANELS = 4;
    /** Tile blocks of fewer row panels than this pay too often for reading their B panels from L3; see blocks. */
    static final int FEW_ROW_PANELS = 16;
    /** Depth from which reading a B panel from L3 costs a kernel call much more than reading an A panel does. */
    static final int COLD_B_DEPTH = 512;
    /** Rows of a row-major B packed per claim, into every column panel. */
    private static final int PACK_ROWS = 32;
    /** Rows of B per tile of {@link #packBRows}. */
    private static final int PACK_STRIP = 16;
    /** Column panels per tile of {@link #packBRows}. */
    private static final int PACK_GROUP = 8;
    /**
     * Depth from which a product with at most one vector of columns takes {@link #narrowDots}: at k = 512 it ran 2.4x
     * faster than {@link #narrow} (256 x 512 @ 512 x 10, 2 threads, 58/60 pairs); at k = 72 to 256 the two traded
     * places from shape to shape, so shallower products keep the broadcast form.
     */
    static final int DOTS_DEPTH = 512;
    /** Most columns of C for {@link #narrowTransposed}, whose columns are broadcasts, not vector lanes. */
    static final int TRANSPOSED_NARROW = 16;
    /** Below this many multiply-adds a fork-join costs more than it saves. */
    static final long PARALLEL_WORK = 1L << 19;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private FloatGemm() {}

    /** Packing buffers owned by the thread that started a GEMM, and an edge tile owned by each worker. */
    private static final class Scratch {
        float[] a = new float[0];
        MemorySegment b = MemorySegment.NULL;
        final float[] tile = new float[12 * NR];

        float[] a(int size) {
            if (a.length < size) {
                a = CpuStorage.floats(size, "matmul packing of A");
            }
            return a;
        }

        MemorySegment b(int size) {
            if (b.byteSize() < (long) Float.BYTES * size) {
                b = Arena.ofAuto().allocate((long) Float.BYTES * size, B_ALIGNMENT);
            }
            return b;
        }
    }

    /** {@code C = A * B} or {@code C += A * B}; {@code m, n, k >= 1}. Picks the direct or the packed path. */
    static void gemm(
            float[] a,
            int aOff,
            int ars,
            int acs,
            float[] b,
            int bOff,
            int brs,
            int bcs,
            float[] c,
            int cOff,
            int crs,
            int ccs,
            int m,
            int n,
            int k,
            boolean accumulate) {
        long work = (long) m * n * k;
        boolean parallel = work >= PARALLEL_WORK && Parallel.threads() > 1;
        if (n == 1 && m > 1 && ars == 1 && acs != 1) {
            // A column-major matrix times a vector (a one-filter convolution's weight gradient, col^T * g):
            // as C^T = B^T * A^T it becomes a sum of A's unit-stride columns, vectorized, not m strided dots.
            direct(b, bOff, bcs, brs, a, aOff, acs, ars, c, cOff, ccs, crs, 1, m, k, accumulate, false);
            return;
        }
        if (n <= V && acs == 1 && m >= 2 && k >= DOTS_DEPTH && S.vectorBitSize() >= 128) {
            // A few columns, A's rows unit-stride and deep (a classifier head over 512 features): each element of C
            // is a dot product of two contiguous vectors, eight at a time, instead of FMA chains that leave lanes idle.
            float[] bt = SCRATCH.get().a(n * k);
            narrowDots(a, aOff, ars, b, bOff, brs, bcs, c, cOff, crs, ccs, m, n, k, accumulate, parallel, bt);
            return;
        }
        if (ars == 1 && n <= TRANSPOSED_NARROW && m >= 2 * V && work > SMALL_WORK && S.vectorBitSize() >= 128) {
            // A transposed view times a few columns (a classifier's weight gradient h^T g): A's columns are read as
            // vectors in order. Row blocks of the narrow path read one cache line per step, 2 KiB apart, from L2.
            narrowTransposed(a, aOff, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, m, n, k, accumulate, parallel);
            return;
        }
        if (n <= V && bcs == 1 && ccs == 1 && m >= 8 && work > SMALL_WORK && S.vectorBitSize() >= 128) {
            // At most one vector of columns (a classifier's 10 classes): a panel of NR columns would be mostly padding.
            narrow(a, aOff, ars, acs, b, bOff, brs, c, cOff, crs, m, n, k, accumulate, parallel);
            return;
        }
        if (S.vectorBitSize() < 128 || work <= SMALL_WORK || m == 1 || n == 1) {
            direct(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, m, n, k, accumulate, parallel);
        } else {
            packed(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, m, n, k, accumulate, tileRows(m), parallel);
        }
    }

    /**
     * The micro-tile height for {@code m} rows: {@link #MR}, except that on 32-register machines 8 rows replace 12
     * where padding m to a multiple of 12 would cost more than the 12-row kernel's ~10% higher rate saves.
     */
    static int tileRows(int m) {
        if (MR != 12) {
            return MR;
        }
        int rows12 = (m + 11) / 12 * 12;
        int rows8 = (m + 7) / 8 * 8;
        return rows12 * 10 <= rows8 * 11 ? 12 : 8;
    }

    // ---- direct path: small products, matrix-vector ----------------------------------------------

    /** Unpacked loops, vectorized along a unit-stride row of B and C or along a unit-stride dot product. */
    static void direct(
            float[] a,
            int aOff,
            int ars,
            int acs,
            float[] b,
            int bOff,
            int brs,
            int bcs,
            float[] c,
            int cOff,
            int crs,
            int ccs,
            int m,
            int n,
            int k,
            boolean accumulate,
            boolean parallel) {
        int grain = parallel ? Math.max(1, (int) (PARALLEL_WORK / ((long) n * k))) : m;
        Parallel.forRange(m, grain, (from, to) -> {
            for (int i = from; i < to; i++) {
                int ai = aOff + i * ars;
                int ci = cOff + i * crs;
                if (bcs == 1 && ccs == 1 && n >= V) {
                    rowTimesMatrix(a, ai, acs, b, bOff, brs, c, ci, n, k, accumulate);
                } else {
                    for (int j = 0; j < n; j++) {
                        float s = acs == 1 && brs == 1
                                ? dot(a, ai, b, bOff + j * bcs, k)
                                : dotStrided(a, ai, acs, b, bOff + j * bcs, brs, k);
                        put(c, ci + j * ccs, s, accumulate);
                    }
                }
            }
        });
    }

    /** {@code c[0:n] (+)= a[0:k] * B} with B's rows and c unit-stride. */
    private static void rowTimesMatrix(
            float[] a,
            int ai,
            int acs,
            float[] b,
            int bOff,
            int brs,
            float[] c,
            int ci,
            int n,
            int k,
            boolean accumulate) {
        int nv = S.loopBound(n);
        if (!accumulate) {
            java.util.Arrays.fill(c, ci, ci + n, 0f);
        }
        for (int p = 0; p < k; p++) {
            float av = a[ai + p * acs];
            FloatVector avv = FloatVector.broadcast(S, av);
            int bi = bOff + p * brs;
            int j = 0;
            for (; j < nv; j += V) {
                FloatVector.fromArray(S, b, bi + j)
                        .fma(avv, FloatVector.fromArray(S, c, ci + j))
                        .intoArray(c, ci + j);
            }
            for (; j < n; j++) {
                c[ci + j] = Math.fma(av, b[bi + j], c[ci + j]);
            }
        }
    }

    private static float dot(float[] a, int ai, float[] b, int bi, int k) {
        int kv = S.loopBound(k);
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int p = 0;
        for (; p + V < kv; p += 2 * V) {
            acc0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), acc0);
            acc1 = FloatVector.fromArray(S, a, ai + p + V).fma(FloatVector.fromArray(S, b, bi + p + V), acc1);
        }
        for (; p < kv; p += V) {
            acc0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), acc0);
        }
        float s = Lanes.sum(acc0.add(acc1));
        for (; p < k; p++) {
            s = Math.fma(a[ai + p], b[bi + p], s);
        }
        return s;
    }

    private static float dotStrided(float[] a, int ai, int acs, float[] b, int bi, int brs, int k) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
            s = Math.fma(a[ai + p * acs], b[bi + p * brs], s);
        }
        return s;
    }

    // ---- narrow path: one vector of columns --------------------------------------------------------

    /**
     * {@code C (+)= A B} for {@code n <= V} columns, B's and C's rows unit-stride: eight rows of C at a time, each
     * one masked vector held in a register over all of k, every row of B loaded once per eight rows and A's values
     * broadcast. Nothing is packed: B ({@code k x n}) is small, and A is read once.
     */
    static void narrow(
            float[] a,
            int aOff,
            int ars,
            int acs,
            float[] b,
            int bOff,
            int brs,
            float[] c,
            int cOff,
            int crs,
            int m,
            int n,
            int k,
            boolean accumulate,
            boolean parallel) {
        VectorMask<Float> mask = S.indexInRange(0, n);
        int blocks = (m + 7) / 8;
        int grain = parallel ? Math.max(1, (int) (PARALLEL_WORK / (8L * n * k))) : blocks;
        Parallel.forRange(blocks, grain, (b0, b1) -> {
            float[] tile = SCRATCH.get().tile;
            for (int blk = b0; blk < b1; blk++) {
                int i = blk * 8;
                int rows = Math.min(8, m - i);
                if (rows == 8) {
                    eightNarrowRows(a, aOff + i * ars, ars, acs, b, bOff, brs, k, mask, tile);
                } else {
                    for (int r = 0; r < rows; r++) {
                        FloatVector acc = FloatVector.zero(S);
                        for (int p = 0, ai = aOff + (i + r) * ars; p < k; p++, ai += acs) {
                            acc = FloatVector.broadcast(S, a[ai])
                                    .fma(FloatVector.fromArray(S, b, bOff + p * brs, mask), acc);
                        }
                        acc.intoArray(tile, r * V);
                    }
                }
                for (int r = 0; r < rows; r++) {
                    for (int j = 0, t = r * V, ci = cOff + (i + r) * crs; j < n; j++) {
                        put(c, ci + j, tile[t + j], accumulate);
                    }
                }
            }
        });
    }

    /**
     * Rows {@code a0 .. a0 + 7 ars} of A times B into the first 8 vectors of {@code tile}: eight FMA chains. The
     * caller writes them into C. Adding them to C here, through a helper, C2 left the helper a call (its node budget
     * spent) that boxed every vector passed; written out, the method grew too big for C1 ("out of virtual
     * registers"), which left it in C1's profiling code, boxing everything, and it never reached C2.
     */
    private static void eightNarrowRows(
            float[] a,
            int a0,
            int ars,
            int acs,
            float[] b,
            int bOff,
            int brs,
            int k,
            VectorMask<Float> mask,
            float[] tile) {
        FloatVector r0 = FloatVector.zero(S), r1 = r0, r2 = r0, r3 = r0, r4 = r0, r5 = r0, r6 = r0, r7 = r0;
        for (int p = 0, ai = a0; p < k; p++, ai += acs) {
            FloatVector bv = FloatVector.fromArray(S, b, bOff + p * brs, mask);
            r0 = FloatVector.broadcast(S, a[ai]).fma(bv, r0);
            r1 = FloatVector.broadcast(S, a[ai + ars]).fma(bv, r1);
            r2 = FloatVector.broadcast(S, a[ai + 2 * ars]).fma(bv, r2);
            r3 = FloatVector.broadcast(S, a[ai + 3 * ars]).fma(bv, r3);
            r4 = FloatVector.broadcast(S, a[ai + 4 * ars]).fma(bv, r4);
            r5 = FloatVector.broadcast(S, a[ai + 5 * ars]).fma(bv, r5);
            r6 = FloatVector.broadcast(S, a[ai + 6 * ars]).fma(bv, r6);
            r7 = FloatVector.broadcast(S, a[ai + 7 * ars]).fma(bv, r7);
        }
        r0.intoArray(tile, 0);
        r1.intoArray(tile, V);
        r2.intoArray(tile, 2 * V);
        r3.intoArray(tile, 3 * V);
        r4.intoArray(tile, 4 * V);
        r5.intoArray(tile, 5 * V);
        r6.intoArray(tile, 6 * V);
        r7.intoArray(tile, 7 * V);
    }

    /**
     * {@code C (+)= A B} for {@code n <=} {@link #TRANSPOSED_NARROW} columns and A a transposed view (its columns
     * unit-stride): blocks of two vectors of rows by four columns, eight FMA chains over all of k, each step loading
     * a column's two vectors of A and broadcasting four values of B. Rows past the last whole block (fewer than two
     * vectors) take the other paths.
     */
    static void narrowTransposed(
            float[] a,
            int aOff,
            int acs,
            float[] b,
            int bOff,
            int brs,
            int bcs,
            float[] c,
            int cOff,
            int crs,
            int ccs,
            int m,
            int n,
            int k,
            boolean accumulate,
            boolean parallel) {
        int rows = 2 * V;
        int blocks = m / rows;
        int grain = parallel ? Math.max(1, (int) (PARALLEL_WORK / ((long) rows * n * k))) : Math.max(1, blocks);
        Parallel.forRange(blocks, grain, (q0, q1) -> {
            float[] tile = SCRATCH.get().tile;
            for (int i = q0 * rows; i < q1 * rows; i += rows) {
                for (int j = 0; j < n; j += 4) {
                    int cols = Math.min(4, n - j);
                    fourColumns(a, aOff + i, acs, b, bOff + j * bcs, brs, bcs, cols, k, tile);
                    for (int jj = 0; jj < cols; jj++) {
                        for (int r = 0, ci = cOff + i * crs + (j + jj) * ccs; r < rows; r++, ci += crs) {
                            put(c, ci, tile[jj * rows + r], accumulate);
                        }
                    }
                }
            }
        });
        int done = blocks * rows;
        if (done < m) {
            gemm(a, aOff + done, 1, acs, b, bOff, brs, bcs, c, cOff + done * crs, crs, ccs, m - done, n, k, accumulate);
        }
    }

    /**
     * Two vectors of rows from {@code a0} (A's columns unit-stride) times columns {@code b0 .. b0 + (cols - 1) bcs}
     * of B, {@code cols <= 4}, into {@code tile}: column q's two vectors at {@code 2 V q}. Missing columns repeat the
     * last one, so the loop has no branch.
     */
    private static void fourColumns(
            float[] a, int a0, int acs, float[] b, int b0, int brs, int bcs, int cols, int k, float[] tile) {
        int o1 = Math.min(1, cols - 1) * bcs;
        int o2 = Math.min(2, cols - 1) * bcs;
        int o3 = Math.min(3, cols - 1) * bcs;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0, ai = a0, bi = b0; p < k; p++, ai += acs, bi += brs) {
            FloatVector lo = FloatVector.fromArray(S, a, ai);
            FloatVector hi = FloatVector.fromArray(S, a, ai + V);
            FloatVector x = FloatVector.broadcast(S, b[bi]);
            c00 = x.fma(lo, c00);
            c01 = x.fma(hi, c01);
            x = FloatVector.broadcast(S, b[bi + o1]);
            c10 = x.fma(lo, c10);
            c11 = x.fma(hi, c11);
            x = FloatVector.broadcast(S, b[bi + o2]);
            c20 = x.fma(lo, c20);
            c21 = x.fma(hi, c21);
            x = FloatVector.broadcast(S, b[bi + o3]);
            c30 = x.fma(lo, c30);
            c31 = x.fma(hi, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, V);
        c10.intoArray(tile, 2 * V);
        c11.intoArray(tile, 3 * V);
        c20.intoArray(tile, 4 * V);
        c21.intoArray(tile, 5 * V);
        c30.intoArray(tile, 6 * V);
        c31.intoArray(tile, 7 * V);
    }

    /**
     * {@code C (+)= A B} for {@code n <= V} columns and A's rows unit-stride: B's columns are copied into contiguous
     * rows of {@code bt} (at least n x k values; the caller's scratch), then each pair of A rows meets four of them
     * at a time, eight vector accumulators over k, each reduced once at the end. 2.4 times faster than
     * {@link #narrow} on the MLP's 256x512 @ 512x10, whose broadcast chains leave six of sixteen lanes idle and
     * reload eight rows' offsets every step.
     */
    static void narrowDots(
            float[] a,
            int aOff,
            int ars,
            float[] b,
            int bOff,
            int brs,
            int bcs,
            float[] c,
            int cOff,
            int crs,
            int ccs,
            int m,
            int n,
            int k,
            boolean accumulate,
            boolean parallel,
            float[] bt) {
        for (int j = 0; j < n; j++) {
            for (int p = 0, s = bOff + j * bcs, d = j * k; p < k; p++, s += brs) {
                bt[d + p] = b[s];
            }
        }
        int pairs = (m + 1) / 2;
        int grain = parallel ? Math.max(1, (int) (PARALLEL_WORK / (2L * n * k))) : pairs;
        Parallel.forRange(pairs, grain, (q0, q1) -> {
            for (int q = q0; q < q1; q++) {
                int i = 2 * q;
                int a0 = aOff + i * ars;
                int c0 = cOff + i * crs;
                if (i + 1 == m) {
                    rowDots(a, a0, bt, 0, n, k, c, c0, ccs, accumulate);
                    continue;
                }
                int j = 0;
                for (; j + 4 <= n; j += 4) {
                    twoRowsFourDots(a, a0, a0 + ars, bt, j * k, k, c, c0 + j * ccs, crs, ccs, accumulate);
                }
                rowDots(a, a0, bt, j, n, k, c, c0, ccs, accumulate);
                rowDots(a, a0 + ars, bt, j, n, k, c, c0 + crs, ccs, accumulate);
            }
        });
    }

    /** Columns {@code [j0, n)} of one row of C: row {@code a0} of A against rows {@code j0 ..} of Bt, a dot each. */
    private static void rowDots(
            float[] a, int a0, float[] bt, int j0, int n, int k, float[] c, int ci, int ccs, boolean accumulate) {
        for (int j = j0; j < n; j++) {
            put(c, ci + j * ccs, dot(a, a0, bt, j * k, k), accumulate);
        }
    }

    /** Rows {@code a0} and {@code a1} of A against rows {@code b0 .. b0 + 3k} of Bt: a 2 x 4 block of C. */
    private static void twoRowsFourDots(
            float[] a,
            int a0,
            int a1,
            float[] bt,
            int b0,
            int k,
            float[] c,
            int ci,
            int crs,
            int ccs,
            boolean accumulate) {
        int b1 = b0 + k;
        int b2 = b1 + k;
        int b3 = b2 + k;
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int kv = S.loopBound(k);
        for (int p = 0; p < kv; p += V) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector y = FloatVector.fromArray(S, bt, b0 + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            y = FloatVector.fromArray(S, bt, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            y = FloatVector.fromArray(S, bt, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            y = FloatVector.fromArray(S, bt, b3 + p);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
        }
        if (kv < k) {
            // The lanes left, masked (masked loads in every step ran 1.4x slower). One that would pass an array's
            // end is slower but correct; only the last rows of A and bt come near one.
            VectorMask<Float> lanes = S.indexInRange(kv, k);
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + kv, lanes);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + kv, lanes);
            FloatVector y = FloatVector.fromArray(S, bt, b0 + kv, lanes);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            y = FloatVector.fromArray(S, bt, b1 + kv, lanes);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            y = FloatVector.fromArray(S, bt, b2 + kv, lanes);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            y = FloatVector.fromArray(S, bt, b3 + kv, lanes);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
        }
        put(c, ci, Lanes.sum(s00), accumulate);
        put(c, ci + ccs, Lanes.sum(s01), accumulate);
        put(c, ci + 2 * ccs, Lanes.sum(s02), accumulate);
        put(c, ci + 3 * ccs, Lanes.sum(s03), accumulate);
        put(c, ci + crs, Lanes.sum(s10), accumulate);
        put(c, ci + crs + ccs, Lanes.sum(s11), accumulate);
        put(c, ci + crs + 2 * ccs, Lanes.sum(s12), accumulate);
        put(c, ci + crs + 3 * ccs, Lanes.sum(s13), accumulate);
    }

    /** Writes {@code v} into C, or adds it. */
    private static void put(float[] c, int ci, float v, boolean accumulate) {
        c[ci] = accumulate ? c[ci] + v : v;
    }

    // ---- packed path -----------------------------------------------------------------------------

    /** The packed, blocked product with micro-tiles of {@code mr} (5, 8 or 12) rows by {@link #NR} columns. */
    static void packed(
            float[] a,
            int aOff,
            int ars,
            int acs,
            float[] b,
            int bOff,
            int brs,
            int bcs,
            float[] c,
            int cOff,
            int crs,
            int ccs,
            int m,
            int n,
            int k,
            boolean accumulate,
            int mr,
            boolean parallel) {
        if (mr != 5 && mr != 8 && mr != 12) {
            throw new IllegalArgumentException("micro-tile height must be 5, 8 or 12, got " + mr);
        }
        Scratch scratch = SCRATCH.get();
        // Chunks of near-equal depth: 1100 becomes 550 + 550, not 1024 + 76.
        int kChunks = Math.ceilDiv(k, CHUNK_K);
        int kStep = Math.ceilDiv(k, kChunks);
        for (int i0 = 0; i0 < m; i0 += CHUNK_MN) {
            int mb = Math.min(CHUNK_MN, m - i0);
            for (int j0 = 0; j0 < n; j0 += CHUNK_MN) {
                int nb = Math.min(CHUNK_MN, n - j0);
                for (int p0 = 0; p0 < k; p0 += kStep) {
                    int kb = Math.min(kStep, k - p0);
                    boolean load = accumulate || p0 > 0;
                    chunk(
                            a,
                            aOff + i0 * ars + p0 * acs,
                            ars,
                            acs,
                            b,
                            bOff + p0 * brs + j0 * bcs,
                            brs,
                            bcs,
                            c,
                            cOff + i0 * crs + j0 * ccs,
                            crs,
                            ccs,
                            mb,
                            nb,
                            kb,
                            load,
                            mr,
                            parallel,
                            scratch);
                }
            }
        }
    }

    /** One chunk: pack (phase 1), then multiply tile blocks (phase 2). */
    @SuppressWarnings("ThreadPriorityCheck") // a waiting worker yields: the packing thread may need its core
    private static void chunk(
            float[] a,
            int aOff,
            int ars,
            int acs,
            float[] b,
            int bOff,
            int brs,
            int bcs,
            float[] c,
            int cOff,
            int crs,
            int ccs,
            int m,
            int n,
            int k,
            boolean load,
            int mr,
            boolean parallel,
            Scratch scratch) {
        int mPanels = Math.ceilDiv(m, mr);
        int nPanels = Math.ceilDiv(n, NR);
        float[] ap = scratch.a(mPanels * mr * k);
        MemorySegment bp = scratch.b(nPanels * NR * k);

        int threads = parallel ? Parallel.threads() : 1;
        Blocks blocks = blocks(mPanels, nPanels, k, mr, threads, CacheSizes.l2Bytes());
        int rp = blocks.rowPanels();
        int cp = blocks.colPanels();
        int cb = Math.ceilDiv(nPanels, cp);
        int tasks = Math.ceilDiv(mPanels, rp) * cb;
        // B with unit-stride rows is packed a strip of rows at a time, each row read in order: per column panel it
        // would read 128 bytes from every row, a page apart, which runs at about half the speed.
        boolean bByRows = bcs == 1;
        int aTasks = Math.ceilDiv(mPanels, PACK_PANELS);
        int bTasks = bByRows ? Math.ceilDiv(k, PACK_ROWS) : Math.ceilDiv(nPanels, PACK_PANELS);
        int packTasks = aTasks + bTasks;

        // One fork for both phases (waking a parked worker is the expensive part of a small product).
        // Threads claim packing work, then wait only for packing that another thread has claimed and
        // not yet finished, then claim tile blocks: a thread that starts late finds the work done.
        AtomicInteger nextPack = new AtomicInteger();
        AtomicInteger donePack = new AtomicInteger();
        AtomicInteger nextTask = new AtomicInteger();
        Parallel.forRange(Math.min(threads, tasks), 1, (from, to) -> {
            try {
                for (int q; (q = nextPack.getAndIncrement()) < packTasks; ) {
                    if (q < aTasks) {
                        for (int t = q * PACK_PANELS, end = Math.min(mPanels, t + PACK_PANELS); t < end; t++) {
                            packA(a, aOff, ars, acs, ap, t, mr, m, k);
                        }
                    } else if (bByRows) {
                        int p = (q - aTasks) * PACK_ROWS;
                        packBRows(b, bOff, brs, bp, 0, n, k, p, Math.min(k, p + PACK_ROWS));
                    } else {
                        int t = (q - aTasks) * PACK_PANELS;
                        for (int end = Math.min(nPanels, t + PACK_PANELS); t < end; t++) {
                            packB(b, bOff, brs, bcs, bp, t, n, k);
                        }
                    }
                    donePack.incrementAndGet();
                }
            } catch (RuntimeException | Error e) {
                donePack.set(Integer.MAX_VALUE / 2); // release the others; the caller gets e
                throw e;
            }
            for (int spins = 0; donePack.get() < packTasks; spins++) {
                if (spins < 4096) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // the packing thread may be waiting for this core
                }
            }
            float[] tile = SCRATCH.get().tile;
            for (int t; (t = nextTask.getAndIncrement()) < tasks; ) {
                int r0 = (t / cb) * rp;
                int c0 = (t % cb) * cp;
                block(
                        ap,
                        bp,
                        c,
                        cOff,
                        crs,
                        ccs,
                        m,
                        n,
                        k,
                        load,
                        mr,
                        r0,
                        Math.min(mPanels, r0 + rp),
                        c0,
                        Math.min(nPanels, c0 + cp),
                        tile);
            }
        });
    }

    /** The tile blocks of a chunk, in row panels by column panels (the last block of each may be smaller). */
    record Blocks(int rowPanels, int colPanels) {}

    /**
     * How a chunk of {@code mPanels} row panels by {@code nPanels} column panels, {@code k} deep, is cut into the
     * tile blocks that {@code threads} threads claim. Blocks are as wide as L2 allows (the last column of blocks
     * takes the rest, so the last blocks claimed are the small ones), and there are enough of them, a multiple of the
     * thread count, that claiming them dynamically leaves no thread idle for long at the end: 11 blocks on 2 threads
     * left one idle for a twelfth of a 2048^3 product.
     *
     * <p>A block's first row panel reads the block's B panels from L3, not L2; at k = 784 that kernel call takes
     * about 1.7 times as long (at k = 256 about 1.2 times), where re-reading an A panel from L3 costs 5-8%. So a deep
     * product whose blocks would have fewer than {@link #FEW_ROW_PANELS} row panels (the MLP's 256 x 784 @ 784 x 512:
     * 4 row blocks of 6 panels) gets narrower column blocks instead of more row blocks.
     *
     * <p>A row block's A panels ({@code mr x k} each) are read again for every column block. A row block holds at most
     * an L2's worth of them (and at least {@link #FEW_ROW_PANELS}), the row blocks as even as that allows: 2048^3 on
     * 2 threads had one row block of 171 panels, 8 MiB; with 9 of 19 it ran 9% faster (Zen 5, 1 MiB L2: 321 against
     * 296 GFLOP/s, medians of 8 paired runs, all 8 faster). n = 1024 on 2 threads did not move (302 against 300).
     */
    static Blocks blocks(int mPanels, int nPanels, int k, int mr, int threads, long l2Bytes) {
        int target = threads == 1 ? 1 : 4 * threads;
        int maxRows = (int) Math.max(FEW_ROW_PANELS, Math.min(mPanels, l2Bytes / ((long) Float.BYTES * mr * k)));
        int widest = Math.min(nPanels, columnPanels(k, l2Bytes));
        Blocks wide = blocks(mPanels, nPanels, widest, threads, target, maxRows);
        if (threads == 1 || k < COLD_B_DEPTH || wide.rowPanels() >= FEW_ROW_PANELS) {
            return wide;
        }
        int narrow = Math.max(2, Math.ceilDiv(nPanels, target));
        return narrow < wide.colPanels() ? blocks(mPanels, nPanels, narrow, threads, target, maxRows) : wide;
    }

    private static Blocks blocks(int mPanels, int nPanels, int colPanels, int threads, int target, int maxRows) {
        int colBlocks = Math.ceilDiv(nPanels, colPanels);
        int rowBlocks = Math.min(mPanels, Math.max(Math.ceilDiv(target, colBlocks), Math.ceilDiv(mPanels, maxRows)));
        while (rowBlocks < mPanels && rowBlocks * colBlocks % threads != 0) {
            rowBlocks++;
        }
        if (rowBlocks * colBlocks < target && colPanels > 1) {
            colPanels = Math.ceilDiv(nPanels, Math.min(nPanels, Math.ceilDiv(target, rowBlocks)));
        }
        return new Blocks(Math.ceilDiv(mPanels, rowBlocks), colPanels);
    }

    /** Packs A's row panel {@code ip}: {@code k x mr} values, row index fastest. */
    static void packA(float[] a, int aOff, int ars, int acs, float[] ap, int ip, int mr, int m, int k) {
        int i = ip * mr;
        int rows = Math.min(mr, m - i);
        int base = ip * mr * k;
        if (ars == 1 && rows == mr) {
            // A is a transposed view: each step's mr values are adjacent. Copied as whole vectors, they reach past
            // the step into the next step's slots, which that step then overwrites, and read no further than the
            // next step's values; the last step, whose vectors would leave the panel, copies exactly mr values.
            int vectors = Math.ceilDiv(mr, V);
            boolean whole = vectors * V <= 2 * mr && acs >= vectors * V;
            int p = 0;
            int s = aOff + i;
            int d = base;
            for (; whole && p < k - 1; p++, s += acs, d += mr) {
                for (int q = 0; q < vectors; q++) {
                    FloatVector.fromArray(S, a, s + q * V).intoArray(ap, d + q * V);
                }
            }
            for (; p < k; p++, s += acs, d += mr) {
                System.arraycopy(a, s, ap, d, mr);
            }
            return;
        }
        if (acs == 1 && rows == mr) {
            packRows(a, aOff + i * ars, ars, ap, base, mr, k);
            return;
        }
        for (int r = 0; r < mr; r++) {
            int d = base + r;
            if (r < rows) {
                for (int p = 0, s = aOff + (i + r) * ars; p < k; p++, d += mr, s += acs) {
                    ap[d] = a[s];
                }
            } else {
                for (int p = 0; p < k; p++, d += mr) {
                    ap[d] = 0f;
                }
            }
        }
    }

    /**
     * A full panel of a row-major A. With 16-lane vectors, 16 steps at a time are transposed in registers
     * ({@link FloatTranspose}); otherwise, and for the last steps, values are copied one by one.
     */
    private static void packRows(float[] a, int s0, int ars, float[] ap, int d, int mr, int kq) {
        int p = 0;
        if (V == 16 && mr >= 8 && kq >= 16) {
            float[] work = SCRATCH.get().tile;
            for (; p + 16 <= kq; p += 16, d += 16 * mr) {
                FloatTranspose.rowsToSteps(a, s0 + p, ars, mr, ap, d, work);
            }
        }
        packRowsScalar(a, s0 + p, ars, ap, d, mr, kq - p);
    }

    /** {@link #packRows} with scalar copies: reads the mr rows side by side so the writes are sequential. */
    private static void packRowsScalar(float[] a, int s0, int ars, float[] ap, int d, int mr, int kq) {
        int s1 = s0 + ars;
        int s2 = s1 + ars;
        int s3 = s2 + ars;
        if (mr == 8) {
            int s4 = s3 + ars;
            int s5 = s4 + ars;
            int s6 = s5 + ars;
            int s7 = s6 + ars;
            for (int p = 0; p < kq; p++, d += 8) {
                ap[d] = a[s0 + p];
                ap[d + 1] = a[s1 + p];
                ap[d + 2] = a[s2 + p];
                ap[d + 3] = a[s3 + p];
                ap[d + 4] = a[s4 + p];
                ap[d + 5] = a[s5 + p];
                ap[d + 6] = a[s6 + p];
                ap[d + 7] = a[s7 + p];
            }
        } else if (mr == 5) {
            int s4 = s3 + ars;
            for (int p = 0; p < kq; p++, d += 5) {
                ap[d] = a[s0 + p];
                ap[d + 1] = a[s1 + p];
                ap[d + 2] = a[s2 + p];
                ap[d + 3] = a[s3 + p];
                ap[d + 4] = a[s4 + p];
            }
        } else {
            for (int p = 0; p < kq; p++) {
                for (int r = 0, s = s0 + p; r < mr; r++, s += ars) {
                    ap[d++] = a[s];
                }
            }
        }
    }

    /** Packs B's column panel {@code jp}: {@code k x NR} values, column index fastest. */
    static void packB(float[] b, int bOff, int brs, int bcs, MemorySegment bp, int jp, int n, int k) {
        int j = jp * NR;
        int cols = Math.min(NR, n - j);
        int base = jp * NR * k;
        if (bcs == 1) {
            packBRows(b, bOff + j, brs, bp, base, cols, k, 0, k);
        } else if (brs == 1 && cols == NR) {
            // B is a transposed view, its columns contiguous in k. With 16-lane vectors, 16 steps of 16 columns at a
            // time are transposed in registers (FloatTranspose); otherwise, and for the last steps, in strips of 16
            // steps, so that the strip's destination lines stay in L1 while every column is read 64 bytes at a time.
            int q0 = 0;
            if (V == 16) {
                float[] work = SCRATCH.get().tile;
                for (; q0 + 16 <= k; q0 += 16) {
                    for (int h = 0; h < NR; h += 16) {
                        FloatTranspose.rowsToSteps(b, bOff + q0 + (j + h) * bcs, bcs, 16, work, 0, work);
                        for (int q = 0, d = base + q0 * NR + h; q < 16; q++, d += NR) {
                            FloatVector.fromArray(S, work, q * 16).intoMemorySegment(bp, (long) Float.BYTES * d, ORDER);
                        }
                    }
                }
            }
            for (; q0 < k; q0 += 16) {
                int qn = Math.min(16, k - q0);
                for (int jj = 0; jj < NR; jj++) {
                    int s = bOff + q0 + (j + jj) * bcs;
                    int d = base + q0 * NR + jj;
                    for (int q = 0; q < qn; q++, d += NR) {
                        bp.setAtIndex(ValueLayout.JAVA_FLOAT, d, b[s + q]);
                    }
                }
            }
        } else {
            // Walk each column of B in order: unit stride when B is a transposed view.
            for (int jj = 0; jj < NR; jj++) {
                int d = base + jj;
                if (jj < cols) {
                    for (int p = 0, s = bOff + (j + jj) * bcs; p < k; p++, d += NR, s += brs) {
                        bp.setAtIndex(ValueLayout.JAVA_FLOAT, d, b[s]);
                    }
                } else {
                    for (int p = 0; p < k; p++, d += NR) {
                        bp.setAtIndex(ValueLayout.JAVA_FLOAT, d, 0f);
                    }
                }
            }
        }
    }

    /**
     * Rows {@code [p0, p1)} of a B whose rows are unit-stride, {@code width} columns from {@code bOff}, into the
     * column panels from {@code base} ({@code k x NR} values each, the last one padded with zeros).
     *
     * <p>A tile of {@link #PACK_STRIP} rows by {@link #PACK_GROUP} panels at a time, each row's part read in order.
     * Panels lie {@code k * NR} floats apart (64 KiB at k = 1024 with 256-bit vectors), so one row copied into every
     * panel writes to as many pages as there are panels, more than the TLB holds: 1024 x 1024 took 0.60 ms that way
     * with 256-bit vectors and 0.31 ms with 512-bit ones, 0.15 and 0.13 ms in tiles of 16 rows by 8 panels (medians
     * of 25 alternated rounds in one JVM, Zen 5); 512 x 784 0.20 against 0.05 ms, 2048 x 2048 3.2 against 1.6 ms.
     */
    static void packBRows(float[] b, int bOff, int brs, MemorySegment bp, int base, int width, int k, int p0, int p1) {
        int full = width / NR;
        int tail = width - full * NR;
        int panelSize = NR * k;
        for (int q0 = p0; q0 < p1; q0 += PACK_STRIP) {
            int q1 = Math.min(p1, q0 + PACK_STRIP);
            for (int g0 = 0; g0 < full; g0 += PACK_GROUP) {
                int g1 = Math.min(full, g0 + PACK_GROUP);
                for (int p = q0; p < q1; p++) {
                    int s = bOff + p * brs + g0 * NR;
                    int d = base + g0 * panelSize + p * NR;
                    for (int jp = g0; jp < g1; jp++, s += NR, d += panelSize) {
                        FloatVector.fromArray(S, b, s).intoMemorySegment(bp, (long) Float.BYTES * d, ORDER);
                        FloatVector.fromArray(S, b, s + V).intoMemorySegment(bp, (long) Float.BYTES * (d + V), ORDER);
                    }
                }
            }
            for (int p = q0; tail > 0 && p < q1; p++) {
                int s = bOff + p * brs + full * NR;
                int d = base + full * panelSize + p * NR;
                MemorySegment.copy(b, s, bp, ValueLayout.JAVA_FLOAT, (long) Float.BYTES * d, tail);
                bp.asSlice((long) Float.BYTES * (d + tail), (long) Float.BYTES * (NR - tail))
                        .fill((byte) 0);
            }
        }
    }

    /** Multiplies row panels {@code [r0, r1)} by column panels {@code [c0, c1)}, each tile over all k. */
    private static void block(
            float[] ap,
            MemorySegment bp,
            float[] c,
            int cOff,
            int crs,
            int ccs,
            int m,
            int n,
            int k,
            boolean add,
            int mr,
            int r0,
            int r1,
            int c0,
            int c1,
            float[] tile) {
        for (int ip = r0; ip < r1; ip++) {
            int i = ip * mr;
            int rows = Math.min(mr, m - i);
            int ai = ip * mr * k;
            for (int jp = c0; jp < c1; jp++) {
                int j = jp * NR;
                int cols = Math.min(NR, n - j);
                int ci = cOff + i * crs + j * ccs;
                kernel(mr, ap, ai, bp, STEP_BYTES * k * jp, k, tile);
                if (rows == mr && cols == NR && ccs == 1) {
                    storeTile(tile, mr, c, ci, crs, add);
                } else {
                    for (int r = 0; r < rows; r++) {
                        for (int jj = 0, t = r * NR, cj = ci + r * crs; jj < cols; jj++, t++, cj += ccs) {
                            put(c, cj, tile[t], add);
                        }
                    }
                }
            }
        }
    }

    /**
     * Column panels of a thread's B block for depth {@code k}: as many as fill 3/8 of an L2 of {@code l2Bytes}
     * (on a 2 MiB L2 and k = 1024, 6 panels of 32 columns: 768 KiB), at least one, at most {@link #NC} columns.
     * The panels are reused for every A panel of the block, so they must stay in L2 beside the A panels and C tiles
     * passing through; a block of 1 MiB ran 3-4% slower there than one of 768 KiB.
     */
    static int columnPanels(int k, long l2Bytes) {
        long fit = l2Bytes * 3 / 8 / (STEP_BYTES * k);
        return (int) Math.max(1, Math.min(NC / NR, fit));
    }

    /** Writes or adds a full tile into C, whose rows are unit-stride. */
    private static void storeTile(float[] tile, int mr, float[] c, int ci, int crs, boolean add) {
        for (int r = 0, t = 0; r < mr; r++, t += NR, ci += crs) {
            for (int j = 0; j < NR; j += V) {
                FloatVector v = FloatVector.fromArray(S, tile, t + j);
                if (add) {
                    v = v.add(FloatVector.fromArray(S, c, ci + j));
                }
                v.intoArray(c, ci + j);
            }
        }
    }

    private static void kernel(int mr, float[] ap, int ai, MemorySegment bp, long bo, int kc, float[] tile) {
        if (mr == 12) {
            kernel12(ap, ai, bp, bo, kc, tile);
        } else if (mr == 8) {
            kernel8(ap, ai, bp, bo, kc, tile);
        } else {
            kernel5(ap, ai, bp, bo, kc, tile);
        }
    }

    /**
     * The 12 x NR micro-kernel for 32-register machines: 24 vector accumulators, B's two vectors loaded
     * once per step and each A value broadcast once. Writes the tile, row-major, to {@code tile}.
     */
    private static void kernel12(float[] ap, int ai, MemorySegment bp, long bo, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(S),
                c01 = c00,
                c10 = c00,
                c11 = c00,
                c20 = c00,
                c21 = c00,
                c30 = c00,
                c31 = c00,
                c40 = c00,
                c41 = c00,
                c50 = c00,
                c51 = c00,
                c60 = c00,
                c61 = c00,
                c70 = c00,
                c71 = c00,
                c80 = c00,
                c81 = c00,
                c90 = c00,
                c91 = c00,
                ca0 = c00,
                ca1 = c00,
                cb0 = c00,
                cb1 = c00;
        for (int p = 0; p < kc; p++, ai += 12, bo += STEP_BYTES) {
            FloatVector b0 = FloatVector.fromMemorySegment(S, bp, bo, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, bp, bo + VECTOR_BYTES, ORDER);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, ap[ai + 8]);
            c80 = x.fma(b0, c80);
            c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, ap[ai + 9]);
            c90 = x.fma(b0, c90);
            c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, ap[ai + 10]);
            ca0 = x.fma(b0, ca0);
            ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, ap[ai + 11]);
            cb0 = x.fma(b0, cb0);
            cb1 = x.fma(b1, cb1);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, V);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + V);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + V);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + V);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + V);
        c80.intoArray(tile, 8 * NR);
        c81.intoArray(tile, 8 * NR + V);
        c90.intoArray(tile, 9 * NR);
        c91.intoArray(tile, 9 * NR + V);
        ca0.intoArray(tile, 10 * NR);
        ca1.intoArray(tile, 10 * NR + V);
        cb0.intoArray(tile, 11 * NR);
        cb1.intoArray(tile, 11 * NR + V);
    }

    /**
     * The 8 x NR micro-kernel: 16 vector accumulators, B's two vectors loaded once per step and
     * each A value broadcast once. Writes the tile, row-major, to {@code tile}:
     * storing straight into C from here would push the method past C2's inlining budget and box the
     * accumulators.
     */
    private static void kernel8(float[] ap, int ai, MemorySegment bp, long bo, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(S),
                c01 = c00,
                c10 = c00,
                c11 = c00,
                c20 = c00,
                c21 = c00,
                c30 = c00,
                c31 = c00,
                c40 = c00,
                c41 = c00,
                c50 = c00,
                c51 = c00,
                c60 = c00,
                c61 = c00,
                c70 = c00,
                c71 = c00;
        for (int p = 0; p < kc; p++, ai += 8, bo += STEP_BYTES) {
            FloatVector b0 = FloatVector.fromMemorySegment(S, bp, bo, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, bp, bo + VECTOR_BYTES, ORDER);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(tile, 0 * NR);
        c01.intoArray(tile, 0 * NR + V);
        c10.intoArray(tile, 1 * NR);
        c11.intoArray(tile, 1 * NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + V);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + V);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + V);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + V);
    }

    /**
     * The 5 x NR micro-kernel for machines with 16 vector registers: 10 accumulators, B's two vectors and the
     * broadcasts fit the 16 (6 rows spill an accumulator to the stack).
     */
    private static void kernel5(float[] ap, int ai, MemorySegment bp, long bo, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(S),
                c01 = c00,
                c10 = c00,
                c11 = c00,
                c20 = c00,
                c21 = c00,
                c30 = c00,
                c31 = c00,
                c40 = c00,
                c41 = c00;
        for (int p = 0; p < kc; p++, ai += 5, bo += STEP_BYTES) {
            FloatVector b0 = FloatVector.fromMemorySegment(S, bp, bo, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, bp, bo + VECTOR_BYTES, ORDER);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
        }
        c00.intoArray(tile, 0 * NR);
        c01.intoArray(tile, 0 * NR + V);
        c10.intoArray(tile, 1 * NR);
        c11.intoArray(tile, 1 * NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + V);
    }
}
