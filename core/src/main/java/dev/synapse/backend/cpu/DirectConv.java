package dev.synapse.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 direct convolution kernels for few input channels per group (a first layer on grey or RGB
 * images), where im2col rows would be too short for a GEMM. They vectorize over output channels.
 *
 * <p>The forward and weight-gradient kernels read a zero-padded copy of the input, so every tap of
 * every output pixel is a fixed offset from the pixel's base index: the inner loops have no bounds
 * tests and no divisions, which the JIT compiles into straight FMA sequences (measured about three
 * times faster than testing each tap against the image borders).
 */
final class DirectConv {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    /** Output pixels below which a task is not worth handing to another thread. */
    private static final int PIXEL_GRAIN = 64;
    /** Output pixels per register-accumulated chunk of the weight gradient (their gradients stay in L1). */
    private static final int WEIGHT_CHUNK = 256;

    private DirectConv() {}

    /** A zero-padded copy of the input; padded height and width are {@code h + pt + pb} and {@code w + pl + pr}. */
    record Padded(float[] data, int hp, int wp) {}

    /**
     * Copies {@code x} into the calling thread's second scratch buffer with the spec's zero padding
     * around each image; images are copied in parallel (a batch of them is tens of megabytes).
     */
    static Padded pad(ConvGeometry g, float[] x, int xo) {
        int hp = g.h + g.pt + g.pb;
        int wp = g.w + g.pl + g.pr;
        int image = hp * wp * g.c;
        float[] xp = (float[]) ConvSupport.scratch(x, g.n * image, 1);
        int row = g.w * g.c;
        Parallel.forRange(g.n, Math.max(1, PIXEL_GRAIN * 64 / Math.max(1, image)), (n0, n1) -> {
            java.util.Arrays.fill(xp, n0 * image, n1 * image, 0f);
            for (int n = n0; n < n1; n++) {
                for (int ih = 0; ih < g.h; ih++) {
                    System.arraycopy(x, xo + (n * g.h + ih) * row, xp, ((n * hp + ih + g.pt) * wp + g.pl) * g.c, row);
                }
            }
        });
        return new Padded(xp, hp, wp);
    }

    /** Offset of tap {@code (a, b, c)} from its pixel's base in the padded input, in weight-row order. */
    private static int[] tapOffsets(ConvGeometry g, int wp) {
        int[] off = new int[g.k];
        int t = 0;
        for (int a = 0; a < g.kh; a++) {
            for (int b = 0; b < g.kw; b++) {
                for (int c = 0; c < g.cg; c++) {
                    off[t++] = (a * g.dh * wp + b * g.dw) * g.c + c;
                }
            }
        }
        return off;
    }

    static void forward(ConvGeometry g, float[] x, int xo, float[] w, int wo, float[] out, int oo) {
        Padded p = pad(g, x, xo);
        float[] xp = p.data();
        int hp = p.hp();
        int wp = p.wp();
        int[] tapOff = tapOffsets(g, wp);
        int f = g.f;
        int fg = g.fg;
        int whole = fg / FL;
        // The channels past the whole vectors (8 of 24 with 16 lanes): one masked vector.
        VectorMask<Float> tail = whole * FL < fg ? FS.indexInRange(whole * FL, fg) : null;
        Parallel.forRange(g.rows, PIXEL_GRAIN, (from, to) -> {
            int[] bases = new int[WEIGHT_CHUNK];
            for (int p0 = from; p0 < to; p0 += WEIGHT_CHUNK) {
                int r = Math.min(WEIGHT_CHUNK, to - p0);
                pixelBases(g, hp, wp, p0, r, bases);
                for (int grp = 0; grp < g.groups; grp++) {
                    int wg = wo + grp * fg;
                    int c = grp * g.cg;
                    int i = 0;
                    // Four pixels at a time share each weight vector they load; whole blocks of output channels,
                    // two at a time, share each broadcast input value.
                    for (; i + 4 <= r; i += 4) {
                        int og = oo + (p0 + i) * f + grp * fg;
                        int blk = 0;
                        for (; blk + 2 <= whole; blk += 2) {
                            fourPixelsTwoBlocks(xp, bases, i, c, tapOff, w, wg + blk * FL, f, out, og + blk * FL);
                        }
                        if (blk + 1 == whole && tail != null) {
                            // One whole block and the partial one (24 channels on 16 lanes): eight chains, not 4 + 4.
                            fourPixelsBlockAndPartial(
                                    xp, bases, i, c, tapOff, w, wg + blk * FL, f, out, og + blk * FL, tail);
                            continue;
                        }
                        for (; blk < whole; blk++) {
                            fourPixelsOneBlock(xp, bases, i, c, tapOff, w, wg + blk * FL, f, out, og + blk * FL);
                        }
                        if (tail != null) {
                            fourPixelsPartialBlock(
                                    xp, bases, i, c, tapOff, w, wg + whole * FL, f, out, og + whole * FL, tail);
                        }
                    }
                    for (; i < r; i++) {
                        int og = oo + (p0 + i) * f + grp * fg;
                        onePixel(xp, bases[i] + c, tapOff, w, wg, f, whole, out, og);
                        if (tail != null) {
                            partialBlock(xp, bases[i] + c, tapOff, w, wg + whole * FL, f, out, og + whole * FL, tail);
                        }
                    }
                }
            }
        });
    }

    /** Output channels {@code [w0, w0 + 2 FL)} of pixels {@code bases[i .. i+3]}: eight FMA chains over the taps. */
    private static void fourPixelsTwoBlocks(
            float[] xp, int[] bases, int i, int c, int[] tapOff, float[] w, int w0, int f, float[] out, int o) {
        int b0 = bases[i] + c;
        int b1 = bases[i + 1] + c;
        int b2 = bases[i + 2] + c;
        int b3 = bases[i + 3] + c;
        FloatVector a00 = FloatVector.zero(FS);
        FloatVector a01 = FloatVector.zero(FS);
        FloatVector a10 = FloatVector.zero(FS);
        FloatVector a11 = FloatVector.zero(FS);
        FloatVector a20 = FloatVector.zero(FS);
        FloatVector a21 = FloatVector.zero(FS);
        FloatVector a30 = FloatVector.zero(FS);
        FloatVector a31 = FloatVector.zero(FS);
        for (int t = 0; t < tapOff.length; t++) {
            int wr = w0 + t * f;
            int d = tapOff[t];
            FloatVector w0v = FloatVector.fromArray(FS, w, wr);
            FloatVector w1v = FloatVector.fromArray(FS, w, wr + FL);
            FloatVector x0 = FloatVector.broadcast(FS, xp[b0 + d]);
            a00 = w0v.fma(x0, a00);
            a01 = w1v.fma(x0, a01);
            FloatVector x1 = FloatVector.broadcast(FS, xp[b1 + d]);
            a10 = w0v.fma(x1, a10);
            a11 = w1v.fma(x1, a11);
            FloatVector x2 = FloatVector.broadcast(FS, xp[b2 + d]);
            a20 = w0v.fma(x2, a20);
            a21 = w1v.fma(x2, a21);
            FloatVector x3 = FloatVector.broadcast(FS, xp[b3 + d]);
            a30 = w0v.fma(x3, a30);
            a31 = w1v.fma(x3, a31);
        }
        a00.intoArray(out, o);
        a01.intoArray(out, o + FL);
        a10.intoArray(out, o + f);
        a11.intoArray(out, o + f + FL);
        a20.intoArray(out, o + 2 * f);
        a21.intoArray(out, o + 2 * f + FL);
        a30.intoArray(out, o + 3 * f);
        a31.intoArray(out, o + 3 * f + FL);
    }

    /**
     * {@link #fourPixelsTwoBlocks} where the second block is the partial one (the lanes of {@code m}): one whole block
     * and the channels past it, eight FMA chains sharing each broadcast input value.
     */
    private static void fourPixelsBlockAndPartial(
            float[] xp,
            int[] bases,
            int i,
            int c,
            int[] tapOff,
            float[] w,
            int w0,
            int f,
            float[] out,
            int o,
            VectorMask<Float> m) {
        int b0 = bases[i] + c;
        int b1 = bases[i + 1] + c;
        int b2 = bases[i + 2] + c;
        int b3 = bases[i + 3] + c;
        FloatVector a00 = FloatVector.zero(FS);
        FloatVector a01 = FloatVector.zero(FS);
        FloatVector a10 = FloatVector.zero(FS);
        FloatVector a11 = FloatVector.zero(FS);
        FloatVector a20 = FloatVector.zero(FS);
        FloatVector a21 = FloatVector.zero(FS);
        FloatVector a30 = FloatVector.zero(FS);
        FloatVector a31 = FloatVector.zero(FS);
        for (int t = 0; t < tapOff.length; t++) {
            int wr = w0 + t * f;
            int d = tapOff[t];
            FloatVector w0v = FloatVector.fromArray(FS, w, wr);
            FloatVector w1v = FloatVector.fromArray(FS, w, wr + FL, m);
            FloatVector x0 = FloatVector.broadcast(FS, xp[b0 + d]);
            a00 = w0v.fma(x0, a00);
            a01 = w1v.fma(x0, a01);
            FloatVector x1 = FloatVector.broadcast(FS, xp[b1 + d]);
            a10 = w0v.fma(x1, a10);
            a11 = w1v.fma(x1, a11);
            FloatVector x2 = FloatVector.broadcast(FS, xp[b2 + d]);
            a20 = w0v.fma(x2, a20);
            a21 = w1v.fma(x2, a21);
            FloatVector x3 = FloatVector.broadcast(FS, xp[b3 + d]);
            a30 = w0v.fma(x3, a30);
            a31 = w1v.fma(x3, a31);
        }
        a00.intoArray(out, o);
        a01.intoArray(out, o + FL, m);
        a10.intoArray(out, o + f);
        a11.intoArray(out, o + f + FL, m);
        a20.intoArray(out, o + 2 * f);
        a21.intoArray(out, o + 2 * f + FL, m);
        a30.intoArray(out, o + 3 * f);
        a31.intoArray(out, o + 3 * f + FL, m);
    }

    /** Output channels {@code [w0, w0 + FL)} of pixels {@code bases[i .. i+3]}: four FMA chains over the taps. */
    private static void fourPixelsOneBlock(
            float[] xp, int[] bases, int i, int c, int[] tapOff, float[] w, int w0, int f, float[] out, int o) {
        int b0 = bases[i] + c;
        int b1 = bases[i + 1] + c;
        int b2 = bases[i + 2] + c;
        int b3 = bases[i + 3] + c;
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = FloatVector.zero(FS);
        FloatVector a2 = FloatVector.zero(FS);
        FloatVector a3 = FloatVector.zero(FS);
        for (int t = 0; t < tapOff.length; t++) {
            int d = tapOff[t];
            FloatVector wv = FloatVector.fromArray(FS, w, w0 + t * f);
            a0 = wv.fma(FloatVector.broadcast(FS, xp[b0 + d]), a0);
            a1 = wv.fma(FloatVector.broadcast(FS, xp[b1 + d]), a1);
            a2 = wv.fma(FloatVector.broadcast(FS, xp[b2 + d]), a2);
            a3 = wv.fma(FloatVector.broadcast(FS, xp[b3 + d]), a3);
        }
        a0.intoArray(out, o);
        a1.intoArray(out, o + f);
        a2.intoArray(out, o + 2 * f);
        a3.intoArray(out, o + 3 * f);
    }

    /**
     * {@link #fourPixelsOneBlock} for the channels past the whole vectors (the lanes of {@code m}). A copy rather
     * than a mask argument that may be absent, as for {@link #partialBlockWeights}: given one, C2 compiled the
     * whole-block loop 8% slower (seed 002 conv1, 150 pairs).
     */
    private static void fourPixelsPartialBlock(
            float[] xp,
            int[] bases,
            int i,
            int c,
            int[] tapOff,
            float[] w,
            int w0,
            int f,
            float[] out,
            int o,
            VectorMask<Float> m) {
        int b0 = bases[i] + c;
        int b1 = bases[i + 1] + c;
        int b2 = bases[i + 2] + c;
        int b3 = bases[i + 3] + c;
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = FloatVector.zero(FS);
        FloatVector a2 = FloatVector.zero(FS);
        FloatVector a3 = FloatVector.zero(FS);
        for (int t = 0; t < tapOff.length; t++) {
            int d = tapOff[t];
            FloatVector wv = FloatVector.fromArray(FS, w, w0 + t * f, m);
            a0 = wv.fma(FloatVector.broadcast(FS, xp[b0 + d]), a0);
            a1 = wv.fma(FloatVector.broadcast(FS, xp[b1 + d]), a1);
            a2 = wv.fma(FloatVector.broadcast(FS, xp[b2 + d]), a2);
            a3 = wv.fma(FloatVector.broadcast(FS, xp[b3 + d]), a3);
        }
        a0.intoArray(out, o, m);
        a1.intoArray(out, o + f, m);
        a2.intoArray(out, o + 2 * f, m);
        a3.intoArray(out, o + 3 * f, m);
    }

    /** The whole blocks {@code [0, whole)} of one pixel whose padded input starts at {@code base}. */
    private static void onePixel(
            float[] xp, int base, int[] tapOff, float[] w, int wg, int f, int whole, float[] out, int og) {
        for (int blk = 0; blk < whole; blk++) {
            FloatVector a0 = FloatVector.zero(FS);
            for (int t = 0; t < tapOff.length; t++) {
                a0 = FloatVector.fromArray(FS, w, wg + t * f + blk * FL)
                        .fma(FloatVector.broadcast(FS, xp[base + tapOff[t]]), a0);
            }
            a0.intoArray(out, og + blk * FL);
        }
    }

    /** The channels past the whole vectors (lanes of {@code m}, from weight column {@code w0}) of one pixel. */
    private static void partialBlock(
            float[] xp, int base, int[] tapOff, float[] w, int w0, int f, float[] out, int o, VectorMask<Float> m) {
        FloatVector a0 = FloatVector.zero(FS);
        for (int t = 0; t < tapOff.length; t++) {
            a0 = FloatVector.fromArray(FS, w, w0 + t * f, m).fma(FloatVector.broadcast(FS, xp[base + tapOff[t]]), a0);
        }
        a0.intoArray(out, o, m);
    }

    /**
     * Weight gradient summed over output pixels {@code [from, to)} into {@code acc} (laid out as the
     * weights). The padded input must have been made by {@link #padForWeights} on the calling thread.
     */
    static void backwardWeight(
            ConvGeometry g, float[] xp, int hp, int wp, float[] go, int goo, float[] acc, int from, int to) {
        int[] tapOff = tapOffsets(g, wp);
        int[] bases = new int[WEIGHT_CHUNK];
        int taps = g.k;
        int f = g.f;
        int fg = g.fg;
        int blocks = (fg + FL - 1) / FL;
        for (int p0 = from; p0 < to; p0 += WEIGHT_CHUNK) {
            int r = Math.min(WEIGHT_CHUNK, to - p0);
            pixelBases(g, hp, wp, p0, r, bases);
            for (int grp = 0; grp < g.groups; grp++) {
                int whole = fg / FL;
                int blk = 0;
                for (; blk + 2 <= whole; blk += 2) {
                    twoBlockWeights(
                            xp,
                            go,
                            acc,
                            tapOff,
                            bases,
                            r,
                            f,
                            goo + p0 * f + grp * fg + blk * FL,
                            grp * g.cg,
                            grp * fg + blk * FL);
                }
                if (blk + 1 == whole && blocks == whole + 1) {
                    blockAndPartialWeights(
                            xp,
                            go,
                            acc,
                            tapOff,
                            bases,
                            r,
                            f,
                            goo + p0 * f + grp * fg + blk * FL,
                            grp * g.cg,
                            grp * fg + blk * FL,
                            FS.indexInRange(whole * FL, fg));
                    blk = blocks;
                }
                for (; blk < blocks; blk++) {
                    int gOff = goo + p0 * f + grp * fg + blk * FL;
                    if ((blk + 1) * FL <= fg) {
                        wholeBlockWeights(
                                xp, go, acc, tapOff, bases, r, f, gOff, grp * g.cg, grp * fg + blk * FL, taps);
                    } else {
                        partialBlockWeights(
                                xp,
                                go,
                                acc,
                                tapOff,
                                bases,
                                r,
                                f,
                                gOff,
                                grp * g.cg,
                                grp * fg + blk * FL,
                                FS.indexInRange(blk * FL, fg));
                    }
                }
            }
        }
    }

    /**
     * {@link #backwardWeight}'s sum for one whole vector of output channels (no masks): for each tap, the pixels'
     * gradients times the input value the tap reads, two accumulators hiding the FMA latency.
     */
    private static void wholeBlockWeights(
            float[] xp,
            float[] go,
            float[] acc,
            int[] tapOff,
            int[] bases,
            int r,
            int f,
            int gOff,
            int cOff,
            int aOff,
            int taps) {
        int t = 0;
        // Eight taps at a time: each pixel's gradient vector, loaded once, feeds eight FMA chains.
        for (; t + 8 <= taps; t += 8) {
            FloatVector s0 = FloatVector.zero(FS);
            FloatVector s1 = FloatVector.zero(FS);
            FloatVector s2 = FloatVector.zero(FS);
            FloatVector s3 = FloatVector.zero(FS);
            FloatVector s4 = FloatVector.zero(FS);
            FloatVector s5 = FloatVector.zero(FS);
            FloatVector s6 = FloatVector.zero(FS);
            FloatVector s7 = FloatVector.zero(FS);
            int d0 = tapOff[t] + cOff;
            int d1 = tapOff[t + 1] + cOff;
            int d2 = tapOff[t + 2] + cOff;
            int d3 = tapOff[t + 3] + cOff;
            int d4 = tapOff[t + 4] + cOff;
            int d5 = tapOff[t + 5] + cOff;
            int d6 = tapOff[t + 6] + cOff;
            int d7 = tapOff[t + 7] + cOff;
            for (int i = 0; i < r; i++) {
                FloatVector gv = FloatVector.fromArray(FS, go, gOff + i * f);
                int b = bases[i];
                s0 = gv.fma(FloatVector.broadcast(FS, xp[b + d0]), s0);
                s1 = gv.fma(FloatVector.broadcast(FS, xp[b + d1]), s1);
                s2 = gv.fma(FloatVector.broadcast(FS, xp[b + d2]), s2);
                s3 = gv.fma(FloatVector.broadcast(FS, xp[b + d3]), s3);
                s4 = gv.fma(FloatVector.broadcast(FS, xp[b + d4]), s4);
                s5 = gv.fma(FloatVector.broadcast(FS, xp[b + d5]), s5);
                s6 = gv.fma(FloatVector.broadcast(FS, xp[b + d6]), s6);
                s7 = gv.fma(FloatVector.broadcast(FS, xp[b + d7]), s7);
            }
            int o = t * f + aOff;
            FloatVector.fromArray(FS, acc, o).add(s0).intoArray(acc, o);
            FloatVector.fromArray(FS, acc, o + f).add(s1).intoArray(acc, o + f);
            FloatVector.fromArray(FS, acc, o + 2 * f).add(s2).intoArray(acc, o + 2 * f);
            FloatVector.fromArray(FS, acc, o + 3 * f).add(s3).intoArray(acc, o + 3 * f);
            FloatVector.fromArray(FS, acc, o + 4 * f).add(s4).intoArray(acc, o + 4 * f);
            FloatVector.fromArray(FS, acc, o + 5 * f).add(s5).intoArray(acc, o + 5 * f);
            FloatVector.fromArray(FS, acc, o + 6 * f).add(s6).intoArray(acc, o + 6 * f);
            FloatVector.fromArray(FS, acc, o + 7 * f).add(s7).intoArray(acc, o + 7 * f);
        }
        for (; t < taps; t++) {
            int off = tapOff[t] + cOff;
            FloatVector s0 = FloatVector.zero(FS);
            FloatVector s1 = FloatVector.zero(FS);
            int i = 0;
            for (; i + 1 < r; i += 2) {
                s0 = FloatVector.fromArray(FS, go, gOff + i * f).fma(FloatVector.broadcast(FS, xp[bases[i] + off]), s0);
                s1 = FloatVector.fromArray(FS, go, gOff + (i + 1) * f)
                        .fma(FloatVector.broadcast(FS, xp[bases[i + 1] + off]), s1);
            }
            if (i < r) {
                s0 = FloatVector.fromArray(FS, go, gOff + i * f).fma(FloatVector.broadcast(FS, xp[bases[i] + off]), s0);
            }
            int o = t * f + aOff;
            FloatVector.fromArray(FS, acc, o).add(s0).add(s1).intoArray(acc, o);
        }
    }

    /**
     * {@link #wholeBlockWeights} for the channels past the whole vectors (the lanes of {@code m}): four taps at a time,
     * so each pixel's masked gradient vector, loaded once, feeds four FMA chains. A copy rather than a mask argument
     * to the whole-block loop: given a mask that may be absent, C2 compiled that loop about half as fast.
     */
    private static void partialBlockWeights(
            float[] xp,
            float[] go,
            float[] acc,
            int[] tapOff,
            int[] bases,
            int r,
            int f,
            int gOff,
            int cOff,
            int aOff,
            VectorMask<Float> m) {
        int taps = tapOff.length;
        int t = 0;
        for (; t + 4 <= taps; t += 4) {
            FloatVector s0 = FloatVector.zero(FS);
            FloatVector s1 = FloatVector.zero(FS);
            FloatVector s2 = FloatVector.zero(FS);
            FloatVector s3 = FloatVector.zero(FS);
            int d0 = tapOff[t] + cOff;
            int d1 = tapOff[t + 1] + cOff;
            int d2 = tapOff[t + 2] + cOff;
            int d3 = tapOff[t + 3] + cOff;
            for (int i = 0; i < r; i++) {
                FloatVector gv = FloatVector.fromArray(FS, go, gOff + i * f, m);
                int b = bases[i];
                s0 = gv.fma(FloatVector.broadcast(FS, xp[b + d0]), s0);
                s1 = gv.fma(FloatVector.broadcast(FS, xp[b + d1]), s1);
                s2 = gv.fma(FloatVector.broadcast(FS, xp[b + d2]), s2);
                s3 = gv.fma(FloatVector.broadcast(FS, xp[b + d3]), s3);
            }
            int o = t * f + aOff;
            FloatVector.fromArray(FS, acc, o, m).add(s0).intoArray(acc, o, m);
            FloatVector.fromArray(FS, acc, o + f, m).add(s1).intoArray(acc, o + f, m);
            FloatVector.fromArray(FS, acc, o + 2 * f, m).add(s2).intoArray(acc, o + 2 * f, m);
            FloatVector.fromArray(FS, acc, o + 3 * f, m).add(s3).intoArray(acc, o + 3 * f, m);
        }
        for (; t < taps; t++) {
            int off = tapOff[t] + cOff;
            FloatVector s0 = FloatVector.zero(FS);
            for (int i = 0; i < r; i++) {
                s0 = FloatVector.fromArray(FS, go, gOff + i * f, m)
                        .fma(FloatVector.broadcast(FS, xp[bases[i] + off]), s0);
            }
            FloatVector.fromArray(FS, acc, t * f + aOff, m).add(s0).intoArray(acc, t * f + aOff, m);
        }
    }

    /**
     * {@link #backwardWeight}'s sum for two whole vectors of output channels starting at gradient offset {@code gOff}:
     * four taps at a time, so each pixel's two gradient vectors, loaded once, feed eight FMA chains.
     */
    private static void twoBlockWeights(
            float[] xp,
            float[] go,
            float[] acc,
            int[] tapOff,
            int[] bases,
            int r,
            int f,
            int gOff,
            int cOff,
            int aOff) {
        int taps = tapOff.length;
        int t = 0;
        for (; t + 4 <= taps; t += 4) {
            FloatVector s00 = FloatVector.zero(FS);
            FloatVector s01 = FloatVector.zero(FS);
            FloatVector s10 = FloatVector.zero(FS);
            FloatVector s11 = FloatVector.zero(FS);
            FloatVector s20 = FloatVector.zero(FS);
            FloatVector s21 = FloatVector.zero(FS);
            FloatVector s30 = FloatVector.zero(FS);
            FloatVector s31 = FloatVector.zero(FS);
            int d0 = tapOff[t] + cOff;
            int d1 = tapOff[t + 1] + cOff;
            int d2 = tapOff[t + 2] + cOff;
            int d3 = tapOff[t + 3] + cOff;
            for (int i = 0; i < r; i++) {
                int gi = gOff + i * f;
                FloatVector g0 = FloatVector.fromArray(FS, go, gi);
                FloatVector g1 = FloatVector.fromArray(FS, go, gi + FL);
                int b = bases[i];
                FloatVector x0 = FloatVector.broadcast(FS, xp[b + d0]);
                s00 = g0.fma(x0, s00);
                s01 = g1.fma(x0, s01);
                FloatVector x1 = FloatVector.broadcast(FS, xp[b + d1]);
                s10 = g0.fma(x1, s10);
                s11 = g1.fma(x1, s11);
                FloatVector x2 = FloatVector.broadcast(FS, xp[b + d2]);
                s20 = g0.fma(x2, s20);
                s21 = g1.fma(x2, s21);
                FloatVector x3 = FloatVector.broadcast(FS, xp[b + d3]);
                s30 = g0.fma(x3, s30);
                s31 = g1.fma(x3, s31);
            }
            int o = t * f + aOff;
            FloatVector.fromArray(FS, acc, o).add(s00).intoArray(acc, o);
            FloatVector.fromArray(FS, acc, o + FL).add(s01).intoArray(acc, o + FL);
            FloatVector.fromArray(FS, acc, o + f).add(s10).intoArray(acc, o + f);
            FloatVector.fromArray(FS, acc, o + f + FL).add(s11).intoArray(acc, o + f + FL);
            FloatVector.fromArray(FS, acc, o + 2 * f).add(s20).intoArray(acc, o + 2 * f);
            FloatVector.fromArray(FS, acc, o + 2 * f + FL).add(s21).intoArray(acc, o + 2 * f + FL);
            FloatVector.fromArray(FS, acc, o + 3 * f).add(s30).intoArray(acc, o + 3 * f);
            FloatVector.fromArray(FS, acc, o + 3 * f + FL).add(s31).intoArray(acc, o + 3 * f + FL);
        }
        for (; t < taps; t++) {
            int d = tapOff[t] + cOff;
            FloatVector s0 = FloatVector.zero(FS);
            FloatVector s1 = FloatVector.zero(FS);
            for (int i = 0; i < r; i++) {
                int gi = gOff + i * f;
                FloatVector x = FloatVector.broadcast(FS, xp[bases[i] + d]);
                s0 = FloatVector.fromArray(FS, go, gi).fma(x, s0);
                s1 = FloatVector.fromArray(FS, go, gi + FL).fma(x, s1);
            }
            int o = t * f + aOff;
            FloatVector.fromArray(FS, acc, o).add(s0).intoArray(acc, o);
            FloatVector.fromArray(FS, acc, o + FL).add(s1).intoArray(acc, o + FL);
        }
    }

    /**
     * {@link #twoBlockWeights} where the second vector is the partial block (the lanes of {@code m}, e.g. 8 of 24
     * channels on 16 lanes): each input value, loaded once, feeds both, where the separate whole and partial loops
     * loaded it twice.
     */
    private static void blockAndPartialWeights(
            float[] xp,
            float[] go,
            float[] acc,
            int[] tapOff,
            int[] bases,
            int r,
            int f,
            int gOff,
            int cOff,
            int aOff,
            VectorMask<Float> m) {
        int taps = tapOff.length;
        int t = 0;
        for (; t + 4 <= taps; t += 4) {
            FloatVector s00 = FloatVector.zero(FS);
            FloatVector s01 = FloatVector.zero(FS);
            FloatVector s10 = FloatVector.zero(FS);
            FloatVector s11 = FloatVector.zero(FS);
            FloatVector s20 = FloatVector.zero(FS);
            FloatVector s21 = FloatVector.zero(FS);
            FloatVector s30 = FloatVector.zero(FS);
            FloatVector s31 = FloatVector.zero(FS);
            int d0 = tapOff[t] + cOff;
            int d1 = tapOff[t + 1] + cOff;
            int d2 = tapOff[t + 2] + cOff;
            int d3 = tapOff[t + 3] + cOff;
            for (int i = 0; i < r; i++) {
                int gi = gOff + i * f;
                FloatVector g0 = FloatVector.fromArray(FS, go, gi);
                FloatVector g1 = FloatVector.fromArray(FS, go, gi + FL, m);
                int b = bases[i];
                FloatVector x0 = FloatVector.broadcast(FS, xp[b + d0]);
                s00 = g0.fma(x0, s00);
                s01 = g1.fma(x0, s01);
                FloatVector x1 = FloatVector.broadcast(FS, xp[b + d1]);
                s10 = g0.fma(x1, s10);
                s11 = g1.fma(x1, s11);
                FloatVector x2 = FloatVector.broadcast(FS, xp[b + d2]);
                s20 = g0.fma(x2, s20);
                s21 = g1.fma(x2, s21);
                FloatVector x3 = FloatVector.broadcast(FS, xp[b + d3]);
                s30 = g0.fma(x3, s30);
                s31 = g1.fma(x3, s31);
            }
            int o = t * f + aOff;
            FloatVector.fromArray(FS, acc, o).add(s00).intoArray(acc, o);
            FloatVector.fromArray(FS, acc, o + FL, m).add(s01).intoArray(acc, o + FL, m);
            FloatVector.fromArray(FS, acc, o + f).add(s10).intoArray(acc, o + f);
            FloatVector.fromArray(FS, acc, o + f + FL, m).add(s11).intoArray(acc, o + f + FL, m);
            FloatVector.fromArray(FS, acc, o + 2 * f).add(s20).intoArray(acc, o + 2 * f);
            FloatVector.fromArray(FS, acc, o + 2 * f + FL, m).add(s21).intoArray(acc, o + 2 * f + FL, m);
            FloatVector.fromArray(FS, acc, o + 3 * f).add(s30).intoArray(acc, o + 3 * f);
            FloatVector.fromArray(FS, acc, o + 3 * f + FL, m).add(s31).intoArray(acc, o + 3 * f + FL, m);
        }
        for (; t < taps; t++) {
            int d = tapOff[t] + cOff;
            FloatVector s0 = FloatVector.zero(FS);
            FloatVector s1 = FloatVector.zero(FS);
            for (int i = 0; i < r; i++) {
                int gi = gOff + i * f;
                FloatVector x = FloatVector.broadcast(FS, xp[bases[i] + d]);
                s0 = FloatVector.fromArray(FS, go, gi).fma(x, s0);
                s1 = FloatVector.fromArray(FS, go, gi + FL, m).fma(x, s1);
            }
            int o = t * f + aOff;
            FloatVector.fromArray(FS, acc, o).add(s0).intoArray(acc, o);
            FloatVector.fromArray(FS, acc, o + FL, m).add(s1).intoArray(acc, o + FL, m);
        }
    }

    /** The padded-input index of output pixels {@code p0 .. p0+r-1} (flat over batch, rows, columns). */
    static void pixelBases(ConvGeometry g, int hp, int wp, int p0, int r, int[] bases) {
        int ohw = g.oh * g.ow;
        int n = p0 / ohw;
        int oh = p0 % ohw / g.ow;
        int ow = p0 % g.ow;
        for (int i = 0; i < r; i++) {
            bases[i] = ((n * hp + oh * g.sh) * wp + ow * g.sw) * g.c;
            if (++ow == g.ow) {
                ow = 0;
                if (++oh == g.oh) {
                    oh = 0;
                    n++;
                }
            }
        }
    }

    /**
     * The padded input for {@link #backwardWeight}: {@code {data, hp, wp}} made on the calling thread and shared
     * read-only.
     */
    static Object[] padForWeights(ConvGeometry g, float[] x, int xo) {
        Padded p = pad(g, x, xo);
        return new Object[] {p.data(), p.hp(), p.wp()};
    }

    /**
     * For each input row (or column) index, the taps that read it and the output index each produces:
     * a row of {@code 1 + 2 * kernel} ints, the count followed by {@code (tap, out)} pairs. Built once
     * per call so the gather loop below needs no division.
     */
    private static int[] tapTable(int size, int kernel, int stride, int pad, int dilation, int outSize) {
        int row = 1 + 2 * kernel;
        int[] t = new int[size * row];
        for (int i = 0; i < size; i++) {
            int count = 0;
            for (int a = 0; a < kernel; a++) {
                int num = i + pad - a * dilation;
                if (num >= 0 && num % stride == 0 && num / stride < outSize) {
                    t[i * row + 1 + 2 * count] = a;
                    t[i * row + 2 + 2 * count] = num / stride;
                    count++;
                }
            }
            t[i * row] = count;
        }
        return t;
    }

    /**
     * Input gradient: gathers, for each input pixel and channel, the products of the output
     * gradients and weights of every tap that read it; one horizontal sum per element, and no write
     * conflicts between threads.
     *
     * <p>Which taps read an input pixel depends only on its row and column modulo the strides (its
     * phase), and for a pixel whose taps all land inside the output, each tap is a fixed offset from
     * the pixel's base: such interior pixels run a branch-free loop over their phase's tap list.
     * Pixels near the borders look their taps up in per-row and per-column tables instead.
     */
    static void backwardInput(ConvGeometry g, float[] go, int goo, float[] w, int wo, float[] in, int io) {
        int[] rowTaps = tapTable(g.h, g.kh, g.sh, g.pt, g.dh, g.oh);
        int[] colTaps = tapTable(g.w, g.kw, g.sw, g.pl, g.dw, g.ow);
        boolean[] rowInside = inside(g.h, g.kh, g.sh, g.pt, g.dh, g.oh);
        boolean[] colInside = inside(g.w, g.kw, g.sw, g.pl, g.dw, g.ow);
        int f = g.f;
        // Per phase pair: the taps' weight offsets and their gradient offsets from the pixel's base.
        int[][] wOffs = new int[g.sh * g.sw][];
        int[][] gOffs = new int[g.sh * g.sw][];
        for (int ph = 0; ph < g.sh; ph++) {
            for (int pw = 0; pw < g.sw; pw++) {
                int[] wl = new int[g.kh * g.kw];
                int[] gl = new int[g.kh * g.kw];
                int count = 0;
                for (int a = 0; a < g.kh; a++) {
                    int nh = ph + g.pt - a * g.dh;
                    if (Math.floorMod(nh, g.sh) != 0) {
                        continue;
                    }
                    for (int b = 0; b < g.kw; b++) {
                        int nw = pw + g.pl - b * g.dw;
                        if (Math.floorMod(nw, g.sw) == 0) {
                            wl[count] = (a * g.kw + b) * g.cg * f;
                            gl[count] = (Math.floorDiv(nh, g.sh) * g.ow + Math.floorDiv(nw, g.sw)) * f;
                            count++;
                        }
                    }
                }
                wOffs[ph * g.sw + pw] = java.util.Arrays.copyOf(wl, count);
                gOffs[ph * g.sw + pw] = java.util.Arrays.copyOf(gl, count);
            }
        }
        int pixels = g.n * g.h * g.w;
        int hw = g.h * g.w;
        int width = g.w;
        int rowLen = 1 + 2 * g.kh;
        int colLen = 1 + 2 * g.kw;
        int outRow = g.ow * f;
        int kw = g.kw;
        int cg = g.cg;
        int fg = g.fg;
        int blocks = (fg + FL - 1) / FL;
        Parallel.forRange(pixels, PIXEL_GRAIN, (from, to) -> {
            int n = from / hw;
            int ih = from % hw / width;
            int iw = from % width - 1;
            for (int q = from; q < to; q++) {
                if (++iw == width) {
                    iw = 0;
                    if (++ih == g.h) {
                        ih = 0;
                        n++;
                    }
                }
                if (rowInside[ih] && colInside[iw]) {
                    int phase = ih % g.sh * g.sw + iw % g.sw;
                    int[] wl = wOffs[phase];
                    int[] gl = gOffs[phase];
                    int base = goo + ((n * g.oh + ih / g.sh) * g.ow + iw / g.sw) * f;
                    for (int grp = 0; grp < g.groups; grp++) {
                        for (int ci = 0; ci < cg; ci++) {
                            int wc = wo + ci * f + grp * fg;
                            int gc = base + grp * fg;
                            // Blocks of channels outermost, two at a time: two independent FMA chains
                            // over the taps (a block loop inside the tap loop compiles poorly).
                            FloatVector a0 = FloatVector.zero(FS);
                            FloatVector a1 = FloatVector.zero(FS);
                            int blk = 0;
                            // Whole blocks load without masks.
                            for (; (blk + 2) * FL <= fg; blk += 2) {
                                int o = blk * FL;
                                for (int e = 0; e < wl.length; e++) {
                                    int gb = gc + gl[e] + o;
                                    int wb = wc + wl[e] + o;
                                    a0 = FloatVector.fromArray(FS, go, gb).fma(FloatVector.fromArray(FS, w, wb), a0);
                                    a1 = FloatVector.fromArray(FS, go, gb + FL)
                                            .fma(FloatVector.fromArray(FS, w, wb + FL), a1);
                                }
                            }
                            if ((blk + 1) * FL <= fg) {
                                int o = blk * FL;
                                int e = 0;
                                for (; e + 1 < wl.length; e += 2) {
                                    a0 = FloatVector.fromArray(FS, go, gc + gl[e] + o)
                                            .fma(FloatVector.fromArray(FS, w, wc + wl[e] + o), a0);
                                    a1 = FloatVector.fromArray(FS, go, gc + gl[e + 1] + o)
                                            .fma(FloatVector.fromArray(FS, w, wc + wl[e + 1] + o), a1);
                                }
                                if (e < wl.length) {
                                    a0 = FloatVector.fromArray(FS, go, gc + gl[e] + o)
                                            .fma(FloatVector.fromArray(FS, w, wc + wl[e] + o), a0);
                                }
                                blk++;
                            }
                            for (; blk < blocks; blk++) {
                                VectorMask<Float> m0 = FS.indexInRange(blk * FL, fg);
                                int o = blk * FL;
                                for (int e = 0; e < wl.length; e++) {
                                    a0 = FloatVector.fromArray(FS, go, gc + gl[e] + o, m0)
                                            .fma(FloatVector.fromArray(FS, w, wc + wl[e] + o, m0), a0);
                                }
                            }
                            in[io + q * g.c + grp * cg + ci] = Lanes.sum(a0.add(a1));
                        }
                    }
                    continue;
                }
                int rt = ih * rowLen;
                int ct = iw * colLen;
                int rows = rowTaps[rt];
                int cols = colTaps[ct];
                for (int grp = 0; grp < g.groups; grp++) {
                    for (int ci = 0; ci < cg; ci++) {
                        FloatVector acc = FloatVector.zero(FS);
                        for (int i = 0; i < rows; i++) {
                            int a = rowTaps[rt + 1 + 2 * i];
                            int gRow = goo + (n * g.oh + rowTaps[rt + 2 + 2 * i]) * outRow + grp * fg;
                            for (int j = 0; j < cols; j++) {
                                int gb = gRow + colTaps[ct + 2 + 2 * j] * f;
                                int wb = wo + ((a * kw + colTaps[ct + 1 + 2 * j]) * cg + ci) * f + grp * fg;
                                int blk = 0;
                                for (; (blk + 1) * FL <= fg; blk++) {
                                    FloatVector gv = FloatVector.fromArray(FS, go, gb + blk * FL);
                                    acc = gv.fma(FloatVector.fromArray(FS, w, wb + blk * FL), acc);
                                }
                                if (blk < blocks) {
                                    VectorMask<Float> m = FS.indexInRange(blk * FL, fg);
                                    FloatVector gv = FloatVector.fromArray(FS, go, gb + blk * FL, m);
                                    acc = gv.fma(FloatVector.fromArray(FS, w, wb + blk * FL, m), acc);
                                }
                            }
                        }
                        in[io + q * g.c + grp * cg + ci] = Lanes.sum(acc);
                    }
                }
            }
        });
    }

    /** Whether every tap whose phase matches index {@code i} lands inside the output, for each index. */
    private static boolean[] inside(int size, int kernel, int stride, int pad, int dilation, int outSize) {
        boolean[] ok = new boolean[size];
        for (int i = 0; i < size; i++) {
            ok[i] = true;
            for (int a = 0; a < kernel; a++) {
                int num = i + pad - a * dilation;
                if (Math.floorMod(num, stride) == 0 && (num < 0 || num / stride >= outSize)) {
                    ok[i] = false;
                }
            }
        }
        return ok;
    }
}
