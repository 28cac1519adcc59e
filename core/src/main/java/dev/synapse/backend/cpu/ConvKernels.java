package dev.synapse.backend.cpu;

import dev.synapse.backend.Conv2dSpec;
import dev.synapse.internal.TensorAccess;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;

/**
 * Channels-last 2-D convolution and its two gradients on the CPU.
 *
 * <p>The strategies, chosen by shape:
 * <ul>
 *   <li><b>im2col + GEMM</b> (the general path, and the only one for float64): a chunk of output
 *       pixels is unrolled into a column matrix whose rows are the pixels' receptive fields. In NHWC
 *       each receptive-field row is a handful of contiguous channel runs, so im2col is a series of
 *       array copies, and the GEMM's {@code [pixels, F]} result is already the NHWC output. A 1x1
 *       unit-stride convolution skips im2col: the input is its own column matrix.</li>
 *   <li><b>direct</b> (float32 with at most {@value #DIRECT_MAX_CHANNELS} channels per group, e.g. a
 *       first layer on grey or RGB images): the column matrix would have rows of only {@code 9 * C}
 *       elements, too short for a GEMM to pay off, so {@link DirectConv} loops over the taps
 *       and vectorizes over the output channels instead.</li>
 *   <li><b>narrow</b> (float32, one group, at most {@value NarrowConv#MAX_FILTERS} output channels, e.g.
 *       a decoder's last layer): the GEMM would be a few columns wide, so {@link NarrowConv}
 *       vectorizes over the input channels.</li>
 *   <li><b>Winograd</b> (float32, one group, 3x3, unit stride and dilation, at least
 *       {@value WinogradConv#MIN_CHANNELS} input and output channels): F(2x2, 3x3) in
 *       {@link WinogradConv}, 2.25x fewer multiplies than the GEMM path, for the forward pass, the
 *       input gradient and (as F(3x3, 2x2)) the weight gradient.</li>
 * </ul>
 * Work is split over output pixels (forward), images (backward to the input: windows of one image
 * overlap, images never do) or row ranges with per-part partial sums (backward to the weights).
 * Column buffers are per-thread scratch, reused across calls.
 */
final class ConvKernels {
    /** Channels per group up to which float32 convolutions use the direct kernels. */
    static final int DIRECT_MAX_CHANNELS = 4;
    /** Target size in elements of one thread's column buffer (256 KB of float32: fits in L2 with the GEMM's panels). */
    static final int COL_TARGET = 64 * 1024;
    /** Output pixels below which a task is not worth handing to another thread. */
    private static final int PIXEL_GRAIN = 64;

    private ConvKernels() {}

    /** Whether the direct kernels handle this geometry (float32, few channels per group). */
    static boolean useDirect(ConvGeometry g, DType dtype) {
        return dtype == DType.FLOAT32 && g.cg <= DIRECT_MAX_CHANNELS;
    }

    /** Whether the narrow kernels handle this geometry (float32, few output channels, see {@link NarrowConv}). */
    static boolean useNarrow(ConvGeometry g, DType dtype) {
        return dtype == DType.FLOAT32 && NarrowConv.handles(g);
    }

    /** Whether the Winograd kernels handle this geometry (float32 3x3 unit-stride, see {@link WinogradConv}). */
    static boolean useWinograd(ConvGeometry g, DType dtype) {
        return dtype == DType.FLOAT32 && !useDirect(g, dtype) && !useNarrow(g, dtype) && WinogradConv.handles(g);
    }

    // ---- forward -------------------------------------------------------------------------------

    static void conv2d(Tensor x, Tensor w, Conv2dSpec spec, Tensor out) {
        ConvGeometry g = new ConvGeometry(x.dims(), w.dims(), out.dims(), spec);
        Tensor xd = ConvSupport.dense(x);
        Tensor wd = ConvSupport.dense(w);
        Tensor od = out.isContiguous() ? out : ConvSupport.denseLike(out);
        if (g.rows > 0) {
            if (useDirect(g, x.dtype())) {
                DirectConv.forward(
                        g,
                        (float[]) Elements.array(xd),
                        Strided.offset(xd),
                        (float[]) Elements.array(wd),
                        Strided.offset(wd),
                        (float[]) Elements.array(od),
                        Strided.offset(od));
            } else if (useWinograd(g, x.dtype())) {
                WinogradConv.forward(
                        g,
                        (float[]) Elements.array(xd),
                        Strided.offset(xd),
                        (float[]) Elements.array(wd),
                        Strided.offset(wd),
                        (float[]) Elements.array(od),
                        Strided.offset(od));
            } else if (useNarrow(g, x.dtype())) {
                NarrowConv.forward(
                        g,
                        (float[]) Elements.array(xd),
                        Strided.offset(xd),
                        (float[]) Elements.array(wd),
                        Strided.offset(wd),
                        (float[]) Elements.array(od),
                        Strided.offset(od));
            } else {
                forwardIm2col(
                        g,
                        Elements.array(xd),
                        Strided.offset(xd),
                        Elements.array(wd),
                        Strided.offset(wd),
                        Elements.array(od),
                        Strided.offset(od));
            }
        }
        if (od != out) {
            CopyKernels.copy(od, out);
        }
    }

    private static void forwardIm2col(ConvGeometry g, Object x, int xo, Object w, int wo, Object out, int oo) {
        int chunk = g.chunkRows();
        boolean pointwise = g.pointwise();
        Parallel.forRange(g.rows, Math.max(PIXEL_GRAIN, chunk / 2), (from, to) -> {
            Object col = pointwise ? null : ConvSupport.scratch(x, chunk * g.k);
            for (int p0 = from; p0 < to; p0 += chunk) {
                int r = Math.min(chunk, to - p0);
                for (int grp = 0; grp < g.groups; grp++) {
                    int outOff = oo + p0 * g.f + grp * g.fg;
                    int wOff = wo + grp * g.fg;
                    if (pointwise) {
                        Gemm.gemm(
                                x,
                                xo + p0 * g.c + grp * g.cg,
                                g.c,
                                1,
                                w,
                                wOff,
                                g.f,
                                1,
                                out,
                                outOff,
                                g.f,
                                1,
                                r,
                                g.fg,
                                g.k);
                    } else {
                        im2col(g, x, xo, grp, p0, r, col);
                        Gemm.gemm(col, 0, g.k, 1, w, wOff, g.f, 1, out, outOff, g.f, 1, r, g.fg, g.k);
                    }
                }
            }
        });
    }

    /**
     * Writes the receptive fields of output pixels {@code p0 .. p0+r-1} (flat over batch, height,
     * width) of group {@code grp} as rows of length {@code g.k} into {@code col}; padding reads as 0.
     */
    static void im2col(ConvGeometry g, Object x, int xo, int grp, int p0, int r, Object col) {
        int ohw = g.oh * g.ow;
        int n = p0 / ohw;
        int oh = p0 % ohw / g.ow;
        int ow = p0 % g.ow;
        int rowLen = g.kw * g.cg;
        // With unit dilation and one group, the taps of one kernel row are adjacent in memory: one copy.
        boolean runs = g.dw == 1 && g.cg == g.c;
        for (int i = 0; i < r; i++) {
            int ih0 = oh * g.sh - g.pt;
            int iw0 = ow * g.sw - g.pl;
            int image = xo + n * g.h * g.w * g.c + grp * g.cg;
            for (int a = 0; a < g.kh; a++) {
                int ih = ih0 + a * g.dh;
                int dst = i * g.k + a * rowLen;
                if (ih < 0 || ih >= g.h) {
                    ConvSupport.zero(col, dst, rowLen);
                    continue;
                }
                int src = image + ih * g.w * g.c;
                if (runs) {
                    int b0 = Math.min(Math.max(-iw0, 0), g.kw);
                    int b1 = Math.max(Math.min(g.w - iw0, g.kw), b0);
                    ConvSupport.zero(col, dst, b0 * g.cg);
                    if (b1 > b0) {
                        ConvSupport.copy(x, src + (iw0 + b0) * g.c, col, dst + b0 * g.cg, (b1 - b0) * g.cg);
                    }
                    ConvSupport.zero(col, dst + b1 * g.cg, (g.kw - b1) * g.cg);
                } else {
                    for (int b = 0; b < g.kw; b++) {
                        int iw = iw0 + b * g.dw;
                        if (iw < 0 || iw >= g.w) {
                            ConvSupport.zero(col, dst + b * g.cg, g.cg);
                        } else {
                            ConvSupport.copy(x, src + iw * g.c, col, dst + b * g.cg, g.cg);
                        }
                    }
                }
            }
            if (++ow == g.ow) {
                ow = 0;
                if (++oh == g.oh) {
                    oh = 0;
                    n++;
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds each row of {@code col} back onto the input pixels it came from. */
    static void col2imAdd(ConvGeometry g, Object col, int grp, int p0, int r, Object x, int xo) {
        int ohw = g.oh * g.ow;
        int n = p0 / ohw;
        int oh = p0 % ohw / g.ow;
        int ow = p0 % g.ow;
        int rowLen = g.kw * g.cg;
        boolean runs = g.dw == 1 && g.cg == g.c;
        for (int i = 0; i < r; i++) {
            int ih0 = oh * g.sh - g.pt;
            int iw0 = ow * g.sw - g.pl;
            int image = xo + n * g.h * g.w * g.c + grp * g.cg;
            for (int a = 0; a < g.kh; a++) {
                int ih = ih0 + a * g.dh;
                if (ih < 0 || ih >= g.h) {
                    continue;
                }
                int src = i * g.k + a * rowLen;
                int dst = image + ih * g.w * g.c;
                if (runs) {
                    int b0 = Math.min(Math.max(-iw0, 0), g.kw);
                    int b1 = Math.max(Math.min(g.w - iw0, g.kw), b0);
                    if (b1 > b0) {
                        ConvSupport.addInto(col, src + b0 * g.cg, x, dst + (iw0 + b0) * g.c, (b1 - b0) * g.cg);
                    }
                } else {
                    for (int b = 0; b < g.kw; b++) {
                        int iw = iw0 + b * g.dw;
                        if (iw >= 0 && iw < g.w) {
                            ConvSupport.addInto(col, src + b * g.cg, x, dst + iw * g.c, g.cg);
                        }
                    }
                }
            }
            if (++ow == g.ow) {
                ow = 0;
                if (++oh == g.oh) {
                    oh = 0;
                    n++;
                }
            }
        }
    }

    // ---- gradient with respect to the input ------------------------------------------------------

    static void backwardInput(Tensor gradOut, Tensor w, Conv2dSpec spec, Tensor gradIn) {
        ConvGeometry g = new ConvGeometry(gradIn.dims(), w.dims(), gradOut.dims(), spec);
        Tensor gd = ConvSupport.dense(gradOut);
        Tensor wd = ConvSupport.dense(w);
        Tensor id = gradIn.isContiguous() ? gradIn : ConvSupport.denseLike(gradIn);
        Object in = Elements.array(id);
        if (g.rows == 0) {
            ConvSupport.zero(in, Strided.offset(id), Strided.size(id));
        } else if (useDirect(g, gradOut.dtype())) {
            DirectConv.backwardInput(
                    g,
                    (float[]) Elements.array(gd),
                    Strided.offset(gd),
                    (float[]) Elements.array(wd),
                    Strided.offset(wd),
                    (float[]) in,
                    Strided.offset(id));
        } else if (useWinograd(g, gradOut.dtype())) {
            WinogradConv.backwardInput(
                    g,
                    (float[]) Elements.array(gd),
                    Strided.offset(gd),
                    (float[]) Elements.array(wd),
                    Strided.offset(wd),
                    (float[]) in,
                    Strided.offset(id));
        } else if (useNarrow(g, gradOut.dtype())) {
            NarrowConv.backwardInput(
                    g,
                    (float[]) Elements.array(gd),
                    Strided.offset(gd),
                    (float[]) Elements.array(wd),
                    Strided.offset(wd),
                    (float[]) in,
                    Strided.offset(id));
        } else {
            backwardInputIm2col(
                    g,
                    Elements.array(gd),
                    Strided.offset(gd),
                    Elements.array(wd),
                    Strided.offset(wd),
                    in,
                    Strided.offset(id));
        }
        if (id != gradIn) {
            CopyKernels.copy(id, gradIn);
        }
    }

    private static void backwardInputIm2col(ConvGeometry g, Object go, int goo, Object w, int wo, Object in, int io) {
        int chunk = g.chunkRows();
        int ohw = g.oh * g.ow;
        int image = g.h * g.w * g.c;
        boolean pointwise = g.pointwise();
        Parallel.forRange(g.n, 1, (n0, n1) -> {
            if (!pointwise) {
                ConvSupport.zero(in, io + n0 * image, (n1 - n0) * image);
            }
            Object col = pointwise ? null : ConvSupport.scratch(in, chunk * g.k);
            int end = n1 * ohw;
            for (int p0 = n0 * ohw; p0 < end; p0 += chunk) {
                int r = Math.min(chunk, end - p0);
                for (int grp = 0; grp < g.groups; grp++) {
                    int goOff = goo + p0 * g.f + grp * g.fg;
                    int wOff = wo + grp * g.fg;
                    // gradCol[r, K] = gradOut[r, Fg] * W_g^T, W_g being the [K, Fg] slice of the weights.
                    if (pointwise) {
                        Gemm.gemm(
                                go,
                                goOff,
                                g.f,
                                1,
                                w,
                                wOff,
                                1,
                                g.f,
                                in,
                                io + p0 * g.c + grp * g.cg,
                                g.c,
                                1,
                                r,
                                g.k,
                                g.fg);
                    } else {
                        Gemm.gemm(go, goOff, g.f, 1, w, wOff, 1, g.f, col, 0, g.k, 1, r, g.k, g.fg);
                        col2imAdd(g, col, grp, p0, r, in, io);
                    }
                }
            }
        });
    }

    // ---- gradient with respect to the weights ----------------------------------------------------

    static void backwardWeight(Tensor x, Tensor gradOut, Conv2dSpec spec, Tensor gradW) {
        ConvGeometry g = new ConvGeometry(x.dims(), gradW.dims(), gradOut.dims(), spec);
        Tensor xd = ConvSupport.dense(x);
        Tensor gd = ConvSupport.dense(gradOut);
        Object xa = Elements.array(xd);
        int wsize = g.k * g.f;
        boolean winograd = useWinograd(g, x.dtype());
        // Each part sums over its own range of output pixels (of 2x2 tiles for Winograd); the partial sums are added
        // at the end, in part order, whichever thread ran each part.
        int units = winograd ? g.n * ((g.oh + 1) / 2) * ((g.ow + 1) / 2) : g.rows;
        int parts = Parallel.parts(units, winograd ? PIXEL_GRAIN / 4 : PIXEL_GRAIN);
        Object[] partial = new Object[parts];
        boolean direct = useDirect(g, x.dtype());
        boolean narrow = !direct && useNarrow(g, x.dtype());
        // The direct kernels read a padded copy of the input, made once here and shared by the parts.
        Object[] padded = direct || narrow ? DirectConv.padForWeights(g, (float[]) xa, Strided.offset(xd)) : null;
        Parallel.forRange(parts, 1, (a, b) -> {
            for (int part = a; part < b; part++) {
                int from = (int) ((long) units * part / parts);
                int to = (int) ((long) units * (part + 1) / parts);
                Object acc = ConvSupport.newArray(xa, wsize);
                if (winograd) {
                    WinogradConv.backwardWeight(
                            g,
                            (float[]) xa,
                            Strided.offset(xd),
                            (float[]) Elements.array(gd),
                            Strided.offset(gd),
                            (float[]) acc,
                            from,
                            to);
                } else if (narrow) {
                    NarrowConv.backwardWeight(
                            g,
                            (float[]) padded[0],
                            (int) padded[1],
                            (int) padded[2],
                            (float[]) Elements.array(gd),
                            Strided.offset(gd),
                            (float[]) acc,
                            from,
                            to);
                } else if (direct) {
                    DirectConv.backwardWeight(
                            g,
                            (float[]) padded[0],
                            (int) padded[1],
                            (int) padded[2],
                            (float[]) Elements.array(gd),
                            Strided.offset(gd),
                            (float[]) acc,
                            from,
                            to);
                } else {
                    backwardWeightIm2col(
                            g, xa, Strided.offset(xd), Elements.array(gd), Strided.offset(gd), acc, from, to);
                }
                partial[part] = acc;
            }
        });
        for (int part = 1; part < parts; part++) {
            ConvSupport.addInto(partial[part], 0, partial[0], 0, wsize);
        }
        Tensor sum = TensorAccess.get()
                .view(new CpuStorage(partial[0]), gradW.dims(), Shape.contiguousStrides(gradW.dims()), 0);
        CopyKernels.copy(sum, gradW);
    }

    private static void backwardWeightIm2col(
            ConvGeometry g, Object x, int xo, Object go, int goo, Object acc, int from, int to) {
        int chunk = g.chunkRows();
        boolean pointwise = g.pointwise();
        Object col = pointwise ? null : ConvSupport.scratch(x, chunk * g.k);
        for (int p0 = from; p0 < to; p0 += chunk) {
            int r = Math.min(chunk, to - p0);
            for (int grp = 0; grp < g.groups; grp++) {
                int goOff = goo + p0 * g.f + grp * g.fg;
                // gradW_g[K, Fg] += col^T[K, r] * gradOut[r, Fg]
                if (pointwise) {
                    Gemm.gemm(
                            x,
                            xo + p0 * g.c + grp * g.cg,
                            1,
                            g.c,
                            go,
                            goOff,
                            g.f,
                            1,
                            acc,
                            grp * g.fg,
                            g.f,
                            1,
                            g.k,
                            g.fg,
                            r,
                            true);
                } else {
                    im2col(g, x, xo, grp, p0, r, col);
                    Gemm.gemm(col, 0, 1, g.k, go, goOff, g.f, 1, acc, grp * g.fg, g.f, 1, g.k, g.fg, r, true);
                }
            }
        }
    }
}
