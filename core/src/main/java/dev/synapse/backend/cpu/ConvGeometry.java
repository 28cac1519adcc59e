package dev.synapse.backend.cpu;

import dev.synapse.backend.Conv2dSpec;

/**
 * The sizes of one channels-last convolution, read once from the tensors and the spec so the
 * kernels' loops use plain ints: input {@code [n, h, w, c]}, weights {@code [kh, kw, cg, f]}, output
 * {@code [n, oh, ow, f]}, {@code groups} groups of {@code cg} input and {@code fg} output channels.
 */
final class ConvGeometry {
    final int n;
    final int h;
    final int w;
    final int c;
    final int kh;
    final int kw;
    final int cg;
    final int f;
    final int fg;
    final int oh;
    final int ow;
    final int groups;
    final int sh;
    final int sw;
    final int pt;
    final int pb;
    final int pl;
    final int pr;
    final int dh;
    final int dw;
    /** Length of one im2col row: the receptive field of one output pixel within one group. */
    final int k;
    /** Output pixels over the whole batch: the rows of the im2col matrix. */
    final int rows;

    /**
     * @param input  the input's dims {@code [N, H, W, C]}
     * @param kernel the weights' dims {@code [KH, KW, C/groups, F]}
     * @param output the output's dims {@code [N, OH, OW, F]}
     */
    ConvGeometry(int[] input, int[] kernel, int[] output, Conv2dSpec spec) {
        n = input[0];
        h = input[1];
        w = input[2];
        c = input[3];
        kh = kernel[0];
        kw = kernel[1];
        cg = kernel[2];
        f = kernel[3];
        oh = output[1];
        ow = output[2];
        groups = spec.groups();
        fg = f / groups;
        sh = spec.strideH();
        sw = spec.strideW();
        pt = spec.padTop();
        pb = spec.padBottom();
        pl = spec.padLeft();
        pr = spec.padRight();
        dh = spec.dilationH();
        dw = spec.dilationW();
        k = kh * kw * cg;
        rows = n * oh * ow;
    }

    /** True for a 1x1 kernel with unit stride and no padding: the input itself is the im2col matrix. */
    boolean pointwise() {
        return kh == 1 && kw == 1 && sh == 1 && sw == 1 && pt == 0 && pl == 0 && oh == h && ow == w;
    }

    /** Rows of the im2col matrix processed at once, so a thread's column buffer stays in its L2 cache. */
    int chunkRows() {
        return Math.max(16, Math.min(rows, ConvKernels.COL_TARGET / Math.max(1, k)));
    }
}
