package dev.synapse.backend.cpu;

import dev.synapse.backend.Pool2dSpec;
import dev.synapse.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Channels-last max and average pooling and their gradients on the CPU. In NHWC the channels of one
 * pixel are contiguous, so every window position is one vector load per block of channels; float32
 * is vectorized, float64 uses plain loops. Forward passes split over output rows; backward passes
 * split over images, because overlapping windows of one image add into the same input pixels.
 */
final class PoolKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    /** Output rows below which a task is not worth handing to another thread. */
    private static final int ROW_GRAIN = 4;

    private PoolKernels() {}

    /** Sizes of one pooling call. */
    private record Geo(int n, int h, int w, int c, int oh, int ow, Pool2dSpec s) {
        static Geo of(Tensor in, Tensor out, Pool2dSpec s) {
            return new Geo(in.dim(0), in.dim(1), in.dim(2), in.dim(3), out.dim(1), out.dim(2), s);
        }

        int h0(int oh) {
            return oh * s.strideH() - s.padTop();
        }

        int w0(int ow) {
            return ow * s.strideW() - s.padLeft();
        }

        /** Divisor of the window at ({@code oh}, {@code ow}) for average pooling. */
        int count(int ha, int hb, int wa, int wb) {
            return s.countIncludePad() ? s.kernelH() * s.kernelW() : Math.max(1, (hb - ha) * (wb - wa));
        }
    }

    // ---- max pooling ---------------------------------------------------------------------------

    static void maxPool(Tensor x, Pool2dSpec spec, Tensor out) {
        Geo g = Geo.of(x, out, spec);
        Tensor xd = ConvSupport.dense(x);
        Tensor od = out.isContiguous() ? out : ConvSupport.denseLike(out);
        Object xa = Elements.array(xd);
        int xo = Strided.offset(xd);
        int oo = Strided.offset(od);
        if (xa instanceof float[] xf && twoByTwo(g, spec)) {
            float[] of = (float[]) Elements.array(od);
            Parallel.forRange(g.n * g.oh, ROW_GRAIN, (from, to) -> maxPool2x2(xf, xo, of, oo, g, from, to));
        } else if (xa instanceof float[] xf) {
            float[] of = (float[]) Elements.array(od);
            Parallel.forRange(g.n * g.oh, ROW_GRAIN, (from, to) -> {
                for (int row = from; row < to; row++) {
                    int n = row / g.oh;
                    int h0 = g.h0(row % g.oh);
                    int ha = Math.max(h0, 0);
                    int hb = Math.min(h0 + spec.kernelH(), g.h);
                    for (int ow = 0; ow < g.ow; ow++) {
                        int w0 = g.w0(ow);
                        int wa = Math.max(w0, 0);
                        int wb = Math.min(w0 + spec.kernelW(), g.w);
                        int dst = oo + (row * g.ow + ow) * g.c;
                        int base = xo + n * g.h * g.w * g.c;
                        int c0 = 0;
                        for (; c0 + FL <= g.c; c0 += FL) {
                            windowMax(xf, base + c0, g, ha, hb, wa, wb).intoArray(of, dst + c0);
                        }
                        if (c0 < g.c) {
                            VectorMask<Float> m = FS.indexInRange(c0, g.c);
                            windowMax(xf, base + c0, g, ha, hb, wa, wb, m).intoArray(of, dst + c0, m);
                        }
                    }
                }
            });
        } else {
            double[] xv = (double[]) xa;
            double[] ov = (double[]) Elements.array(od);
            Parallel.forRange(g.n * g.oh, ROW_GRAIN, (from, to) -> {
                for (int row = from; row < to; row++) {
                    int n = row / g.oh;
                    int h0 = g.h0(row % g.oh);
                    for (int ow = 0; ow < g.ow; ow++) {
                        int w0 = g.w0(ow);
                        int dst = oo + (row * g.ow + ow) * g.c;
                        for (int c = 0; c < g.c; c++) {
                            double m = Double.NEGATIVE_INFINITY;
                            for (int ih = Math.max(h0, 0); ih < Math.min(h0 + spec.kernelH(), g.h); ih++) {
                                for (int iw = Math.max(w0, 0); iw < Math.min(w0 + spec.kernelW(), g.w); iw++) {
                                    m = Math.max(m, xv[xo + ((n * g.h + ih) * g.w + iw) * g.c + c]);
                                }
                            }
                            ov[dst + c] = m;
                        }
                    }
                }
            });
        }
        if (od != out) {
            CopyKernels.copy(od, out);
        }
    }

    /**
     * Whether the windows are 2x2 with stride 2 tiling the image (Keras' {@code MaxPooling2D(2)}) and a pixel has at
     * least one vector of channels: the case {@link #maxPool2x2}, its gradient and {@link #avgPool2x2} serve.
     */
    private static boolean twoByTwo(Geo g, Pool2dSpec spec) {
        return spec.kernelH() == 2 && spec.kernelW() == 2 && tilesExactly(g, spec) && g.c >= FL;
    }

    /**
     * Output rows {@code [from, to)} of a {@link #twoByTwo} max pooling: four plain loads per block of channels, no
     * loop over the window (the general loop ran this case about 1.5x slower). The last block of channels overlaps the
     * one before instead of being masked: each channel's maximum is its own, so the shared ones are written twice with
     * the same value.
     */
    private static void maxPool2x2(float[] x, int xo, float[] out, int oo, Geo g, int from, int to) {
        int c = g.c;
        int rowLen = g.w * c;
        for (int row = from; row < to; row++) {
            int r0 = xo + (row / g.oh * g.h + 2 * (row % g.oh)) * rowLen;
            int r1 = r0 + rowLen;
            for (int ow = 0; ow < g.ow; ow++) {
                int dst = oo + (row * g.ow + ow) * c;
                int p = 2 * ow * c;
                for (int b = 0; b < c; b += FL) {
                    int c0 = Math.min(b, c - FL);
                    FloatVector.fromArray(FS, x, r0 + p + c0)
                            .max(FloatVector.fromArray(FS, x, r0 + p + c + c0))
                            .max(FloatVector.fromArray(FS, x, r1 + p + c0))
                            .max(FloatVector.fromArray(FS, x, r1 + p + c + c0))
                            .intoArray(out, dst + c0);
                }
            }
        }
    }

    /**
     * Images {@code [n0, n1)} of a {@link #twoByTwo} max pooling's gradient: each lane's gradient to the first of the
     * four positions (row-major) that holds its maximum, zero to the other three, every pixel written once; a block
     * whose maximum has a NaN lane takes the general route ({@link #firstMaxOfTile}, {@link #toLastNaN}). The last block
     * of channels overlaps the one before, as in {@link #maxPool2x2}: the shared channels get the same values again.
     */
    private static void maxPool2x2Backward(
            float[] x, int xo, float[] gradOut, int go, float[] gin, int io, Geo g, int n0, int n1) {
        int c = g.c;
        int rowLen = g.w * c;
        int image = g.h * rowLen;
        FloatVector zero = FloatVector.zero(FS);
        VectorMask<Float> all = FS.maskAll(true);
        for (int n = n0; n < n1; n++) {
            for (int oh = 0; oh < g.oh; oh++) {
                int r0 = (n * g.h + 2 * oh) * rowLen;
                int r1 = r0 + rowLen;
                for (int ow = 0; ow < g.ow; ow++) {
                    int src = go + ((n * g.oh + oh) * g.ow + ow) * c;
                    int p = 2 * ow * c;
                    for (int b = 0; b < c; b += FL) {
                        int c0 = Math.min(b, c - FL);
                        int i00 = r0 + p + c0;
                        int i01 = i00 + c;
                        int i10 = r1 + p + c0;
                        int i11 = i10 + c;
                        FloatVector v00 = FloatVector.fromArray(FS, x, xo + i00);
                        FloatVector v01 = FloatVector.fromArray(FS, x, xo + i01);
                        FloatVector v10 = FloatVector.fromArray(FS, x, xo + i10);
                        FloatVector v11 = FloatVector.fromArray(FS, x, xo + i11);
                        FloatVector mx = v00.max(v01).max(v10).max(v11);
                        FloatVector gv = FloatVector.fromArray(FS, gradOut, src + c0);
                        VectorMask<Float> nan = mx.test(VectorOperators.IS_NAN);
                        if (nan.anyTrue()) {
                            int xImage = xo + n * image;
                            int iImage = io + n * image;
                            int wa = 2 * ow;
                            firstMaxOfTile(x, xImage, gin, iImage, c0, g, 2 * oh, 2 * oh + 2, wa, wa + 2, mx, gv, zero);
                            toLastNaN(x, xImage, gin, iImage, c0, g, 2 * oh, 2 * oh + 2, wa, wa + 2, all, nan, gv);
                            continue;
                        }
                        VectorMask<Float> h00 = v00.compare(VectorOperators.EQ, mx);
                        VectorMask<Float> h01 =
                                v01.compare(VectorOperators.EQ, mx).andNot(h00);
                        VectorMask<Float> taken = h00.or(h01);
                        VectorMask<Float> h10 =
                                v10.compare(VectorOperators.EQ, mx).andNot(taken);
                        VectorMask<Float> h11 = taken.or(h10).not();
                        zero.blend(gv, h00).intoArray(gin, io + i00);
                        zero.blend(gv, h01).intoArray(gin, io + i01);
                        zero.blend(gv, h10).intoArray(gin, io + i10);
                        zero.blend(gv, h11).intoArray(gin, io + i11);
                    }
                }
            }
        }
    }

    /** {@link #windowMax(float[], int, Geo, int, int, int, int, VectorMask)} of a whole vector of channels. */
    private static FloatVector windowMax(float[] x, int base, Geo g, int ha, int hb, int wa, int wb) {
        FloatVector mx = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
        for (int ih = ha; ih < hb; ih++) {
            for (int iw = wa; iw < wb; iw++) {
                mx = mx.max(FloatVector.fromArray(FS, x, base + (ih * g.w + iw) * g.c));
            }
        }
        return mx;
    }

    /**
     * Writes a tiling window's gradient for a whole vector of NaN-free channels: each lane's {@code gv} to the
     * first position (row-major) that holds its maximum {@code mx}, zero to the window's other positions.
     */
    private static void firstMaxOfTile(
            float[] x,
            int xImage,
            float[] gin,
            int iImage,
            int c0,
            Geo g,
            int ha,
            int hb,
            int wa,
            int wb,
            FloatVector mx,
            FloatVector gv,
            FloatVector zero) {
        VectorMask<Float> pending = FS.maskAll(true);
        for (int ih = ha; ih < hb; ih++) {
            for (int iw = wa; iw < wb; iw++) {
                int off = (ih * g.w + iw) * g.c + c0;
                VectorMask<Float> hit = FloatVector.fromArray(FS, x, xImage + off)
                        .compare(VectorOperators.EQ, mx)
                        .and(pending);
                zero.blend(gv, hit).intoArray(gin, iImage + off);
                pending = pending.andNot(hit);
            }
        }
    }

    /**
     * Lane-wise maximum over the window rows {@code [ha, hb)} and columns {@code [wa, wb)} of one block of channels.
     */
    private static FloatVector windowMax(
            float[] x, int base, Geo g, int ha, int hb, int wa, int wb, VectorMask<Float> m) {
        FloatVector mx = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
        for (int ih = ha; ih < hb; ih++) {
            for (int iw = wa; iw < wb; iw++) {
                mx = mx.max(FloatVector.fromArray(FS, x, base + (ih * g.w + iw) * g.c, m));
            }
        }
        return mx;
    }

    /**
     * Adds each of the NaN {@code lanes}' gradient at the last NaN of its window (row-major): where
     * PyTorch's kernel leaves its index, as it moves it at every NaN.
     */
    private static void toLastNaN(
            float[] x,
            int xImage,
            float[] gin,
            int iImage,
            int c0,
            Geo g,
            int ha,
            int hb,
            int wa,
            int wb,
            VectorMask<Float> m,
            VectorMask<Float> lanes,
            FloatVector gv) {
        VectorMask<Float> pending = lanes;
        for (int ih = hb - 1; ih >= ha && pending.anyTrue(); ih--) {
            for (int iw = wb - 1; iw >= wa; iw--) {
                int off = (ih * g.w + iw) * g.c + c0;
                VectorMask<Float> hit = FloatVector.fromArray(FS, x, xImage + off, m)
                        .test(VectorOperators.IS_NAN)
                        .and(pending);
                if (hit.anyTrue()) {
                    FloatVector.fromArray(FS, gin, iImage + off, m).add(gv, hit).intoArray(gin, iImage + off, m);
                    pending = pending.andNot(hit);
                }
            }
        }
    }

    static void maxPoolBackward(Tensor x, Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        Geo g = Geo.of(x, gradOut, spec);
        Tensor xd = ConvSupport.dense(x);
        Tensor gd = ConvSupport.dense(gradOut);
        Tensor id = gradIn.isContiguous() ? gradIn : ConvSupport.denseLike(gradIn);
        Object xa = Elements.array(xd);
        int xo = Strided.offset(xd);
        int go = Strided.offset(gd);
        int io = Strided.offset(id);
        int image = g.h * g.w * g.c;
        if (xa instanceof float[] xf && twoByTwo(g, spec)) {
            float[] gf = (float[]) Elements.array(gd);
            float[] inf = (float[]) Elements.array(id);
            Parallel.forRange(g.n, 1, (n0, n1) -> maxPool2x2Backward(xf, xo, gf, go, inf, io, g, n0, n1));
        } else if (xa instanceof float[] xf) {
            float[] gf = (float[]) Elements.array(gd);
            float[] inf = (float[]) Elements.array(id);
            int blocks = (g.c + FL - 1) / FL;
            // Windows that tile the image exactly (the usual 2x2 pool with stride 2) each own their
            // pixels: every pixel is written once, without zeroing first or reading it back.
            boolean tiles = tilesExactly(g, spec);
            FloatVector zero = FloatVector.zero(FS);
            Parallel.forRange(g.n, 1, (n0, n1) -> {
                if (!tiles) {
                    ConvSupport.zero(inf, io + n0 * image, (n1 - n0) * image);
                }
                for (int n = n0; n < n1; n++) {
                    int xImage = xo + n * image;
                    int iImage = io + n * image;
                    for (int oh = 0; oh < g.oh; oh++) {
                        int h0 = g.h0(oh);
                        int ha = Math.max(h0, 0);
                        int hb = Math.min(h0 + spec.kernelH(), g.h);
                        for (int ow = 0; ow < g.ow; ow++) {
                            int w0 = g.w0(ow);
                            int wa = Math.max(w0, 0);
                            int wb = Math.min(w0 + spec.kernelW(), g.w);
                            int src = go + ((n * g.oh + oh) * g.ow + ow) * g.c;
                            for (int blk = 0; blk < blocks; blk++) {
                                int c0 = blk * FL;
                                if (tiles && c0 + FL <= g.c) {
                                    // A whole vector of channels in a tiling window: plain loads and stores.
                                    FloatVector mx = windowMax(xf, xImage + c0, g, ha, hb, wa, wb);
                                    VectorMask<Float> nan = mx.test(VectorOperators.IS_NAN);
                                    if (!nan.anyTrue()) {
                                        FloatVector gv = FloatVector.fromArray(FS, gf, src + c0);
                                        firstMaxOfTile(xf, xImage, inf, iImage, c0, g, ha, hb, wa, wb, mx, gv, zero);
                                        continue;
                                    }
                                }
                                VectorMask<Float> m = FS.indexInRange(c0, g.c);
                                FloatVector mx = windowMax(xf, xImage + c0, g, ha, hb, wa, wb, m);
                                FloatVector gv = FloatVector.fromArray(FS, gf, src + c0, m);
                                // Each lane's gradient goes to the first position (row-major) holding its maximum,
                                // a NaN window's to its last NaN (after the pass below has written its zeros).
                                VectorMask<Float> nan =
                                        mx.test(VectorOperators.IS_NAN).and(m);
                                VectorMask<Float> pending = m.andNot(nan);
                                if (tiles) {
                                    for (int ih = ha; ih < hb; ih++) {
                                        for (int iw = wa; iw < wb; iw++) {
                                            int off = (ih * g.w + iw) * g.c + c0;
                                            VectorMask<Float> hit = FloatVector.fromArray(FS, xf, xImage + off, m)
                                                    .compare(VectorOperators.EQ, mx)
                                                    .and(pending);
                                            zero.blend(gv, hit).intoArray(inf, iImage + off, m);
                                            pending = pending.andNot(hit);
                                        }
                                    }
                                    if (nan.anyTrue()) {
                                        toLastNaN(xf, xImage, inf, iImage, c0, g, ha, hb, wa, wb, m, nan, gv);
                                    }
                                    continue;
                                }
                                for (int ih = ha; ih < hb && pending.anyTrue(); ih++) {
                                    for (int iw = wa; iw < wb; iw++) {
                                        int off = (ih * g.w + iw) * g.c + c0;
                                        VectorMask<Float> hit = FloatVector.fromArray(FS, xf, xImage + off, m)
                                                .compare(VectorOperators.EQ, mx)
                                                .and(pending);
                                        if (hit.anyTrue()) {
                                            FloatVector.fromArray(FS, inf, iImage + off, m)
                                                    .add(gv, hit)
                                                    .intoArray(inf, iImage + off, m);
                                            pending = pending.andNot(hit);
                                        }
                                    }
                                }
                                if (nan.anyTrue()) {
                                    toLastNaN(xf, xImage, inf, iImage, c0, g, ha, hb, wa, wb, m, nan, gv);
                                }
                            }
                        }
                    }
                }
            });
        } else {
            double[] xv = (double[]) xa;
            double[] gv = (double[]) Elements.array(gd);
            double[] iv = (double[]) Elements.array(id);
            Parallel.forRange(g.n, 1, (n0, n1) -> {
                ConvSupport.zero(iv, io + n0 * image, (n1 - n0) * image);
                for (int n = n0; n < n1; n++) {
                    for (int oh = 0; oh < g.oh; oh++) {
                        int h0 = g.h0(oh);
                        for (int ow = 0; ow < g.ow; ow++) {
                            int w0 = g.w0(ow);
                            int src = go + ((n * g.oh + oh) * g.ow + ow) * g.c;
                            for (int c = 0; c < g.c; c++) {
                                double m = Double.NEGATIVE_INFINITY;
                                int arg = -1;
                                for (int ih = Math.max(h0, 0); ih < Math.min(h0 + spec.kernelH(), g.h); ih++) {
                                    for (int iw = Math.max(w0, 0); iw < Math.min(w0 + spec.kernelW(), g.w); iw++) {
                                        int off = n * image + (ih * g.w + iw) * g.c + c;
                                        double v = xv[xo + off];
                                        // every NaN takes the index, so the last one keeps it, as in PyTorch
                                        if (arg < 0 || v > m || Double.isNaN(v)) {
                                            m = v;
                                            arg = off;
                                        }
                                    }
                                }
                                if (arg >= 0) {
                                    iv[io + arg] += gv[src + c];
                                }
                            }
                        }
                    }
                }
            });
        }
        if (id != gradIn) {
            CopyKernels.copy(id, gradIn);
        }
    }

    // ---- average pooling -----------------------------------------------------------------------

    static void avgPool(Tensor x, Pool2dSpec spec, Tensor out) {
        Geo g = Geo.of(x, out, spec);
        Tensor xd = ConvSupport.dense(x);
        Tensor od = out.isContiguous() ? out : ConvSupport.denseLike(out);
        Object xa = Elements.array(xd);
        int xo = Strided.offset(xd);
        int oo = Strided.offset(od);
        if (xa instanceof float[] xf && twoByTwo(g, spec)) {
            float[] of = (float[]) Elements.array(od);
            Parallel.forRange(g.n * g.oh, ROW_GRAIN, (from, to) -> avgPool2x2(xf, xo, of, oo, g, from, to));
        } else if (xa instanceof float[] xf) {
            float[] of = (float[]) Elements.array(od);
            Parallel.forRange(g.n * g.oh, ROW_GRAIN, (from, to) -> {
                for (int row = from; row < to; row++) {
                    int xImage = xo + row / g.oh * g.h * g.w * g.c;
                    int h0 = g.h0(row % g.oh);
                    int ha = Math.max(h0, 0);
                    int hb = Math.min(h0 + spec.kernelH(), g.h);
                    for (int ow = 0; ow < g.ow; ow++) {
                        int w0 = g.w0(ow);
                        int wa = Math.max(w0, 0);
                        int wb = Math.min(w0 + spec.kernelW(), g.w);
                        float scale = 1f / g.count(ha, hb, wa, wb);
                        int dst = oo + (row * g.ow + ow) * g.c;
                        int c0 = 0;
                        for (; c0 + FL <= g.c; c0 += FL) {
                            FloatVector sum = FloatVector.zero(FS);
                            for (int ih = ha; ih < hb; ih++) {
                                for (int iw = wa; iw < wb; iw++) {
                                    sum = sum.add(FloatVector.fromArray(FS, xf, xImage + (ih * g.w + iw) * g.c + c0));
                                }
                            }
                            sum.mul(scale).intoArray(of, dst + c0);
                        }
                        if (c0 < g.c) {
                            VectorMask<Float> m = FS.indexInRange(c0, g.c);
                            FloatVector sum = FloatVector.zero(FS);
                            for (int ih = ha; ih < hb; ih++) {
                                for (int iw = wa; iw < wb; iw++) {
                                    sum = sum.add(
                                            FloatVector.fromArray(FS, xf, xImage + (ih * g.w + iw) * g.c + c0, m));
                                }
                            }
                            sum.mul(scale).intoArray(of, dst + c0, m);
                        }
                    }
                }
            });
        } else {
            double[] xv = (double[]) xa;
            double[] ov = (double[]) Elements.array(od);
            Parallel.forRange(g.n * g.oh, ROW_GRAIN, (from, to) -> {
                for (int row = from; row < to; row++) {
                    int xImage = xo + row / g.oh * g.h * g.w * g.c;
                    int h0 = g.h0(row % g.oh);
                    int ha = Math.max(h0, 0);
                    int hb = Math.min(h0 + spec.kernelH(), g.h);
                    for (int ow = 0; ow < g.ow; ow++) {
                        int w0 = g.w0(ow);
                        int wa = Math.max(w0, 0);
                        int wb = Math.min(w0 + spec.kernelW(), g.w);
                        double scale = 1.0 / g.count(ha, hb, wa, wb);
                        int dst = oo + (row * g.ow + ow) * g.c;
                        for (int c = 0; c < g.c; c++) {
                            double sum = 0;
                            for (int ih = ha; ih < hb; ih++) {
                                for (int iw = wa; iw < wb; iw++) {
                                    sum += xv[xImage + (ih * g.w + iw) * g.c + c];
                                }
                            }
                            ov[dst + c] = sum * scale;
                        }
                    }
                }
            });
        }
        if (od != out) {
            CopyKernels.copy(od, out);
        }
    }

    /** Output rows {@code [from, to)} of a {@link #twoByTwo} average pooling, as {@link #maxPool2x2} takes the max. */
    private static void avgPool2x2(float[] x, int xo, float[] out, int oo, Geo g, int from, int to) {
        int c = g.c;
        int rowLen = g.w * c;
        FloatVector zero = FloatVector.zero(FS);
        for (int row = from; row < to; row++) {
            int r0 = xo + (row / g.oh * g.h + 2 * (row % g.oh)) * rowLen;
            int r1 = r0 + rowLen;
            for (int ow = 0; ow < g.ow; ow++) {
                int dst = oo + (row * g.ow + ow) * c;
                int p = 2 * ow * c;
                for (int b = 0; b < c; b += FL) {
                    int c0 = Math.min(b, c - FL);
                    // Summed from zero in row-major order, as the general loop sums, so both give the same bits.
                    zero.add(FloatVector.fromArray(FS, x, r0 + p + c0))
                            .add(FloatVector.fromArray(FS, x, r0 + p + c + c0))
                            .add(FloatVector.fromArray(FS, x, r1 + p + c0))
                            .add(FloatVector.fromArray(FS, x, r1 + p + c + c0))
                            .mul(0.25f)
                            .intoArray(out, dst + c0);
                }
            }
        }
    }

    /** Whether the windows cover the image exactly once: stride equal to the window, no padding, no pixel left over. */
    private static boolean tilesExactly(Geo g, Pool2dSpec spec) {
        return spec.strideH() == spec.kernelH()
                && spec.strideW() == spec.kernelW()
                && g.oh * spec.kernelH() == g.h
                && g.ow * spec.kernelW() == g.w
                && spec.padTop() == 0
                && spec.padLeft() == 0;
    }

    static void avgPoolBackward(Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        Geo g = Geo.of(gradIn, gradOut, spec);
        Tensor gd = ConvSupport.dense(gradOut);
        Tensor id = gradIn.isContiguous() ? gradIn : ConvSupport.denseLike(gradIn);
        Object ga = Elements.array(gd);
        Object ia = Elements.array(id);
        int go = Strided.offset(gd);
        int io = Strided.offset(id);
        int image = g.h * g.w * g.c;
        boolean isFloat = ga instanceof float[];
        // Windows that tile the image exactly (a 2x2 pool with stride 2, a nearest upsampling's gradient) each own
        // their pixels: every pixel is written once, without zeroing first or reading it back.
        boolean tiles = tilesExactly(g, spec);
        Parallel.forRange(g.n, 1, (n0, n1) -> {
            if (!tiles) {
                ConvSupport.zero(ia, io + n0 * image, (n1 - n0) * image);
            }
            for (int n = n0; n < n1; n++) {
                int iImage = io + n * image;
                for (int oh = 0; oh < g.oh; oh++) {
                    int h0 = g.h0(oh);
                    int ha = Math.max(h0, 0);
                    int hb = Math.min(h0 + spec.kernelH(), g.h);
                    for (int ow = 0; ow < g.ow; ow++) {
                        int w0 = g.w0(ow);
                        int wa = Math.max(w0, 0);
                        int wb = Math.min(w0 + spec.kernelW(), g.w);
                        double scale = 1.0 / g.count(ha, hb, wa, wb);
                        int src = go + ((n * g.oh + oh) * g.ow + ow) * g.c;
                        if (isFloat) {
                            float[] gf = (float[]) ga;
                            float[] inf = (float[]) ia;
                            int c0 = 0;
                            for (; c0 + FL <= g.c; c0 += FL) {
                                FloatVector gv =
                                        FloatVector.fromArray(FS, gf, src + c0).mul((float) scale);
                                for (int ih = ha; ih < hb; ih++) {
                                    for (int iw = wa; iw < wb; iw++) {
                                        int off = iImage + (ih * g.w + iw) * g.c + c0;
                                        (tiles
                                                        ? gv
                                                        : FloatVector.fromArray(FS, inf, off)
                                                                .add(gv))
                                                .intoArray(inf, off);
                                    }
                                }
                            }
                            if (c0 < g.c) {
                                VectorMask<Float> m = FS.indexInRange(c0, g.c);
                                FloatVector gv = FloatVector.fromArray(FS, gf, src + c0, m)
                                        .mul((float) scale);
                                for (int ih = ha; ih < hb; ih++) {
                                    for (int iw = wa; iw < wb; iw++) {
                                        int off = iImage + (ih * g.w + iw) * g.c + c0;
                                        (tiles
                                                        ? gv
                                                        : FloatVector.fromArray(FS, inf, off, m)
                                                                .add(gv))
                                                .intoArray(inf, off, m);
                                    }
                                }
                            }
                        } else {
                            double[] gv = (double[]) ga;
                            double[] iv = (double[]) ia;
                            for (int ih = ha; ih < hb; ih++) {
                                for (int iw = wa; iw < wb; iw++) {
                                    int off = iImage + (ih * g.w + iw) * g.c;
                                    for (int c = 0; c < g.c; c++) {
                                        iv[off + c] = (tiles ? 0 : iv[off + c]) + gv[src + c] * scale;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
        if (id != gradIn) {
            CopyKernels.copy(id, gradIn);
        }
    }
}
