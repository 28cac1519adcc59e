package dev.synapse.interop.onnx;

import dev.synapse.interop.onnx.OnnxImportContext.Unsupported;
import dev.synapse.interop.onnx.OnnxValue.Layout;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.BaseConv;
import dev.synapse.nn.layers.Conv1D;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Conv2DTranspose;
import dev.synapse.nn.layers.ConvBuilder;
import dev.synapse.nn.layers.Cropping2D;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Conv becomes {@code Conv1D}/{@code Conv2D} (kernel OIHW to HWIO) and ConvTranspose becomes
 * {@code Conv2DTranspose} (kernel {@code [in, out/groups, kH, kW]} to {@code [kH, kW, out/groups, in]}),
 * built channels-first on a value in ONNX's layout (so a PyTorch model imports without permutes) and
 * channels-last on a value already so. Pads that equal "same" or "valid" map to those, other pads to the
 * layers' explicit padding (PyTorch's {@code padding=}); pads of a transposed convolution become a
 * {@code Cropping2D} after it.
 */
final class OnnxConvImport {
    private OnnxConvImport() {}

    static void register(Map<String, OnnxOpImport> ops) {
        ops.put("Conv", OnnxConvImport::conv);
        ops.put("ConvTranspose", OnnxConvImport::convTranspose);
    }

    private static void conv(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        OnnxImportContext.Spatial in = ctx.spatial(ctx.sym(n, 0));
        SymbolicTensor x = in.tensor();
        OnnxTensor w = ctx.constant(n, 1);
        OnnxTensor b = ctx.optionalConstant(n, 2);
        int r = x.rank() - 2;
        if ((r != 1 && r != 2) || w.dims().length != r + 2) {
            throw new Unsupported("only 1-D and 2-D convolutions are imported, got input rank " + x.rank()
                    + " and weight dims " + Arrays.toString(w.dims()));
        }
        int filters = (int) w.dims()[0];
        int groups = (int) n.intAttr("group", 1);
        int channels = in.channels();
        if (groups < 1 || channels != w.dims()[1] * groups || filters % groups != 0) {
            throw new Unsupported("weight dims " + Arrays.toString(w.dims()) + " with group " + groups + " do not fit "
                    + channels + " input channels");
        }
        int[] kernel = Arrays.copyOfRange(w.shape(), 2, 2 + r);
        if (Arrays.stream(kernel).anyMatch(k -> k < 1) || filters < 1) {
            throw new Unsupported("weight dims " + Arrays.toString(w.dims()) + " hold an empty kernel");
        }
        int[] strides = OnnxImportContext.positiveInts(n, "strides", r);
        int[] dilations = OnnxImportContext.positiveInts(n, "dilations", r);
        int[] sizes = in.sizes();
        int[] pads = OnnxPads.read(n, kernel, strides, dilations, sizes);
        // ONNX lists the starts of every axis, then the ends; the builder takes {before, after} per axis.
        int[][] perAxis =
                r == 2 ? new int[][] {{pads[0], pads[2]}, {pads[1], pads[3]}} : new int[][] {{pads[0], pads[1]}};
        String named = OnnxPads.isValid(pads)
                ? "valid"
                : OnnxPads.isSame(pads, kernel, strides, dilations, sizes) ? "same" : null;
        ConvBuilder<? extends BaseConv> builder = r == 2
                ? Conv2D.builder(filters, kernel).strides(strides).dilation(dilations)
                : Conv1D.builder(filters, kernel[0]).strides(strides).dilation(dilations);
        builder = named != null ? builder.padding(named) : builder.padding(perAxis);
        ConvBuilder<? extends BaseConv> padded = builder.dataFormat(in.dataFormat());
        // One layer per weight: a module PyTorch calls twice stays tied when fine-tuned.
        String key = "Conv " + w.name() + " " + (b == null ? "" : b.name()) + " " + Arrays.toString(strides)
                + Arrays.toString(dilations) + " " + groups + " "
                + (named != null ? named : Arrays.deepToString(perAxis)) + " " + in.dataFormat();
        BaseConv layer = w.name().isEmpty()
                ? padded.groups(groups).useBias(b != null).build()
                : ctx.shared(key, () -> padded.groups(groups).useBias(b != null).build());
        // OIHW -> HWIO, OIW -> WIO
        Tensor k = OnnxImportContext.tensor(w);
        k = (r == 2 ? k.permute(2, 3, 1, 0) : k.permute(2, 1, 0)).contiguous();
        SymbolicTensor y = layer.apply(x);
        assign(layer, k, b, filters);
        ctx.putSym(n, 0, y, in.layout());
    }

    private static void convTranspose(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        OnnxImportContext.Spatial in = ctx.spatial(ctx.sym(n, 0));
        SymbolicTensor x = in.tensor();
        OnnxTensor w = ctx.constant(n, 1);
        OnnxTensor b = ctx.optionalConstant(n, 2);
        if (x.rank() != 4 || w.dims().length != 4) {
            throw new Unsupported("only 2-D transposed convolutions are imported, got input rank " + x.rank());
        }
        if (n.attributes().containsKey("output_shape")) {
            throw new Unsupported("output_shape is not supported; export with explicit pads");
        }
        String auto = n.stringAttr("auto_pad", "NOTSET");
        if (!auto.equals("NOTSET") && !auto.equals("VALID")) {
            throw new Unsupported("auto_pad " + auto + " is not supported on ConvTranspose");
        }
        int groups = (int) n.intAttr("group", 1);
        int channels = in.channels();
        if (groups < 1 || channels != w.dims()[0]) {
            throw new Unsupported(
                    "weight dims " + Arrays.toString(w.dims()) + " do not fit " + channels + " input channels");
        }
        int filters = (int) w.dims()[1] * groups;
        int[] kernel = {(int) w.dims()[2], (int) w.dims()[3]};
        if (kernel[0] < 1 || kernel[1] < 1 || filters < 1) {
            throw new Unsupported("weight dims " + Arrays.toString(w.dims()) + " hold an empty kernel");
        }
        int[] strides = OnnxImportContext.positiveInts(n, "strides", 2);
        int[] dilations = OnnxImportContext.positiveInts(n, "dilations", 2);
        int[] outPad = OnnxImportContext.ints(n, "output_padding", 2, 0);
        int[] pads = auto.equals("VALID") ? new int[4] : OnnxImportContext.ints(n, "pads", 4, 0);
        var builder = Conv2DTranspose.builder(filters, kernel)
                .strides(strides)
                .dilation(dilations)
                .groups(groups)
                .padding("valid")
                .useBias(b != null)
                .dataFormat(in.dataFormat());
        int[] crop = pads.clone();
        if (outPad[0] > 0 || outPad[1] > 0) {
            builder.outputPadding(outPad);
        } else {
            // Synapse's "valid" gives in * stride + max(keff - stride, 0); ONNX gives (in - 1) * stride + keff.
            for (int i = 0; i < 2; i++) {
                int keff = (kernel[i] - 1) * dilations[i] + 1;
                crop[i + 2] += Math.max(strides[i] - keff, 0);
            }
        }
        Conv2DTranspose layer = builder.build();
        SymbolicTensor y = layer.apply(x);
        assign(layer, OnnxImportContext.tensor(w).permute(2, 3, 1, 0).contiguous(), b, filters);
        Layout layout = in.layout();
        if (!OnnxPads.isValid(crop)) {
            // Cropping2D has no channels-first variant.
            SymbolicTensor last = ctx.as(new OnnxValue.Sym(y, layout), Layout.CHANNELS_LAST);
            y = new Cropping2D(crop[0], crop[2], crop[1], crop[3]).apply(last);
            layout = Layout.CHANNELS_LAST;
        }
        ctx.putSym(n, 0, y, layout);
    }

    private static void assign(BaseConv layer, Tensor kernel, @Nullable OnnxTensor b, int filters) throws Unsupported {
        layer.kernel().assign(kernel);
        if (b != null) {
            if (b.size() != filters) {
                throw new Unsupported(
                        "bias '" + b.name() + "' has " + b.size() + " values for " + filters + " filters");
            }
            layer.bias().assign(OnnxImportContext.tensor(b).reshape(filters));
        }
    }
}
