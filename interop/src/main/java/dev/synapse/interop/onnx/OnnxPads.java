package dev.synapse.interop.onnx;

import dev.synapse.interop.onnx.OnnxImportContext.Unsupported;

/**
 * Reads a sliding window's pads ({@code pads} or {@code auto_pad}) and says whether they equal
 * Keras's "valid" or "same" for the input size at hand.
 */
final class OnnxPads {
    private OnnxPads() {}

    /** Begin pads then end pads, one per spatial axis (ONNX's order). */
    static int[] read(OnnxNode n, int[] kernel, int[] strides, int[] dilations, int[] sizes) throws Unsupported {
        int r = kernel.length;
        String auto = n.stringAttr("auto_pad", "NOTSET");
        switch (auto) {
            case "NOTSET" -> {
                return OnnxImportContext.ints(n, "pads", 2 * r, 0);
            }
            case "VALID" -> {
                return new int[2 * r];
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                int[] p = new int[2 * r];
                for (int i = 0; i < r; i++) {
                    if (sizes[i] < 0) {
                        throw new Unsupported("auto_pad " + auto + " needs a known input size");
                    }
                    int total = sameTotal(sizes[i], kernel[i], strides[i], dilations[i]);
                    int small = total / 2;
                    p[i] = auto.equals("SAME_UPPER") ? small : total - small;
                    p[i + r] = total - p[i];
                }
                return p;
            }
            default -> throw new Unsupported("auto_pad \"" + auto + "\" is not an ONNX value");
        }
    }

    static boolean isValid(int[] pads) {
        for (int p : pads) {
            if (p != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when {@code pads} are what Keras's "same" pads: {@code ceil(in / stride)} outputs with the odd
     * pad at the end. Without a known size only stride 1 with an odd effective window is certain.
     */
    static boolean isSame(int[] pads, int[] kernel, int[] strides, int[] dilations, int[] sizes) {
        int r = kernel.length;
        for (int i = 0; i < r; i++) {
            int total;
            if (sizes[i] >= 0) {
                total = sameTotal(sizes[i], kernel[i], strides[i], dilations[i]);
            } else if (strides[i] == 1) {
                total = (kernel[i] - 1) * dilations[i];
            } else {
                return false;
            }
            if (pads[i] != total / 2 || pads[i + r] != total - total / 2) {
                return false;
            }
        }
        return true;
    }

    private static int sameTotal(int in, int k, int stride, int dilation) {
        int keff = (k - 1) * dilation + 1;
        int out = (in + stride - 1) / stride;
        return Math.max((out - 1) * stride + keff - in, 0);
    }

    /** The spatial sizes of a channels-last tensor's shape {@code [N, spatial..., C]}. */
    static int[] spatial(int[] shape) {
        int[] s = new int[shape.length - 2];
        System.arraycopy(shape, 1, s, 0, s.length);
        return s;
    }
}
