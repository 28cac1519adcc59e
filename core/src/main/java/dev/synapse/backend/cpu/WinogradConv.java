package dev.synapse.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 3x3 unit-stride convolution by Winograd's minimal filtering F(2x2, 3x3), channels-last.
 *
 * <p>Each 2x2 block of output pixels (a tile) is computed from its 4x4 input window as
 * {@code A^T [(G g G^T) ⊙ (B^T d B)] A}: after transforming the window ({@code B^T d B}) and the
 * weights ({@code G g G^T}), the products over the channels become 16 independent matrix products
 * {@code [tiles, C] x [C, F]}, one per position of the transformed 4x4 window. That is 16 multiplies
 * per channel pair for 4 outputs instead of 36: 2.25x fewer than im2col + GEMM, paid for with the
 * two cheap transforms (adds and subtractions, vectorized over the channels).
 *
 * <p>F(2x2, 3x3) is used rather than F(4x4, 3x3) because its transforms only hold 0, ±1 and ±1/2,
 * so float32 results stay within a few ulps of the direct sum; F(4x4)'s larger constants lose about
 * two more decimal digits.
 *
 * <p>The gradient with respect to the input of a unit-stride 3x3 convolution is itself such a
 * convolution of the output gradient with the kernel flipped in space and its channel axes swapped
 * (padding {@code 2 - p} on the leading sides), so {@link #backwardInput} runs the same product.
 *
 * <p>The gradient with respect to the weights, {@code dW[a, b] = sum over pixels of x[oy + a, ox + b] dy[oy, ox]},
 * is the transposed algorithm F(3x3, 2x2) ({@link #backwardWeight}): per tile, the same input transform
 * {@code B^T d B} of the 4x4 window and {@code A e A^T} of the 2x2 output-gradient tile {@code e} are multiplied
 * position by position and summed over all tiles (16 products {@code [C, tiles] x [tiles, F]}), and only the sum is
 * taken back, once per channel pair: {@code dW = G^T M G}. The same 2.25x fewer multiplies.
 */
final class WinogradConv {
    private static final VectorSpecies<Float> FS = ConvSupport.FS;
    private static final int FL = FS.length();
    /** Whether there are 32 vector registers (AVX-512), enough for 24 accumulators. */
    private static final boolean WIDE = FS.vectorBitSize() >= 512;
    /** Channels below which the 16 products are too thin for the GEMM and im2col measured faster. */
    static final int MIN_CHANNELS = 8;
    /** Target size in elements of one thread's transformed tiles (input and products together). */
    private static final int BUFFER_TARGET = 64 * 1024;
    /** The window rows that row {@code a} of {@code B^T d} combines: {@code d[R1[a]] -/+ d[R2[a]]} (+ for a = 1). */
    private static final int[] R1 = {0, 1, 2, 1};

    private static final int[] R2 = {2, 2, 1, 3};

    private WinogradConv() {}

    /** Whether the geometry is a float32-eligible one-group 3x3 convolution with unit stride and dilation. */
    static boolean handles(ConvGeometry g) {
        return g.kh == 3
                && g.kw == 3
                && g.sh == 1
                && g.sw == 1
                && g.dh == 1
                && g.dw == 1
                && g.groups == 1
                && g.c >= MIN_CHANNELS
                && g.f >= MIN_CHANNELS;
    }

    /** {@code out = conv(x, w)} for a geometry {@link #handles} accepts. */
    static void forward(ConvGeometry g, float[] x, int xo, float[] w, int wo, float[] out, int oo) {
        float[] u = transformWeights(w, wo, g.c, g.f, false);
        run(x, xo, g.n, g.h, g.w, g.c, u, g.f, out, oo, g.oh, g.ow, g.pt, g.pl);
    }

    /** {@code gradIn = conv(gradOut, flip(w)^T)}: the input gradient, every element written. */
    static void backwardInput(ConvGeometry g, float[] go, int goo, float[] w, int wo, float[] in, int io) {
        float[] u = transformWeights(w, wo, g.c, g.f, true);
        run(go, goo, g.n, g.oh, g.ow, g.f, u, g.c, in, io, g.h, g.w, 2 - g.pt, 2 - g.pl);
    }

    /**
     * Adds to {@code acc [3, 3, c, f]} the weight gradient of the tiles {@code [from, to)} (2x2 blocks of output
     * pixels, numbered image by image, row by row, {@code ceil(oh / 2) x ceil(ow / 2)} per image). Output-gradient
     * pixels past the last row or column of an odd-sized output count as zero, as do input pixels in the padding.
     */
    static void backwardWeight(ConvGeometry g, float[] x, int xo, float[] go, int goo, float[] acc, int from, int to) {
        int cin = g.c;
        int cout = g.f;
        int coutP = padded(cout);
        int th = (g.oh + 1) / 2;
        int tw = (g.ow + 1) / 2;
        int chunk = Math.max(16, Math.min(to - from, BUFFER_TARGET / (16 * (cin + coutP))));
        float[] buf = (float[]) ConvSupport.scratch(x, 16 * chunk * (cin + coutP));
        int eBase = 16 * chunk * cin;
        float[] m = new float[16 * cin * coutP];
        // Border windows, with a vector to spare: a masked load past an array's end takes the Vector API's slow path.
        float[] win = new float[16 * cin + FL];
        float[] gwin = new float[4 * cout + FL];
        float[] tail = new float[4 * FL]; // the last, partial vector of channels of a gradient tile, zero-padded
        for (int t0 = from; t0 < to; t0 += chunk) {
            int r = Math.min(chunk, to - t0);
            for (int i = 0; i < r; i++) {
                int tile = t0 + i;
                int img = tile / (th * tw);
                int ty = tile % (th * tw) / tw;
                int tx = tile % tw;
                int y0 = 2 * ty - g.pt;
                int x0 = 2 * tx - g.pl;
                if (inside(y0, x0, 4, g.h, g.w)) {
                    transformInput(
                            x, xo + ((img * g.h + y0) * g.w + x0) * cin, g.w * cin, cin, buf, i * cin, chunk * cin);
                } else {
                    gather(x, xo, img, y0, x0, g.h, g.w, cin, 4, win);
                    transformInput(win, 0, 4 * cin, cin, buf, i * cin, chunk * cin);
                }
                if (inside(2 * ty, 2 * tx, 2, g.oh, g.ow)) {
                    int at = goo + ((img * g.oh + 2 * ty) * g.ow + 2 * tx) * cout;
                    transformGradient(go, at, g.ow * cout, cout, buf, eBase + i * coutP, chunk * coutP, tail);
                } else {
                    gather(go, goo, img, 2 * ty, 2 * tx, g.oh, g.ow, cout, 2, gwin);
                    transformGradient(gwin, 0, 2 * cout, cout, buf, eBase + i * coutP, chunk * coutP, tail);
                }
            }
            for (int p = 0; p < 16; p++) {
                accumulate(buf, p * chunk * cin, cin, buf, eBase + p * chunk * coutP, coutP, m, p * cin * coutP, r);
            }
        }
        // dW = G^T M G per channel pair, G^T = [[1, 1/2, 1/2, 0], [0, 1/2, -1/2, 0], [0, 1/2, 1/2, 1]].
        double[] t = new double[12];
        int stride = cin * coutP;
        for (int ci = 0; ci < cin; ci++) {
            for (int co = 0; co < cout; co++) {
                int q = ci * coutP + co;
                for (int col = 0; col < 4; col++) {
                    double m0 = m[col * stride + q];
                    double m1 = m[(4 + col) * stride + q];
                    double m2 = m[(8 + col) * stride + q];
                    double m3 = m[(12 + col) * stride + q];
                    t[col] = m0 + 0.5 * (m1 + m2);
                    t[4 + col] = 0.5 * (m1 - m2);
                    t[8 + col] = 0.5 * (m1 + m2) + m3;
                }
                for (int a = 0; a < 3; a++) {
                    double u0 = t[a * 4];
                    double u1 = t[a * 4 + 1];
                    double u2 = t[a * 4 + 2];
                    double u3 = t[a * 4 + 3];
                    int w0 = (a * 3) * cin * cout + ci * cout + co;
                    acc[w0] += (float) (u0 + 0.5 * (u1 + u2));
                    acc[w0 + cin * cout] += (float) (0.5 * (u1 - u2));
                    acc[w0 + 2 * cin * cout] += (float) (0.5 * (u1 + u2) + u3);
                }
            }
        }
    }

    /**
     * {@code A e A^T} of one 2x2 output-gradient tile, vectorized over the channels: tile element {@code (a, b)} is
     * {@code d[at + a * rowStride + b * cout ..][0 .. cout)}; transformed position {@code p} goes to
     * {@code e[dst + p * stride ..]}, channels {@code cout .. padded(cout)} zero. {@code A = [[1, 0], [1, 1], [1, -1],
     * [0, -1]]}.
     */
    private static void transformGradient(
            float[] d, int at, int rowStride, int cout, float[] e, int dst, int stride, float[] tail) {
        int f = 0;
        for (int bound = FS.loopBound(cout); f < bound; f += FL) {
            gradientTile(d, at + f, rowStride, cout, e, dst + f, stride);
        }
        if (f < cout) {
            // The channels past the whole vectors, copied into a zeroed tile of whole vectors: the lanes past cout
            // are the padding, zero.
            int rest = cout - f;
            int q = at + f;
            System.arraycopy(d, q, tail, 0, rest);
            System.arraycopy(d, q + cout, tail, FL, rest);
            System.arraycopy(d, q + rowStride, tail, 2 * FL, rest);
            System.arraycopy(d, q + rowStride + cout, tail, 3 * FL, rest);
            gradientTile(tail, 0, 2 * FL, FL, e, dst + f, stride);
        }
    }

    /**
     * {@link #transformGradient} for one vector of channels from {@code q}. The vectors stay inside this method: passed
     * to a method that C2 does not inline, they are boxed, which allocated about 10 MiB per step of the MNIST CNN.
     */
    private static void gradientTile(float[] d, int q, int rowStride, int cout, float[] e, int o, int stride) {
        FloatVector e00 = FloatVector.fromArray(FS, d, q);
        FloatVector e01 = FloatVector.fromArray(FS, d, q + cout);
        FloatVector e10 = FloatVector.fromArray(FS, d, q + rowStride);
        FloatVector e11 = FloatVector.fromArray(FS, d, q + rowStride + cout);
        // Rows of A e: e0, e0 + e1, e0 - e1, -e1; then the same combination of each row's two columns.
        FloatVector u0 = e00;
        FloatVector u1 = e01;
        u0.intoArray(e, o);
        u0.add(u1).intoArray(e, o + stride);
        u0.sub(u1).intoArray(e, o + 2 * stride);
        u1.neg().intoArray(e, o + 3 * stride);
        u0 = e00.add(e10);
        u1 = e01.add(e11);
        u0.intoArray(e, o + 4 * stride);
        u0.add(u1).intoArray(e, o + 5 * stride);
        u0.sub(u1).intoArray(e, o + 6 * stride);
        u1.neg().intoArray(e, o + 7 * stride);
        u0 = e00.sub(e10);
        u1 = e01.sub(e11);
        u0.intoArray(e, o + 8 * stride);
        u0.add(u1).intoArray(e, o + 9 * stride);
        u0.sub(u1).intoArray(e, o + 10 * stride);
        u1.neg().intoArray(e, o + 11 * stride);
        u0 = e10.neg();
        u1 = e11.neg();
        u0.intoArray(e, o + 12 * stride);
        u0.add(u1).intoArray(e, o + 13 * stride);
        u0.sub(u1).intoArray(e, o + 14 * stride);
        u1.neg().intoArray(e, o + 15 * stride);
    }

    /**
     * {@code m[ci, :] += sum over i of v[i, ci] e[i, :]} for {@code r} tiles: {@code v} is {@code [r, cin]},
     * {@code e} is {@code [r, coutP]} and {@code m} is {@code [cin, coutP]}, all dense. Accumulators for 4 input
     * channels by 2 vectors of output channels stay in registers over all the tiles.
     */
    static void accumulate(float[] v, int vo, int cin, float[] e, int eo, int coutP, float[] m, int mo, int r) {
        int cin4 = cin / 4 * 4;
        // The first three output vectors, if taken together: four input channels by three vectors in 12 accumulators.
        int f0 = threeFirst(coutP);
        if (f0 > 0) {
            for (int ci = 0; ci < cin4; ci += 4) {
                fourChannelsThreeVectors(v, vo, cin, e, eo, coutP, m, mo, r, ci);
            }
        }
        int pairs = f0 + (coutP - f0) / (2 * FL) * (2 * FL); // output channels in whole pairs of vectors after f0
        for (int ci = 0; ci < cin4; ci += 4) {
            for (int f = f0; f < pairs; f += 2 * FL) {
                int m0 = mo + ci * coutP + f;
                FloatVector a00 = FloatVector.fromArray(FS, m, m0);
                FloatVector a01 = FloatVector.fromArray(FS, m, m0 + FL);
                FloatVector a10 = FloatVector.fromArray(FS, m, m0 + coutP);
                FloatVector a11 = FloatVector.fromArray(FS, m, m0 + coutP + FL);
                FloatVector a20 = FloatVector.fromArray(FS, m, m0 + 2 * coutP);
                FloatVector a21 = FloatVector.fromArray(FS, m, m0 + 2 * coutP + FL);
                FloatVector a30 = FloatVector.fromArray(FS, m, m0 + 3 * coutP);
                FloatVector a31 = FloatVector.fromArray(FS, m, m0 + 3 * coutP + FL);
                for (int i = 0; i < r; i++) {
                    int ei = eo + i * coutP + f;
                    FloatVector u0 = FloatVector.fromArray(FS, e, ei);
                    FloatVector u1 = FloatVector.fromArray(FS, e, ei + FL);
                    int vi = vo + i * cin + ci;
                    FloatVector b0 = FloatVector.broadcast(FS, v[vi]);
                    FloatVector b1 = FloatVector.broadcast(FS, v[vi + 1]);
                    FloatVector b2 = FloatVector.broadcast(FS, v[vi + 2]);
                    FloatVector b3 = FloatVector.broadcast(FS, v[vi + 3]);
                    a00 = b0.fma(u0, a00);
                    a01 = b0.fma(u1, a01);
                    a10 = b1.fma(u0, a10);
                    a11 = b1.fma(u1, a11);
                    a20 = b2.fma(u0, a20);
                    a21 = b2.fma(u1, a21);
                    a30 = b3.fma(u0, a30);
                    a31 = b3.fma(u1, a31);
                }
                a00.intoArray(m, m0);
                a01.intoArray(m, m0 + FL);
                a10.intoArray(m, m0 + coutP);
                a11.intoArray(m, m0 + coutP + FL);
                a20.intoArray(m, m0 + 2 * coutP);
                a21.intoArray(m, m0 + 2 * coutP + FL);
                a30.intoArray(m, m0 + 3 * coutP);
                a31.intoArray(m, m0 + 3 * coutP + FL);
            }
        }
        // A last single vector of outputs takes eight input channels at a time (eight FMA chains, where four would wait
        // on the FMA latency); four go alone only where fewer than eight are left.
        int ci = 0;
        for (; ci + 8 <= cin4; ci += 8) {
            for (int f = pairs; f < coutP; f += FL) {
                eightChannelsOneVector(v, vo, cin, e, eo, coutP, m, mo, r, ci, f);
            }
        }
        for (; ci < cin4; ci += 4) {
            for (int f = pairs; f < coutP; f += FL) {
                int m0 = mo + ci * coutP + f;
                FloatVector a0 = FloatVector.fromArray(FS, m, m0);
                FloatVector a1 = FloatVector.fromArray(FS, m, m0 + coutP);
                FloatVector a2 = FloatVector.fromArray(FS, m, m0 + 2 * coutP);
                FloatVector a3 = FloatVector.fromArray(FS, m, m0 + 3 * coutP);
                for (int i = 0; i < r; i++) {
                    FloatVector u0 = FloatVector.fromArray(FS, e, eo + i * coutP + f);
                    int vi = vo + i * cin + ci;
                    a0 = FloatVector.broadcast(FS, v[vi]).fma(u0, a0);
                    a1 = FloatVector.broadcast(FS, v[vi + 1]).fma(u0, a1);
                    a2 = FloatVector.broadcast(FS, v[vi + 2]).fma(u0, a2);
                    a3 = FloatVector.broadcast(FS, v[vi + 3]).fma(u0, a3);
                }
                a0.intoArray(m, m0);
                a1.intoArray(m, m0 + coutP);
                a2.intoArray(m, m0 + 2 * coutP);
                a3.intoArray(m, m0 + 3 * coutP);
            }
        }
        for (ci = cin4; ci < cin; ci++) {
            for (int f = 0; f < coutP; f += FL) {
                accumulateRow(v, vo, cin, e, eo, coutP, m, mo, r, ci, f);
            }
        }
    }

    /** {@link #accumulate} for input channels {@code ci .. ci+3} and the first three vectors of output channels. */
    private static void fourChannelsThreeVectors(
            float[] v, int vo, int cin, float[] e, int eo, int coutP, float[] m, int mo, int r, int ci) {
        int m0 = mo + ci * coutP;
        FloatVector a00 = FloatVector.fromArray(FS, m, m0);
        FloatVector a01 = FloatVector.fromArray(FS, m, m0 + FL);
        FloatVector a02 = FloatVector.fromArray(FS, m, m0 + 2 * FL);
        FloatVector a10 = FloatVector.fromArray(FS, m, m0 + coutP);
        FloatVector a11 = FloatVector.fromArray(FS, m, m0 + coutP + FL);
        FloatVector a12 = FloatVector.fromArray(FS, m, m0 + coutP + 2 * FL);
        FloatVector a20 = FloatVector.fromArray(FS, m, m0 + 2 * coutP);
        FloatVector a21 = FloatVector.fromArray(FS, m, m0 + 2 * coutP + FL);
        FloatVector a22 = FloatVector.fromArray(FS, m, m0 + 2 * coutP + 2 * FL);
        FloatVector a30 = FloatVector.fromArray(FS, m, m0 + 3 * coutP);
        FloatVector a31 = FloatVector.fromArray(FS, m, m0 + 3 * coutP + FL);
        FloatVector a32 = FloatVector.fromArray(FS, m, m0 + 3 * coutP + 2 * FL);
        for (int i = 0; i < r; i++) {
            int ei = eo + i * coutP;
            FloatVector u0 = FloatVector.fromArray(FS, e, ei);
            FloatVector u1 = FloatVector.fromArray(FS, e, ei + FL);
            FloatVector u2 = FloatVector.fromArray(FS, e, ei + 2 * FL);
            int vi = vo + i * cin + ci;
            FloatVector b0 = FloatVector.broadcast(FS, v[vi]);
            a00 = b0.fma(u0, a00);
            a01 = b0.fma(u1, a01);
            a02 = b0.fma(u2, a02);
            FloatVector b1 = FloatVector.broadcast(FS, v[vi + 1]);
            a10 = b1.fma(u0, a10);
            a11 = b1.fma(u1, a11);
            a12 = b1.fma(u2, a12);
            FloatVector b2 = FloatVector.broadcast(FS, v[vi + 2]);
            a20 = b2.fma(u0, a20);
            a21 = b2.fma(u1, a21);
            a22 = b2.fma(u2, a22);
            FloatVector b3 = FloatVector.broadcast(FS, v[vi + 3]);
            a30 = b3.fma(u0, a30);
            a31 = b3.fma(u1, a31);
            a32 = b3.fma(u2, a32);
        }
        a00.intoArray(m, m0);
        a01.intoArray(m, m0 + FL);
        a02.intoArray(m, m0 + 2 * FL);
        a10.intoArray(m, m0 + coutP);
        a11.intoArray(m, m0 + coutP + FL);
        a12.intoArray(m, m0 + coutP + 2 * FL);
        a20.intoArray(m, m0 + 2 * coutP);
        a21.intoArray(m, m0 + 2 * coutP + FL);
        a22.intoArray(m, m0 + 2 * coutP + 2 * FL);
        a30.intoArray(m, m0 + 3 * coutP);
        a31.intoArray(m, m0 + 3 * coutP + FL);
        a32.intoArray(m, m0 + 3 * coutP + 2 * FL);
    }

    /** {@link #accumulate} for input channels {@code ci .. ci+7} and one vector of output channels from {@code f}. */
    private static void eightChannelsOneVector(
            float[] v, int vo, int cin, float[] e, int eo, int coutP, float[] m, int mo, int r, int ci, int f) {
        int m0 = mo + ci * coutP + f;
        FloatVector a0 = FloatVector.fromArray(FS, m, m0);
        FloatVector a1 = FloatVector.fromArray(FS, m, m0 + coutP);
        FloatVector a2 = FloatVector.fromArray(FS, m, m0 + 2 * coutP);
        FloatVector a3 = FloatVector.fromArray(FS, m, m0 + 3 * coutP);
        FloatVector a4 = FloatVector.fromArray(FS, m, m0 + 4 * coutP);
        FloatVector a5 = FloatVector.fromArray(FS, m, m0 + 5 * coutP);
        FloatVector a6 = FloatVector.fromArray(FS, m, m0 + 6 * coutP);
        FloatVector a7 = FloatVector.fromArray(FS, m, m0 + 7 * coutP);
        for (int i = 0; i < r; i++) {
            FloatVector u0 = FloatVector.fromArray(FS, e, eo + i * coutP + f);
            int vi = vo + i * cin + ci;
            a0 = FloatVector.broadcast(FS, v[vi]).fma(u0, a0);
            a1 = FloatVector.broadcast(FS, v[vi + 1]).fma(u0, a1);
            a2 = FloatVector.broadcast(FS, v[vi + 2]).fma(u0, a2);
            a3 = FloatVector.broadcast(FS, v[vi + 3]).fma(u0, a3);
            a4 = FloatVector.broadcast(FS, v[vi + 4]).fma(u0, a4);
            a5 = FloatVector.broadcast(FS, v[vi + 5]).fma(u0, a5);
            a6 = FloatVector.broadcast(FS, v[vi + 6]).fma(u0, a6);
            a7 = FloatVector.broadcast(FS, v[vi + 7]).fma(u0, a7);
        }
        a0.intoArray(m, m0);
        a1.intoArray(m, m0 + coutP);
        a2.intoArray(m, m0 + 2 * coutP);
        a3.intoArray(m, m0 + 3 * coutP);
        a4.intoArray(m, m0 + 4 * coutP);
        a5.intoArray(m, m0 + 5 * coutP);
        a6.intoArray(m, m0 + 6 * coutP);
        a7.intoArray(m, m0 + 7 * coutP);
    }

    /** {@link #accumulate} for input channel {@code ci} and one vector of output channels from {@code f}. */
    private static void accumulateRow(
            float[] v, int vo, int cin, float[] e, int eo, int coutP, float[] m, int mo, int r, int ci, int f) {
        int mk = mo + ci * coutP + f;
        FloatVector a = FloatVector.fromArray(FS, m, mk);
        for (int i = 0; i < r; i++) {
            a = FloatVector.broadcast(FS, v[vo + i * cin + ci])
                    .fma(FloatVector.fromArray(FS, e, eo + i * coutP + f), a);
        }
        a.intoArray(m, mk);
    }

    /**
     * {@code G g G^T} for every channel pair, as 16 operands {@code [cin, padded(cout)]} of {@link #product}, one per
     * transformed position, each in the column blocks of {@link #weightIndex} (the padding columns are zero). With
     * {@code flipped} the kernel {@code [3, 3, c, f]} is read flipped in space with its channel axes swapped, so
     * {@code cin = f} and {@code cout = c}.
     */
    static float[] transformWeights(float[] w, int wo, int c, int f, boolean flipped) {
        int cin = flipped ? f : c;
        int cout = flipped ? c : f;
        int coutP = padded(cout);
        float[] u = CpuStorage.floats(16 * cin * coutP, "Winograd-transformed weights");
        double[] gk = new double[9];
        double[] t = new double[12];
        for (int ci = 0; ci < cin; ci++) {
            for (int co = 0; co < cout; co++) {
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        gk[a * 3 + b] = flipped
                                ? w[wo + ((2 - a) * 3 + (2 - b)) * c * f + co * f + ci]
                                : w[wo + (a * 3 + b) * c * f + ci * f + co];
                    }
                }
                // t = G g (4x3), then G t^T per row: G = [[1,0,0], [1/2,1/2,1/2], [1/2,-1/2,1/2], [0,0,1]].
                for (int b = 0; b < 3; b++) {
                    double g0 = gk[b];
                    double g1 = gk[3 + b];
                    double g2 = gk[6 + b];
                    t[b] = g0;
                    t[3 + b] = 0.5 * (g0 + g1 + g2);
                    t[6 + b] = 0.5 * (g0 - g1 + g2);
                    t[9 + b] = g2;
                }
                for (int i = 0; i < 4; i++) {
                    double t0 = t[i * 3];
                    double t1 = t[i * 3 + 1];
                    double t2 = t[i * 3 + 2];
                    int base = weightIndex(ci, co, cin, coutP);
                    int stride = cin * coutP;
                    u[(i * 4) * stride + base] = (float) t0;
                    u[(i * 4 + 1) * stride + base] = (float) (0.5 * (t0 + t1 + t2));
                    u[(i * 4 + 2) * stride + base] = (float) (0.5 * (t0 - t1 + t2));
                    u[(i * 4 + 3) * stride + base] = (float) t2;
                }
            }
        }
        return u;
    }

    /**
     * The convolution of {@code x [n, h, w, cin]} with transformed weights {@code u} into every
     * element of {@code out [n, oh, ow, cout]}, reading the input at row {@code oy - pt + a} and
     * column {@code ox - pl + b} for tap {@code (a, b)} (zero outside; {@code pt}, {@code pl} may be
     * negative).
     */
    static void run(
            float[] x,
            int xo,
            int n,
            int h,
            int w,
            int cin,
            float[] u,
            int cout,
            float[] out,
            int oo,
            int oh,
            int ow,
            int pt,
            int pl) {
        int th = (oh + 1) / 2;
        int tw = (ow + 1) / 2;
        int tiles = n * th * tw;
        int coutP = padded(cout);
        // Whole blocks of 8 tiles, the rows that product takes at a time.
        int chunk = (Math.max(16, Math.min(tiles, BUFFER_TARGET / (16 * (cin + coutP)))) + 7) / 8 * 8;
        Parallel.forRange(tiles, Math.max(8, chunk / 2), (from, to) -> {
            float[] buf = (float[]) ConvSupport.scratch(x, 16 * chunk * (cin + coutP));
            int mBase = 16 * chunk * cin;
            float[] win = new float[16 * cin + FL]; // a vector to spare, as in backwardWeight
            for (int t0 = from; t0 < to; t0 += chunk) {
                int r = Math.min(chunk, to - t0);
                for (int i = 0; i < r; i++) {
                    int tile = t0 + i;
                    int img = tile / (th * tw);
                    int y0 = 2 * (tile % (th * tw) / tw) - pt;
                    int x0 = 2 * (tile % tw) - pl;
                    if (inside(y0, x0, 4, h, w)) {
                        transformInput(
                                x, xo + ((img * h + y0) * w + x0) * cin, w * cin, cin, buf, i * cin, chunk * cin);
                    } else {
                        gather(x, xo, img, y0, x0, h, w, cin, 4, win);
                        transformInput(win, 0, 4 * cin, cin, buf, i * cin, chunk * cin);
                    }
                }
                // The rows that round r up to a block of 8 are zero; their products are computed and not read.
                int r8 = (r + 7) / 8 * 8;
                for (int p = 0; p < 16 && r8 > r; p++) {
                    java.util.Arrays.fill(buf, (p * chunk + r) * cin, (p * chunk + r8) * cin, 0f);
                }
                for (int p = 0; p < 16; p++) {
                    product(buf, p * chunk * cin, cin, u, p * cin * coutP, coutP, buf, mBase + p * chunk * coutP, r8);
                }
                for (int i = 0; i < r; i++) {
                    int tile = t0 + i;
                    int img = tile / (th * tw);
                    int oy = 2 * (tile % (th * tw) / tw);
                    int ox = 2 * (tile % tw);
                    transformOutput(buf, mBase + i * coutP, chunk * coutP, cout, out, oo, img, oy, ox, oh, ow);
                }
            }
        });
    }

    /** Whether the {@code size x size} window with top left {@code (y0, x0)} lies inside an {@code h x w} image. */
    private static boolean inside(int y0, int x0, int size, int h, int w) {
        return y0 >= 0 && x0 >= 0 && y0 + size <= h && x0 + size <= w;
    }

    /**
     * Copies the {@code size x size} window with top left {@code (y0, x0)} of image {@code img} of {@code t [n, h, w,
     * c]} (offset {@code to}) into {@code win [size, size, c]}, zero where it leaves the image: the border tiles, which
     * then take the same transform as the inner ones, read straight from {@code t}.
     */
    private static void gather(float[] t, int to, int img, int y0, int x0, int h, int w, int c, int size, float[] win) {
        for (int a = 0; a < size; a++) {
            int iy = y0 + a;
            for (int b = 0; b < size; b++) {
                int ix = x0 + b;
                int dst = (a * size + b) * c;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                    System.arraycopy(t, to + ((img * h + iy) * w + ix) * c, win, dst, c);
                } else {
                    java.util.Arrays.fill(win, dst, dst + c, 0f);
                }
            }
        }
    }

    /**
     * How many of {@code coutP} output channels the products and the weight-gradient sums take three vectors at a
     * time ({@code 3 FL}), else 0: where the vectors are odd in number (48 channels on 16 lanes) and there are 32
     * registers for the accumulators, so each broadcast feeds three vectors instead of a pair and then a single.
     */
    private static int threeFirst(int coutP) {
        return WIDE && (coutP / FL) % 2 == 1 && coutP >= 3 * FL ? 3 * FL : 0;
    }

    /** {@code n} rounded up to whole vectors, so the products need no masked lanes. */
    static int padded(int n) {
        return (n + FL - 1) / FL * FL;
    }

    /**
     * {@code m[i, :] = v[i, :] u} for {@code r} rows, a multiple of 8: {@code v} is {@code [r, cin]} and {@code m} is
     * {@code [r, coutP]}, both dense, and {@code u} holds {@code [cin, coutP]} in column blocks ({@link #weightIndex}).
     * The operands are a few dozen channels wide, too thin for the packed GEMM (whose packing then costs more than
     * the arithmetic), and {@code u} stays in L1, so this kernel reads them in place: 8 rows at a time, a broadcast of
     * {@code v} against the vectors of one block of {@code u}. Each block's rows lie a constant stride apart, which
     * lets C2 drop the bounds checks from the loops; a stride of {@code coutP} kept two checks and a multiply per step.
     */
    static void product(float[] v, int vo, int cin, float[] u, int uo, int coutP, float[] m, int mo, int r) {
        if (r % 8 != 0) {
            throw new IllegalArgumentException("rows must be a multiple of 8, got " + r);
        }
        int f3 = threeFirst(coutP);
        for (int i = 0; i < r; i += 8) {
            int v0 = vo + i * cin;
            int m0 = mo + i * coutP;
            int f = 0;
            if (f3 > 0) {
                eightRowsThreeVectors(v, v0, cin, u, uo, coutP, m, m0);
                f = f3;
            }
            // Pairs of vectors take two 4-row passes, a last single vector one 8-row pass: eight FMA chains each.
            for (; f + 2 * FL <= coutP; f += 2 * FL) {
                fourRowsTwoVectors(v, v0, cin, u, uo + f * cin, coutP, m, m0 + f);
                fourRowsTwoVectors(v, v0 + 4 * cin, cin, u, uo + f * cin, coutP, m, m0 + 4 * coutP + f);
            }
            if (f < coutP) {
                eightRowsOneVector(v, v0, cin, u, uo + f * cin, coutP, m, m0 + f);
            }
        }
    }

    /**
     * Where {@code u[ci, co]} of one position lies in the transformed weights: the output channels are cut into the
     * column blocks that {@link #product} takes (three vectors first where {@link #threeFirst} says so, then pairs,
     * then a last single vector), and each block is stored {@code [cin, width]}, one after the other.
     */
    static int weightIndex(int ci, int co, int cin, int coutP) {
        int f3 = threeFirst(coutP);
        int start = co < f3 ? 0 : f3 + (co - f3) / (2 * FL) * (2 * FL);
        int width = co < f3 ? f3 : start + 2 * FL <= coutP ? 2 * FL : FL;
        return start * cin + ci * width + co - start;
    }

    /** Rows {@code v0 .. v0 + 7 cin} of {@code v} times the 3-vector block of {@code u} at {@code u0}, into {@code m}. */
    private static void eightRowsThreeVectors(
            float[] v, int v0, int cin, float[] u, int u0, int coutP, float[] m, int m0) {
        FloatVector a00 = FloatVector.zero(FS);
        FloatVector a01 = FloatVector.zero(FS);
        FloatVector a02 = FloatVector.zero(FS);
        FloatVector a10 = FloatVector.zero(FS);
        FloatVector a11 = FloatVector.zero(FS);
        FloatVector a12 = FloatVector.zero(FS);
        FloatVector a20 = FloatVector.zero(FS);
        FloatVector a21 = FloatVector.zero(FS);
        FloatVector a22 = FloatVector.zero(FS);
        FloatVector a30 = FloatVector.zero(FS);
        FloatVector a31 = FloatVector.zero(FS);
        FloatVector a32 = FloatVector.zero(FS);
        FloatVector a40 = FloatVector.zero(FS);
        FloatVector a41 = FloatVector.zero(FS);
        FloatVector a42 = FloatVector.zero(FS);
        FloatVector a50 = FloatVector.zero(FS);
        FloatVector a51 = FloatVector.zero(FS);
        FloatVector a52 = FloatVector.zero(FS);
        FloatVector a60 = FloatVector.zero(FS);
        FloatVector a61 = FloatVector.zero(FS);
        FloatVector a62 = FloatVector.zero(FS);
        FloatVector a70 = FloatVector.zero(FS);
        FloatVector a71 = FloatVector.zero(FS);
        FloatVector a72 = FloatVector.zero(FS);
        for (int c = 0; c < cin; c++) {
            int uc = u0 + c * 3 * FL;
            FloatVector w0 = FloatVector.fromArray(FS, u, uc);
            FloatVector w1 = FloatVector.fromArray(FS, u, uc + FL);
            FloatVector w2 = FloatVector.fromArray(FS, u, uc + 2 * FL);
            FloatVector b0 = FloatVector.broadcast(FS, v[v0 + c]);
            a00 = b0.fma(w0, a00);
            a01 = b0.fma(w1, a01);
            a02 = b0.fma(w2, a02);
            FloatVector b1 = FloatVector.broadcast(FS, v[v0 + cin + c]);
            a10 = b1.fma(w0, a10);
            a11 = b1.fma(w1, a11);
            a12 = b1.fma(w2, a12);
            FloatVector b2 = FloatVector.broadcast(FS, v[v0 + 2 * cin + c]);
            a20 = b2.fma(w0, a20);
            a21 = b2.fma(w1, a21);
            a22 = b2.fma(w2, a22);
            FloatVector b3 = FloatVector.broadcast(FS, v[v0 + 3 * cin + c]);
            a30 = b3.fma(w0, a30);
            a31 = b3.fma(w1, a31);
            a32 = b3.fma(w2, a32);
            FloatVector b4 = FloatVector.broadcast(FS, v[v0 + 4 * cin + c]);
            a40 = b4.fma(w0, a40);
            a41 = b4.fma(w1, a41);
            a42 = b4.fma(w2, a42);
            FloatVector b5 = FloatVector.broadcast(FS, v[v0 + 5 * cin + c]);
            a50 = b5.fma(w0, a50);
            a51 = b5.fma(w1, a51);
            a52 = b5.fma(w2, a52);
            FloatVector b6 = FloatVector.broadcast(FS, v[v0 + 6 * cin + c]);
            a60 = b6.fma(w0, a60);
            a61 = b6.fma(w1, a61);
            a62 = b6.fma(w2, a62);
            FloatVector b7 = FloatVector.broadcast(FS, v[v0 + 7 * cin + c]);
            a70 = b7.fma(w0, a70);
            a71 = b7.fma(w1, a71);
            a72 = b7.fma(w2, a72);
        }
        a00.intoArray(m, m0);
        a01.intoArray(m, m0 + FL);
        a02.intoArray(m, m0 + 2 * FL);
        a10.intoArray(m, m0 + coutP);
        a11.intoArray(m, m0 + coutP + FL);
        a12.intoArray(m, m0 + coutP + 2 * FL);
        a20.intoArray(m, m0 + 2 * coutP);
        a21.intoArray(m, m0 + 2 * coutP + FL);
        a22.intoArray(m, m0 + 2 * coutP + 2 * FL);
        a30.intoArray(m, m0 + 3 * coutP);
        a31.intoArray(m, m0 + 3 * coutP + FL);
        a32.intoArray(m, m0 + 3 * coutP + 2 * FL);
        a40.intoArray(m, m0 + 4 * coutP);
        a41.intoArray(m, m0 + 4 * coutP + FL);
        a42.intoArray(m, m0 + 4 * coutP + 2 * FL);
        a50.intoArray(m, m0 + 5 * coutP);
        a51.intoArray(m, m0 + 5 * coutP + FL);
        a52.intoArray(m, m0 + 5 * coutP + 2 * FL);
        a60.intoArray(m, m0 + 6 * coutP);
        a61.intoArray(m, m0 + 6 * coutP + FL);
        a62.intoArray(m, m0 + 6 * coutP + 2 * FL);
        a70.intoArray(m, m0 + 7 * coutP);
        a71.intoArray(m, m0 + 7 * coutP + FL);
        a72.intoArray(m, m0 + 7 * coutP + 2 * FL);
    }

    /** Rows {@code v0 .. v0 + 3 cin} of {@code v} times the 2-vector block of {@code u} at {@code u0}, into {@code m}. */
    private static void fourRowsTwoVectors(
            float[] v, int v0, int cin, float[] u, int u0, int coutP, float[] m, int m0) {
        FloatVector a00 = FloatVector.zero(FS);
        FloatVector a01 = FloatVector.zero(FS);
        FloatVector a10 = FloatVector.zero(FS);
        FloatVector a11 = FloatVector.zero(FS);
        FloatVector a20 = FloatVector.zero(FS);
        FloatVector a21 = FloatVector.zero(FS);
        FloatVector a30 = FloatVector.zero(FS);
        FloatVector a31 = FloatVector.zero(FS);
        for (int c = 0; c < cin; c++) {
            int uc = u0 + c * 2 * FL;
            FloatVector w0 = FloatVector.fromArray(FS, u, uc);
            FloatVector w1 = FloatVector.fromArray(FS, u, uc + FL);
            FloatVector b0 = FloatVector.broadcast(FS, v[v0 + c]);
            FloatVector b1 = FloatVector.broadcast(FS, v[v0 + cin + c]);
            FloatVector b2 = FloatVector.broadcast(FS, v[v0 + 2 * cin + c]);
            FloatVector b3 = FloatVector.broadcast(FS, v[v0 + 3 * cin + c]);
            a00 = b0.fma(w0, a00);
            a01 = b0.fma(w1, a01);
            a10 = b1.fma(w0, a10);
            a11 = b1.fma(w1, a11);
            a20 = b2.fma(w0, a20);
            a21 = b2.fma(w1, a21);
            a30 = b3.fma(w0, a30);
            a31 = b3.fma(w1, a31);
        }
        a00.intoArray(m, m0);
        a01.intoArray(m, m0 + FL);
        a10.intoArray(m, m0 + coutP);
        a11.intoArray(m, m0 + coutP + FL);
        a20.intoArray(m, m0 + 2 * coutP);
        a21.intoArray(m, m0 + 2 * coutP + FL);
        a30.intoArray(m, m0 + 3 * coutP);
        a31.intoArray(m, m0 + 3 * coutP + FL);
    }

    /** Rows {@code v0 .. v0 + 7 cin} of {@code v} times the 1-vector block of {@code u} at {@code u0}, into {@code m}. */
    private static void eightRowsOneVector(
            float[] v, int v0, int cin, float[] u, int u0, int coutP, float[] m, int m0) {
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = FloatVector.zero(FS);
        FloatVector a2 = FloatVector.zero(FS);
        FloatVector a3 = FloatVector.zero(FS);
        FloatVector a4 = FloatVector.zero(FS);
        FloatVector a5 = FloatVector.zero(FS);
        FloatVector a6 = FloatVector.zero(FS);
        FloatVector a7 = FloatVector.zero(FS);
        for (int c = 0; c < cin; c++) {
            FloatVector w = FloatVector.fromArray(FS, u, u0 + c * FL);
            a0 = FloatVector.broadcast(FS, v[v0 + c]).fma(w, a0);
            a1 = FloatVector.broadcast(FS, v[v0 + cin + c]).fma(w, a1);
            a2 = FloatVector.broadcast(FS, v[v0 + 2 * cin + c]).fma(w, a2);
            a3 = FloatVector.broadcast(FS, v[v0 + 3 * cin + c]).fma(w, a3);
            a4 = FloatVector.broadcast(FS, v[v0 + 4 * cin + c]).fma(w, a4);
            a5 = FloatVector.broadcast(FS, v[v0 + 5 * cin + c]).fma(w, a5);
            a6 = FloatVector.broadcast(FS, v[v0 + 6 * cin + c]).fma(w, a6);
            a7 = FloatVector.broadcast(FS, v[v0 + 7 * cin + c]).fma(w, a7);
        }
        a0.intoArray(m, m0);
        a1.intoArray(m, m0 + coutP);
        a2.intoArray(m, m0 + 2 * coutP);
        a3.intoArray(m, m0 + 3 * coutP);
        a4.intoArray(m, m0 + 4 * coutP);
        a5.intoArray(m, m0 + 5 * coutP);
        a6.intoArray(m, m0 + 6 * coutP);
        a7.intoArray(m, m0 + 7 * coutP);
    }

    /**
     * {@code B^T d B} of one 4x4 window, vectorized over the channels: window element {@code (a, b)} is
     * {@code d[at + a * rowStride + b * cin ..][0 .. cin)}, transformed position {@code p} goes to
     * {@code v[dst + p * stride ..]}. {@code B^T = [[1,0,-1,0], [0,1,1,0], [0,-1,1,0], [0,1,0,-1]]}. Where the channels
     * are not a whole number of vectors, the last vector overlaps the one before: each channel's transform is its own,
     * so the shared channels are written twice with the same values and no channel takes a scalar or masked path.
     */
    private static void transformInput(float[] d, int at, int rowStride, int cin, float[] v, int dst, int stride) {
        if (cin < FL) {
            transformInputMasked(d, at, rowStride, cin, v, dst, stride);
            return;
        }
        for (int b = 0; b < cin; b += FL) {
            int c = Math.min(b, cin - FL);
            // Rows 1 and 2 of the window feed every row of B^T d, so they are loaded once and kept; rows 0 and 3
            // are read where their one row of B^T d needs them. Each window element is loaded once.
            int d0 = at + c;
            int d1 = d0 + rowStride;
            int d2 = d1 + rowStride;
            int d3 = d2 + rowStride;
            FloatVector x10 = FloatVector.fromArray(FS, d, d1);
            FloatVector x11 = FloatVector.fromArray(FS, d, d1 + cin);
            FloatVector x12 = FloatVector.fromArray(FS, d, d1 + 2 * cin);
            FloatVector x13 = FloatVector.fromArray(FS, d, d1 + 3 * cin);
            FloatVector x20 = FloatVector.fromArray(FS, d, d2);
            FloatVector x21 = FloatVector.fromArray(FS, d, d2 + cin);
            FloatVector x22 = FloatVector.fromArray(FS, d, d2 + 2 * cin);
            FloatVector x23 = FloatVector.fromArray(FS, d, d2 + 3 * cin);
            // Row a of B^T d in t0 .. t3, then row a of (B^T d) B to positions 4a .. 4a + 3, written out rather than
            // in a helper: passed to a method that C2 did not inline, the vectors would be boxed.
            int o = dst + c;
            FloatVector t0 = x10.add(x20);
            FloatVector t1 = x11.add(x21);
            FloatVector t2 = x12.add(x22);
            FloatVector t3 = x13.add(x23);
            t0.sub(t2).intoArray(v, o + 4 * stride);
            t1.add(t2).intoArray(v, o + 5 * stride);
            t2.sub(t1).intoArray(v, o + 6 * stride);
            t1.sub(t3).intoArray(v, o + 7 * stride);
            t0 = x20.sub(x10);
            t1 = x21.sub(x11);
            t2 = x22.sub(x12);
            t3 = x23.sub(x13);
            t0.sub(t2).intoArray(v, o + 8 * stride);
            t1.add(t2).intoArray(v, o + 9 * stride);
            t2.sub(t1).intoArray(v, o + 10 * stride);
            t1.sub(t3).intoArray(v, o + 11 * stride);
            t0 = FloatVector.fromArray(FS, d, d0).sub(x20);
            t1 = FloatVector.fromArray(FS, d, d0 + cin).sub(x21);
            t2 = FloatVector.fromArray(FS, d, d0 + 2 * cin).sub(x22);
            t3 = FloatVector.fromArray(FS, d, d0 + 3 * cin).sub(x23);
            t0.sub(t2).intoArray(v, o);
            t1.add(t2).intoArray(v, o + stride);
            t2.sub(t1).intoArray(v, o + 2 * stride);
            t1.sub(t3).intoArray(v, o + 3 * stride);
            t0 = x10.sub(FloatVector.fromArray(FS, d, d3));
            t1 = x11.sub(FloatVector.fromArray(FS, d, d3 + cin));
            t2 = x12.sub(FloatVector.fromArray(FS, d, d3 + 2 * cin));
            t3 = x13.sub(FloatVector.fromArray(FS, d, d3 + 3 * cin));
            t0.sub(t2).intoArray(v, o + 12 * stride);
            t1.add(t2).intoArray(v, o + 13 * stride);
            t2.sub(t1).intoArray(v, o + 14 * stride);
            t1.sub(t3).intoArray(v, o + 15 * stride);
        }
    }

    /**
     * {@link #transformInput} for fewer channels than a vector: one masked vector, so that neither the loads nor the
     * stores touch the next pixel's channels.
     */
    private static void transformInputMasked(
            float[] d, int at, int rowStride, int cin, float[] v, int dst, int stride) {
        VectorMask<Float> m = FS.indexInRange(0, cin);
        for (int a = 0; a < 4; a++) {
            int p1 = at + R1[a] * rowStride;
            int p2 = at + R2[a] * rowStride;
            FloatVector t0;
            FloatVector t1;
            FloatVector t2;
            FloatVector t3;
            if (a == 1) {
                t0 = FloatVector.fromArray(FS, d, p1, m).add(FloatVector.fromArray(FS, d, p2, m));
                t1 = FloatVector.fromArray(FS, d, p1 + cin, m).add(FloatVector.fromArray(FS, d, p2 + cin, m));
                t2 = FloatVector.fromArray(FS, d, p1 + 2 * cin, m).add(FloatVector.fromArray(FS, d, p2 + 2 * cin, m));
                t3 = FloatVector.fromArray(FS, d, p1 + 3 * cin, m).add(FloatVector.fromArray(FS, d, p2 + 3 * cin, m));
            } else {
                t0 = FloatVector.fromArray(FS, d, p1, m).sub(FloatVector.fromArray(FS, d, p2, m));
                t1 = FloatVector.fromArray(FS, d, p1 + cin, m).sub(FloatVector.fromArray(FS, d, p2 + cin, m));
                t2 = FloatVector.fromArray(FS, d, p1 + 2 * cin, m).sub(FloatVector.fromArray(FS, d, p2 + 2 * cin, m));
                t3 = FloatVector.fromArray(FS, d, p1 + 3 * cin, m).sub(FloatVector.fromArray(FS, d, p2 + 3 * cin, m));
            }
            int o = dst + a * 4 * stride;
            t0.sub(t2).intoArray(v, o, m);
            t1.add(t2).intoArray(v, o + stride, m);
            t2.sub(t1).intoArray(v, o + 2 * stride, m);
            t1.sub(t3).intoArray(v, o + 3 * stride, m);
        }
    }

    /**
     * {@code A^T m A} of one tile's 16 products {@code m[src + p * stride .. + cout)}, written to the
     * output pixels {@code (oy .. oy+1, ox .. ox+1)} of image {@code img} that exist.
     * {@code A^T = [[1,1,1,0], [0,1,-1,-1]]}.
     */
    private static void transformOutput(
            float[] m, int src, int stride, int cout, float[] out, int oo, int img, int oy, int ox, int oh, int ow) {
        boolean right = ox + 1 < ow;
        boolean below = oy + 1 < oh;
        int p00 = oo + ((img * oh + oy) * ow + ox) * cout;
        int p10 = p00 + ow * cout;
        // The last vector of channels overlaps the one before where cout is not a whole number of vectors, as in
        // transformInput; fewer channels than a vector take one masked vector (m's rows are padded to whole vectors,
        // so only the stores need the mask).
        VectorMask<Float> mask = FS.indexInRange(0, Math.min(cout, FL));
        for (int b = 0; b < cout; b += FL) {
            int f = cout < FL ? 0 : Math.min(b, cout - FL);
            int q = src + f;
            // Column j of A^T m: row 0 (m[j] + m[4 + j] + m[8 + j]) in sj, row 1 (m[4 + j] - m[8 + j] - m[12 + j])
            // in ej. Written out, each product loaded once: a helper taking or returning vectors, when C2 does not
            // inline it, boxes them.
            FloatVector m1 = FloatVector.fromArray(FS, m, q + 4 * stride);
            FloatVector m2 = FloatVector.fromArray(FS, m, q + 8 * stride);
            FloatVector s0 = FloatVector.fromArray(FS, m, q).add(m1).add(m2);
            FloatVector e0 = m1.sub(m2).sub(FloatVector.fromArray(FS, m, q + 12 * stride));
            m1 = FloatVector.fromArray(FS, m, q + 5 * stride);
            m2 = FloatVector.fromArray(FS, m, q + 9 * stride);
            FloatVector s1 = FloatVector.fromArray(FS, m, q + stride).add(m1).add(m2);
            FloatVector e1 = m1.sub(m2).sub(FloatVector.fromArray(FS, m, q + 13 * stride));
            m1 = FloatVector.fromArray(FS, m, q + 6 * stride);
            m2 = FloatVector.fromArray(FS, m, q + 10 * stride);
            FloatVector s2 =
                    FloatVector.fromArray(FS, m, q + 2 * stride).add(m1).add(m2);
            FloatVector e2 = m1.sub(m2).sub(FloatVector.fromArray(FS, m, q + 14 * stride));
            m1 = FloatVector.fromArray(FS, m, q + 7 * stride);
            m2 = FloatVector.fromArray(FS, m, q + 11 * stride);
            FloatVector s3 =
                    FloatVector.fromArray(FS, m, q + 3 * stride).add(m1).add(m2);
            FloatVector e3 = m1.sub(m2).sub(FloatVector.fromArray(FS, m, q + 15 * stride));
            s0.add(s1).add(s2).intoArray(out, p00 + f, mask);
            if (right) {
                s1.sub(s2).sub(s3).intoArray(out, p00 + cout + f, mask);
            }
            if (below) {
                e0.add(e1).add(e2).intoArray(out, p10 + f, mask);
                if (right) {
                    e1.sub(e2).sub(e3).intoArray(out, p10 + cout + f, mask);
                }
            }
        }
    }
}
