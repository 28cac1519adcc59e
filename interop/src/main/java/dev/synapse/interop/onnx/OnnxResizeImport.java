package dev.synapse.interop.onnx;

import dev.synapse.interop.onnx.OnnxImportContext.Unsupported;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.UpSampling2D;
import java.util.Arrays;
import java.util.Map;

/**
 * Resize and Upsample by integer factors become {@code UpSampling2D}: "nearest" for mode nearest with
 * PyTorch's coordinates (asymmetric, floor), "bilinear" for mode linear with half-pixel centres
 * ({@code align_corners=False}) or with aligned corners ({@code align_corners=True}).
 */
final class OnnxResizeImport {
    private OnnxResizeImport() {}

    static void register(Map<String, OnnxOpImport> ops) {
        ops.put("Resize", (n, ctx) -> resize(n, ctx, 2, 3));
        ops.put("Upsample", (n, ctx) -> resize(n, ctx, 1, -1));
    }

    private static void resize(OnnxNode n, OnnxImportContext ctx, int scalesInput, int sizesInput) throws Unsupported {
        OnnxImportContext.Spatial spatial = ctx.spatial(ctx.sym(n, 0));
        SymbolicTensor x = spatial.tensor();
        if (x.rank() != 4) {
            throw new Unsupported("only 2-D resizing of [N, C, H, W] is imported, got rank " + x.rank());
        }
        int[] in = spatial.sizes();
        int[] factor = new int[2];
        OnnxTensor scales = n.input(scalesInput).isEmpty() ? null : ctx.constant(n, scalesInput);
        if (scales != null && scales.size() == 4) {
            double[] s = scales.asDoubles();
            if (s[0] != 1 || s[1] != 1) {
                throw new Unsupported("scales " + Arrays.toString(s) + " resize the batch or channel axis");
            }
            for (int i = 0; i < 2; i++) {
                factor[i] = (int) s[i + 2];
                if (factor[i] != s[i + 2] || factor[i] < 1) {
                    throw new Unsupported("scales " + Arrays.toString(s) + " are not whole factors");
                }
            }
        } else if (sizesInput >= 0 && !n.input(sizesInput).isEmpty()) {
            double[] size = ctx.constant(n, sizesInput).asDoubles();
            for (int i = 0; i < 2; i++) {
                if (size.length != 4 || in[i] <= 0 || size[i + 2] % in[i] != 0) {
                    throw new Unsupported(
                            "sizes " + Arrays.toString(size) + " are not whole multiples of " + Arrays.toString(in));
                }
                factor[i] = (int) (size[i + 2] / in[i]);
            }
        } else {
            throw new Unsupported("needs constant scales or sizes of rank 4");
        }
        String mode = n.stringAttr("mode", "nearest");
        String coords = n.stringAttr("coordinate_transformation_mode", "half_pixel");
        String interpolation;
        boolean alignCorners = false;
        boolean pytorchNearest = coords.equals("asymmetric")
                && n.stringAttr("nearest_mode", "round_prefer_floor").equals("floor");
        if (mode.equals("nearest") && (n.opType().equals("Upsample") || pytorchNearest)) {
            interpolation = "nearest";
        } else if ((mode.equals("linear") || mode.equals("bilinear"))
                && (coords.equals("half_pixel") || coords.equals("pytorch_half_pixel"))
                && n.opType().equals("Resize")) {
            interpolation = "bilinear";
        } else if ((mode.equals("linear") || mode.equals("bilinear"))
                && coords.equals("align_corners")
                && n.opType().equals("Resize")) {
            interpolation = "bilinear";
            alignCorners = true;
        } else {
            throw new Unsupported("mode \"" + mode + "\" with coordinate_transformation_mode \"" + coords
                    + "\" is not imported (nearest with asymmetric/floor, or linear with half_pixel or align_corners)");
        }
        UpSampling2D layer = new UpSampling2D(factor, interpolation)
                .withAlignCorners(alignCorners)
                .withDataFormat(spatial.dataFormat());
        ctx.putSym(n, 0, layer.apply(x), spatial.layout());
    }
}
