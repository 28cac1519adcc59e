package dev.synapse.backend.cpu;

import dev.synapse.backend.Conv2dSpec;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 direct convolution kernels for few output channels and several input channels, one group
 * (a decoder's last layer back to one grey channel, a bottleneck): the GEMM would have only
 * {@code f} columns, so its tiles would be mostly empty. These kernels vectorize over the input
 * channels instead, with the weights rearranged as {@code [f][tap][c]} so each tap's channels are
 * contiguous for every filter.
 *
 * <p>Forward and weight gradient read a zero-padded copy of the input ({@link DirectConv#pad}), so every
 * tap is a fixed offset from its pixel. The input gradient, at unit stride and dilation, is the convolution of the
 * output gradient with the flipped kernel ({@link DirectConv}'s forward); otherwise it scatters each output pixel's
 * contribution into a zero-padded gradient image, one image per task (images never share pixels), then crops it.
 */
final class NarrowConv {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    /** Output channels up to which these kernels are used. */
    static final int MAX_FILTERS = 4;
    /** Output pixels below which a task is not worth handing to another thread. */
    private static final int PIXEL_GRAIN = 64;
    /** Output pixels whose input offsets are computed at once. */
    private static final int CHUNK = 256;

    private NarrowConv() {}

    /**
     * Whether these kernels handle the geometry: one group, at most {@link #MAX_FILTERS} outputs, and
     * at least one full vector of input channels (with fewer, masked lanes do the work and the GEMM
     * path measured faster).
     */
    static boolean handles(ConvGeometry g) {
        return g.groups == 1 && g.f <= MAX_FILTERS && g.c >= FL && g.c > ConvKernels.DIRECT_MAX_CHANNELS;
    }

    /** The weights {@code [kh, kw, c, f]} as {@code [f][kh * kw][c]}. */
    private static float[] byFilter(ConvGeometry g, float[] w, int wo) {
        int taps = g.kh * g.kw;
        float[] t = new float[g.f * taps * g.c];
        for (int tap = 0; tap < taps; tap++) {
            for (int c = 0; c < g.c; c++) {
                for (int f = 0; f < g.f; f++) {
                    t[(f * taps + tap) * g.c + c] = w[wo + (tap * g.c + c) * g.f + f];
                }
            }
        }
        return t;
    }

    /** Offsets of the spatial taps from a pixel's base in a padded image of width {@code wp}. */
    private static int[] tapOffsets(ConvGeometry g, int wp) {
        int[] off = new int[g.kh * g.kw];
        for (int a = 0; a < g.kh; a++) {
            for (int b = 0; b < g.kw; b++) {
                off[a * g.kw + b] = (a * g.dh * wp + b * g.dw) * g.c;
            }
        }
        return off;
    }

    static void forward(ConvGeometry g, float[] x, int xo, float[] w, int wo, float[] out, int oo) {
        DirectConv.Padded p = DirectConv.pad(g, x, xo);
        float[] xp = p.data();
        int[] tapOff = tapOffsets(g, p.wp());
        float[] wt = byFilter(g, w, wo);
        int c = g.c;
        int f = g.f;
        int full = c / FL * FL;
        Parallel.forRange(g.rows, PIXEL_GRAIN, (from, to) -> {
            int[] bases = new int[CHUNK];
            for (int p0 = from; p0 < to; p0 += CHUNK) {
                int r = Math.min(CHUNK, to - p0);
                DirectConv.pixelBases(g, p.hp(), p.wp(), p0, r, bases);
                for (int fi = 0; fi < f; fi++) {
                    int wf = fi * tapOff.length * c;
                    int i = 0;
                    // Four pixels at a time: four independent FMA chains share each weight load.
                    for (; i + 3 < r; i += 4) {
                        FloatVector a0 = FloatVector.zero(FS);
                        FloatVector a1 = FloatVector.zero(FS);
                        FloatVector a2 = FloatVector.zero(FS);
                        FloatVector a3 = FloatVector.zero(FS);
                        for (int t = 0; t < tapOff.length; t++) {
                            int o = tapOff[t];
                            int wt0 = wf + t * c;
                            for (int cb = 0; cb < full; cb += FL) {
                                FloatVector wv = FloatVector.fromArray(FS, wt, wt0 + cb);
                                a0 = FloatVector.fromArray(FS, xp, bases[i] + o + cb)
                                        .fma(wv, a0);
                                a1 = FloatVector.fromArray(FS, xp, bases[i + 1] + o + cb)
                                        .fma(wv, a1);
                                a2 = FloatVector.fromArray(FS, xp, bases[i + 2] + o + cb)
                                        .fma(wv, a2);
                                a3 = FloatVector.fromArray(FS, xp, bases[i + 3] + o + cb)
                                        .fma(wv, a3);
                            }
                        }
                        int oi = oo + (p0 + i) * f + fi;
                        out[oi] = Lanes.sum(a0) + tail(xp, bases[i], tapOff, wt, wf, full, c);
                        out[oi + f] = Lanes.sum(a1) + tail(xp, bases[i + 1], tapOff, wt, wf, full, c);
                        out[oi + 2 * f] = Lanes.sum(a2) + tail(xp, bases[i + 2], tapOff, wt, wf, full, c);
                        out[oi + 3 * f] = Lanes.sum(a3) + tail(xp, bases[i + 3], tapOff, wt, wf, full, c);
                    }
                    for (; i < r; i++) {
                        FloatVector a0 = FloatVector.zero(FS);
                        for (int t = 0; t < tapOff.length; t++) {
                            for (int cb = 0; cb < full; cb += FL) {
                                a0 = FloatVector.fromArray(FS, xp, bases[i] + tapOff[t] + cb)
                                        .fma(FloatVector.fromArray(FS, wt, wf + t * c + cb), a0);
                            }
                        }
                        out[oo + (p0 + i) * f + fi] = Lanes.sum(a0) + tail(xp, bases[i], tapOff, wt, wf, full, c);
                    }
                }
            }
        });
    }

    /**
     * The channels past the last full vector ({@code full .. c-1}) of one pixel's dot product with filter offset {@code
     * wf}.
     */
    private static float tail(float[] xp, int base, int[] tapOff, float[] wt, int wf, int full, int c) {
        if (full == c) {
            return 0f;
        }
        VectorMask<Float> m = FS.indexInRange(full, c);
        FloatVector acc = FloatVector.zero(FS);
        for (int t = 0; t < tapOff.length; t++) {
            acc = FloatVector.fromArray(FS, xp, base + tapOff[t] + full, m)
                    .fma(FloatVector.fromArray(FS, wt, wf + t * c + full, m), acc);
        }
        return Lanes.sum(acc);
    }

    /**
     * Whether {@link #backwardInputByConvolution} serves the geometry: unit stride and dilation, and no side padded by
     * more than the kernel's extent less one (so the transposed convolution's padding is not negative).
     */
    private static boolean inputGradientIsAConvolution(ConvGeometry g) {
        return g.sh == 1
                && g.sw == 1
                && g.dh == 1
                && g.dw == 1
                && g.groups == 1
                && g.f <= ConvKernels.DIRECT_MAX_CHANNELS
                && Math.max(g.pt, g.pb) <= g.kh - 1
                && Math.max(g.pl, g.pr) <= g.kw - 1;
    }

    /**
     * The input gradient as a convolution: the output gradient ({@code f} channels, few) padded by the kernel's extent
     * less the forward padding, convolved with the kernel flipped in space and its channel axes swapped, by {@link
     * DirectConv}'s forward kernels. Every input pixel then sums its taps in registers, where {@link
     * #backwardInputByScatter} adds each output pixel into its whole window, a chain of read-modify-writes through neighbouring pixels' shared
     * memory (seed 004's 16 -> 1 layer ran about 2x slower that way).
     */
    private static void backwardInputByConvolution(
            ConvGeometry g, float[] go, int goo, float[] w, int wo, float[] in, int io) {
        Conv2dSpec transposed =
                new Conv2dSpec(1, 1, g.kh - 1 - g.pt, g.kh - 1 - g.pb, g.kw - 1 - g.pl, g.kw - 1 - g.pr, 1, 1, 1);
        ConvGeometry t = new ConvGeometry(
                new int[] {g.n, g.oh, g.ow, g.f},
                new int[] {g.kh, g.kw, g.f, g.c},
                new int[] {g.n, g.h, g.w, g.c},
                transposed);
        float[] flipped = new float[g.kh * g.kw * g.f * g.c];
        for (int a = 0; a < g.kh; a++) {
            for (int b = 0; b < g.kw; b++) {
                int src = wo + ((g.kh - 1 - a) * g.kw + (g.kw - 1 - b)) * g.c * g.f;
                int dst = (a * g.kw + b) * g.f * g.c;
                for (int ci = 0; ci < g.c; ci++) {
                    for (int fi = 0; fi < g.f; fi++) {
                        flipped[dst + fi * g.c + ci] = w[src + ci * g.f + fi];
                    }
                }
            }
        }
        DirectConv.forward(t, go, goo, flipped, 0, in, io);
    }

    /**
     * The input gradient, every element written: {@link #backwardInputByConvolution} where the geometry allows it,
     * else {@link #backwardInputByScatter}.
     */
    static void backwardInput(ConvGeometry g, float[] go, int goo, float[] w, int wo, float[] in, int io) {
        if (inputGradientIsAConvolution(g)) {
            backwardInputByConvolution(g, go, goo, w, wo, in, io);
        } else {
            backwardInputByScatter(g, go, goo, w, wo, in, io);
        }
    }

    /**
     * The input gradient by adding each output pixel's contribution into a zero-padded gradient image, one image per
     * task (images never share pixels), then cropping it: any stride, dilation and padding.
     */
    private static void backwardInputByScatter(
            ConvGeometry g, float[] go, int goo, float[] w, int wo, float[] in, int io) {
        int hp = g.h + g.pt + g.pb;
        int wp = g.w + g.pl + g.pr;
        int[] tapOff = tapOffsets(g, wp);
        float[] wt = byFilter(g, w, wo);
        int taps = tapOff.length;
        int c = g.c;
        int f = g.f;
        int ohw = g.oh * g.ow;
        int padded = hp * wp * c;
        Parallel.forRange(g.n, 1, (n0, n1) -> {
            float[] gp = (float[]) ConvSupport.scratch(in, padded, 1);
            for (int n = n0; n < n1; n++) {
                java.util.Arrays.fill(gp, 0, padded, 0f);
                for (int oh = 0; oh < g.oh; oh++) {
                    for (int ow = 0; ow < g.ow; ow++) {
                        int base = (oh * g.sh * wp + ow * g.sw) * c;
                        int gi = goo + (n * ohw + oh * g.ow + ow) * f;
                        for (int fi = 0; fi < f; fi++) {
                            FloatVector gv = FloatVector.broadcast(FS, go[gi + fi]);
                            int wf = fi * taps * c;
                            int cb = 0;
                            for (; cb + FL <= c; cb += FL) {
                                for (int t = 0; t < taps; t++) {
                                    int at = base + tapOff[t] + cb;
                                    FloatVector.fromArray(FS, wt, wf + t * c + cb)
                                            .fma(gv, FloatVector.fromArray(FS, gp, at))
                                            .intoArray(gp, at);
                                }
                            }
                            if (cb < c) {
                                VectorMask<Float> m = FS.indexInRange(cb, c);
                                for (int t = 0; t < taps; t++) {
                                    int at = base + tapOff[t] + cb;
                                    FloatVector.fromArray(FS, wt, wf + t * c + cb, m)
                                            .fma(gv, FloatVector.fromArray(FS, gp, at, m))
                                            .intoArray(gp, at, m);
                                }
                            }
                        }
                    }
                }
                // Crop the padding: it collected the contributions of taps that read zeros.
                int row = g.w * c;
                for (int ih = 0; ih < g.h; ih++) {
                    System.arraycopy(gp, ((ih + g.pt) * wp + g.pl) * c, in, io + (n * g.h + ih) * row, row);
                }
            }
        });
    }

    /**
     * A 3x3 kernel's weight gradient for one block of channels {@code cb} and one filter over {@code r} pixels: the
     * nine taps' sums stay in registers across the pixels and are added into {@code sum[at + t * c ..]} once, where
     * loading and storing them at every pixel made each tap a chain of store-to-load round trips. {@code go[g0 + i *
     * f]} is pixel {@code i}'s gradient.
     */
    private static void nineTaps(
            float[] xp,
            int[] tapOff,
            int[] bases,
            int r,
            float[] go,
            int g0,
            int f,
            float[] sum,
            int at,
            int c,
            int cb) {
        FloatVector a0 = FloatVector.zero(FS);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        FloatVector a8 = a0;
        int o0 = tapOff[0] + cb;
        int o1 = tapOff[1] + cb;
        int o2 = tapOff[2] + cb;
        int o3 = tapOff[3] + cb;
        int o4 = tapOff[4] + cb;
        int o5 = tapOff[5] + cb;
        int o6 = tapOff[6] + cb;
        int o7 = tapOff[7] + cb;
        int o8 = tapOff[8] + cb;
        for (int i = 0; i < r; i++) {
            int base = bases[i];
            FloatVector gv = FloatVector.broadcast(FS, go[g0 + i * f]);
            a0 = FloatVector.fromArray(FS, xp, base + o0).fma(gv, a0);
            a1 = FloatVector.fromArray(FS, xp, base + o1).fma(gv, a1);
            a2 = FloatVector.fromArray(FS, xp, base + o2).fma(gv, a2);
            a3 = FloatVector.fromArray(FS, xp, base + o3).fma(gv, a3);
            a4 = FloatVector.fromArray(FS, xp, base + o4).fma(gv, a4);
            a5 = FloatVector.fromArray(FS, xp, base + o5).fma(gv, a5);
            a6 = FloatVector.fromArray(FS, xp, base + o6).fma(gv, a6);
            a7 = FloatVector.fromArray(FS, xp, base + o7).fma(gv, a7);
            a8 = FloatVector.fromArray(FS, xp, base + o8).fma(gv, a8);
        }
        FloatVector.fromArray(FS, sum, at).add(a0).intoArray(sum, at);
        FloatVector.fromArray(FS, sum, at + c).add(a1).intoArray(sum, at + c);
        FloatVector.fromArray(FS, sum, at + 2 * c).add(a2).intoArray(sum, at + 2 * c);
        FloatVector.fromArray(FS, sum, at + 3 * c).add(a3).intoArray(sum, at + 3 * c);
        FloatVector.fromArray(FS, sum, at + 4 * c).add(a4).intoArray(sum, at + 4 * c);
        FloatVector.fromArray(FS, sum, at + 5 * c).add(a5).intoArray(sum, at + 5 * c);
        FloatVector.fromArray(FS, sum, at + 6 * c).add(a6).intoArray(sum, at + 6 * c);
        FloatVector.fromArray(FS, sum, at + 7 * c).add(a7).intoArray(sum, at + 7 * c);
        FloatVector.fromArray(FS, sum, at + 8 * c).add(a8).intoArray(sum, at + 8 * c);
    }

    /**
     * Weight gradient summed over output pixels {@code [from, to)} and added into {@code acc} (laid out
     * as the weights), from the padded input of {@link DirectConv#padForWeights}.
     */
    static void backwardWeight(
            ConvGeometry g, float[] xp, int hp, int wp, float[] go, int goo, float[] acc, int from, int to) {
        int[] tapOff = tapOffsets(g, wp);
        int taps = tapOff.length;
        int c = g.c;
        int f = g.f;
        float[] sum = new float[f * taps * c];
        int[] bases = new int[CHUNK];
        for (int p0 = from; p0 < to; p0 += CHUNK) {
            int r = Math.min(CHUNK, to - p0);
            DirectConv.pixelBases(g, hp, wp, p0, r, bases);
            if (taps == 9 && c % FL == 0) {
                for (int fi = 0; fi < f; fi++) {
                    for (int cb = 0; cb < c; cb += FL) {
                        nineTaps(xp, tapOff, bases, r, go, goo + p0 * f + fi, f, sum, fi * taps * c + cb, c, cb);
                    }
                }
                continue;
            }
            for (int i = 0; i < r; i++) {
                int base = bases[i];
                for (int fi = 0; fi < f; fi++) {
                    FloatVector gv = FloatVector.broadcast(FS, go[goo + (p0 + i) * f + fi]);
                    int sf = fi * taps * c;
                    int cb = 0;
                    for (; cb + FL <= c; cb += FL) {
                        for (int t = 0; t < taps; t++) {
                            int at = sf + t * c + cb;
                            FloatVector.fromArray(FS, xp, base + tapOff[t] + cb)
                                    .fma(gv, FloatVector.fromArray(FS, sum, at))
                                    .intoArray(sum, at);
                        }
                    }
                    if (cb < c) {
                        VectorMask<Float> m = FS.indexInRange(cb, c);
                        for (int t = 0; t < taps; t++) {
                            int at = sf + t * c + cb;
                            FloatVector.fromArray(FS, xp, base + tapOff[t] + cb, m)
                                    .fma(gv, FloatVector.fromArray(FS, sum, at, m))
                                    .intoArray(sum, at, m);
                        }
                    }
                }
            }
        }
        for (int t = 0; t < taps; t++) {
            for (int ci = 0; ci < c; ci++) {
                for (int fi = 0; fi < f; fi++) {
                    acc[(t * c + ci) * f + fi] += sum[(fi * taps + t) * c + ci];
                }
            }
        }
    }
}
