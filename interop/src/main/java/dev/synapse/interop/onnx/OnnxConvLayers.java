package dev.synapse.interop.onnx;

import dev.synapse.nn.Configs;
import dev.synapse.nn.layers.AveragePooling1D;
import dev.synapse.nn.layers.AveragePooling2D;
import dev.synapse.nn.layers.BaseConv;
import dev.synapse.nn.layers.Conv2DTranspose;
import dev.synapse.nn.layers.MaxPooling1D;
import dev.synapse.nn.layers.MaxPooling2D;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Convolutions, pooling and upsampling, written channels-first as ONNX wants them. Keras's "same"
 * padding becomes explicit pads with the odd pixel at the end (TensorFlow's rule), "causal" pads the
 * start only; kernels are permuted from Keras's {@code [K..., in, out]} to ONNX's {@code [out, in, K...]}.
 */
final class OnnxConvLayers {
    private OnnxConvLayers() {}

    static ExportedValue conv(OnnxGraphBuilder g, LayerCall c) {
        BaseConv layer = (BaseConv) c.layer();
        Map<String, Object> cfg = c.config();
        int[] k = Configs.getIntArray(cfg, "kernel_size");
        int[] strides = Configs.getIntArray(cfg, "strides");
        int[] dilation = Configs.getIntArray(cfg, "dilation_rate");
        int rank = k.length;
        boolean first = channelsFirstLayer(c, cfg);
        long @Nullable [] explicit = explicitPads(c, cfg, rank);
        String padding = explicit != null ? "explicit" : Configs.getString(cfg, "padding", "valid");
        int groups = Configs.getInt(cfg, "groups", 1);
        int[] spatial = spatial(c.inputShape(), first);
        ExportedValue x = nchw(g, c, first);
        Tensor kernel = layer.kernel().value();
        // Keras [K..., in/groups, out] (transposed: [K..., out/groups, in]) to ONNX [out, in/groups, K...]
        // (transposed: [in, out/groups, K...]): the same permutation in both cases.
        Tensor w = rank == 1 ? kernel.permute(2, 1, 0) : kernel.permute(3, 2, 0, 1);
        List<String> in = new ArrayList<>(List.of(x.name(), OnnxLayers.weight(g, c, "kernel", w)));
        if (layer.bias() != null) {
            in.add(OnnxLayers.weight(g, c, "bias", layer.bias().value()));
        }
        List<EncodedAttribute> attrs = new ArrayList<>(List.of(
                EncodedAttribute.ints("kernel_shape", k),
                EncodedAttribute.ints("strides", strides),
                EncodedAttribute.ints("dilations", dilation),
                EncodedAttribute.i("group", groups)));
        String op;
        if (layer instanceof Conv2DTranspose) {
            op = "ConvTranspose";
            int[] outputPadding =
                    cfg.get("output_padding") == null ? new int[] {-1, -1} : Configs.getIntArray(cfg, "output_padding");
            long[] pads = new long[4];
            long[] extra = new long[2];
            // Explicit padding is PyTorch's ConvTranspose2d(padding, output_padding), which is ONNX's too.
            for (int i = 0; explicit != null && i < 2; i++) {
                pads[i] = explicit[i];
                pads[i + 2] = explicit[i + 2];
                extra[i] = Math.max(outputPadding[i], 0);
            }
            for (int i = 0; explicit == null && i < 2; i++) {
                int[] t = transposed(c, spatial[i], k[i], strides[i], dilation[i], padding, outputPadding[i]);
                pads[i] = t[1];
                pads[i + 2] = t[2];
                // ONNX's size is stride (in - 1) + keff - pads + output_padding; the rest of Synapse's size.
                int keff = dilation[i] * (k[i] - 1) + 1;
                extra[i] = t[0] - ((long) strides[i] * (spatial[i] - 1) + keff - t[1] - t[2]);
            }
            attrs.add(EncodedAttribute.ints("pads", pads));
            attrs.add(EncodedAttribute.ints("output_padding", extra));
        } else {
            op = "Conv";
            int[] eff = new int[rank];
            for (int i = 0; i < rank; i++) {
                eff[i] = dilation[i] * (k[i] - 1) + 1;
            }
            attrs.add(
                    explicit != null
                            ? EncodedAttribute.ints("pads", explicit)
                            : pads(c, padding, spatial, eff, strides));
        }
        String y = g.node(op, c.name(), in, attrs.toArray(new EncodedAttribute[0]));
        return OnnxActivations.apply(g, c, OnnxLayers.activation(c), OnnxLayers.same(x, y));
    }

    /** Max and average pooling, 1-D and 2-D; any other layer has no ONNX form here. */
    static ExportedValue pooling(OnnxGraphBuilder g, LayerCall c) {
        String op;
        if (c.layer() instanceof MaxPooling1D || c.layer() instanceof MaxPooling2D) {
            op = "MaxPool";
        } else if (c.layer() instanceof AveragePooling1D || c.layer() instanceof AveragePooling2D) {
            op = "AveragePool";
        } else {
            throw c.unsupported("has no ONNX form in Synapse's exporter; export supports the layers listed in "
                    + "dev.synapse.interop.onnx.Onnx");
        }
        Map<String, Object> cfg = c.config();
        boolean first = channelsFirstLayer(c, cfg);
        int[] spatial = spatial(c.inputShape(), first);
        int[] pool = expand(Configs.getIntArray(cfg, "pool_size"), spatial.length);
        long @Nullable [] explicit = explicitPads(c, cfg, spatial.length);
        Object s = cfg.get("strides");
        int[] strides = s == null ? pool : expand(Configs.toIntArray(s), spatial.length);
        ExportedValue x = nchw(g, c, first);
        List<EncodedAttribute> attrs = new ArrayList<>(List.of(
                EncodedAttribute.ints("kernel_shape", pool),
                EncodedAttribute.ints("strides", strides),
                explicit != null
                        ? EncodedAttribute.ints("pads", explicit)
                        : pads(c, Configs.getString(cfg, "padding", "valid"), spatial, pool, strides)));
        if (Configs.getBoolean(cfg, "ceil_mode", false)) {
            // PyTorch's rule, which ONNX Runtime follows: sizes round up, no window starts in the trailing padding.
            attrs.add(EncodedAttribute.i("ceil_mode", 1));
        }
        if (op.equals("AveragePool")) {
            // Keras leaves padded positions out of the divisor; PyTorch's count_include_pad counts them.
            attrs.add(EncodedAttribute.i(
                    "count_include_pad", Configs.getBoolean(cfg, "count_include_pad", false) ? 1 : 0));
        }
        return OnnxLayers.same(x, g.node(op, c.name(), List.of(x.name()), attrs.toArray(new EncodedAttribute[0])));
    }

    /**
     * Global average or max pooling over the spatial axes, in whatever layout the input is (a channels-first
     * layer's input in its own layout).
     */
    static ExportedValue globalPool(OnnxGraphBuilder g, LayerCall c, String op) {
        ExportedValue x = channelsFirstLayer(c, c.config()) ? g.channelsLast(c.input()) : c.input();
        boolean keep = Configs.getBoolean(c.config(), "keepdims", false);
        long[] axes = new long[x.rank() - 2];
        for (int i = 0; i < axes.length; i++) {
            // A channels-first layer's input is held in Synapse's layout, which is then already [N, C, ...].
            axes[i] = x.channelsFirst() || channelsFirstLayer(c, c.config()) ? i + 2L : i + 1L;
        }
        String y;
        if (g.opset() >= 18) {
            y = g.node(
                    op,
                    c.name(),
                    List.of(x.name(), g.int64s(c.name() + "/axes", axes)),
                    EncodedAttribute.i("keepdims", keep ? 1 : 0));
        } else {
            y = g.node(
                    op,
                    c.name(),
                    List.of(x.name()),
                    EncodedAttribute.ints("axes", axes),
                    EncodedAttribute.i("keepdims", keep ? 1 : 0));
        }
        return keep ? OnnxLayers.same(x, y) : ExportedValue.of(y, 2, x.elemType());
    }

    /**
     * UpSampling2D: nearest repeats pixels; bilinear samples at half-pixel centres (Keras, PyTorch), or with the
     * corners aligned (PyTorch's {@code align_corners=True}).
     */
    static ExportedValue upSampling(OnnxGraphBuilder g, LayerCall c) {
        Map<String, Object> cfg = c.config();
        int[] size = expand(Configs.getIntArray(cfg, "size"), 2);
        boolean nearest = Configs.getString(cfg, "interpolation", "nearest").equals("nearest");
        ExportedValue x = nchw(g, c, channelsFirstLayer(c, cfg));
        String scales = g.floats(c.name() + "/scales", new float[] {1, 1, size[0], size[1]}, 4);
        String y = nearest
                ? g.node(
                        "Resize",
                        c.name(),
                        List.of(x.name(), "", scales),
                        EncodedAttribute.s("mode", "nearest"),
                        EncodedAttribute.s("coordinate_transformation_mode", "asymmetric"),
                        EncodedAttribute.s("nearest_mode", "floor"))
                : g.node(
                        "Resize",
                        c.name(),
                        List.of(x.name(), "", scales),
                        EncodedAttribute.s("mode", "linear"),
                        EncodedAttribute.s(
                                "coordinate_transformation_mode",
                                Configs.getBoolean(cfg, "align_corners", false) ? "align_corners" : "half_pixel"));
        return OnnxLayers.same(x, y);
    }

    /** ZeroPadding2D: {@code Pad} with zeros, in whatever layout the input is. */
    static ExportedValue zeroPadding(OnnxGraphBuilder g, LayerCall c) {
        int[] e = edges(c, "padding");
        ExportedValue x = c.input();
        int h = x.axis(1);
        int w = x.axis(2);
        long[] pads = new long[8];
        pads[h] = e[0];
        pads[w] = e[2];
        pads[4 + h] = e[1];
        pads[4 + w] = e[3];
        return OnnxLayers.same(x, g.node("Pad", c.name(), List.of(x.name(), g.int64s(c.name() + "/pads", pads))));
    }

    /** Cropping2D: a {@code Slice} of rows and columns, in whatever layout the input is. */
    static ExportedValue cropping(OnnxGraphBuilder g, LayerCall c) {
        int[] e = edges(c, "cropping");
        ExportedValue x = c.input();
        String n = c.name();
        // A negative end counts from the end; no cropping at the end is "to the end".
        long[] ends = {e[1] == 0 ? Long.MAX_VALUE : -e[1], e[3] == 0 ? Long.MAX_VALUE : -e[3]};
        String y = g.node(
                "Slice",
                n,
                List.of(
                        x.name(),
                        g.int64s(n + "/starts", e[0], e[2]),
                        g.int64s(n + "/ends", ends),
                        g.int64s(n + "/axes", x.axis(1), x.axis(2))));
        return OnnxLayers.same(x, y);
    }

    /** Keras's {@code ((top, bottom), (left, right))} as {top, bottom, left, right}. */
    private static int[] edges(LayerCall c, String key) {
        if (!(c.config().get(key) instanceof List<?> rows) || rows.size() != 2) {
            throw c.unsupported("has an unexpected " + key + " " + c.config().get(key));
        }
        int[] a = Configs.toIntArray(rows.get(0));
        int[] b = Configs.toIntArray(rows.get(1));
        return new int[] {a[0], a[1], b[0], b[1]};
    }

    /**
     * A layer's explicit padding ({@code [[before, after], ...]} per spatial axis in its config, PyTorch's {@code
     * padding=}) as ONNX {@code pads}, all starts then all ends; null for Keras's named paddings.
     */
    private static long @Nullable [] explicitPads(LayerCall c, Map<String, Object> cfg, int axes) {
        if (!(cfg.get("padding") instanceof List<?> perAxis)) {
            return null;
        }
        long[] pads = new long[2 * axes];
        if (perAxis.size() != axes) {
            throw c.unsupported(
                    "has explicit padding " + perAxis + " for " + perAxis.size() + " axes, expected " + axes);
        }
        for (int i = 0; i < axes; i++) {
            if (!(perAxis.get(i) instanceof List<?> sides)
                    || sides.size() != 2
                    || !(sides.get(0) instanceof Number before)
                    || !(sides.get(1) instanceof Number after)) {
                throw c.unsupported("has explicit padding " + perAxis + ", expected [before, after] per axis");
            }
            pads[i] = before.longValue();
            pads[i + axes] = after.longValue();
        }
        return pads;
    }

    /**
     * Whether the layer was built with {@code data_format="channels_first"}: its Synapse tensors are then already
     * ONNX's {@code [N, C, ...]}, so it is written natively with no transpose.
     */
    static boolean channelsFirstLayer(LayerCall c, Map<String, Object> cfg) {
        String format = Configs.getString(cfg, "data_format", "channels_last");
        return switch (format) {
            case "channels_last" -> false;
            case "channels_first" -> true;
            default -> throw c.unsupported("uses data_format=\"" + format + "\", which export does not know");
        };
    }

    /**
     * The layer's input as {@code [N, C, ...]}: a channels-last layer's input transposed (once per value), a
     * channels-first layer's input in Synapse's own layout, which is that already.
     */
    private static ExportedValue nchw(OnnxGraphBuilder g, LayerCall c, boolean channelsFirstLayer) {
        return channelsFirstLayer ? g.channelsLast(c.input()) : g.channelsFirst(c.input());
    }

    /** ONNX {@code pads} (all starts, then all ends) for Keras's "valid", "same" or "causal". */
    private static EncodedAttribute pads(LayerCall c, String padding, int[] spatial, int[] window, int[] strides) {
        int n = spatial.length;
        long[] pads = new long[2 * n];
        for (int i = 0; i < n; i++) {
            switch (padding) {
                case "valid" -> {}
                case "causal" -> pads[i] = window[i] - 1L;
                case "same" -> {
                    if (spatial[i] < 0) {
                        throw c.unsupported("uses \"same\" padding on an input of unknown size "
                                + Arrays.toString(c.inputShape())
                                + "; export needs the spatial size to place the padding");
                    }
                    int out = (spatial[i] + strides[i] - 1) / strides[i];
                    long total = Math.max((out - 1L) * strides[i] + window[i] - spatial[i], 0);
                    pads[i] = total / 2;
                    pads[i + n] = total - total / 2;
                }
                default -> throw c.unsupported("uses padding \"" + padding + "\", which export does not know");
            }
        }
        return EncodedAttribute.ints("pads", pads);
    }

    /**
     * Synapse's transposed convolution along one axis ({@code Convolutions.conv2dTranspose}): the output
     * size and the rows cropped before and after, as TensorFlow's {@code conv2d_transpose} places them.
     */
    private static int[] transposed(
            LayerCall c, int in, int k, int stride, int dilation, String padding, int outputPadding) {
        if (in < 0) {
            throw c.unsupported("has an input of unknown spatial size " + Arrays.toString(c.inputShape()));
        }
        int keff = dilation * (k - 1) + 1;
        if (padding.equals("valid")) {
            int size = outputPadding < 0
                    ? in * stride + Math.max(keff - stride, 0)
                    : (in - 1) * stride + keff + outputPadding;
            return new int[] {size, 0, 0};
        }
        int size = outputPadding < 0 ? in * stride : (in - 1) * stride + keff - 2 * (keff / 2) + outputPadding;
        int total = Math.max((in - 1) * stride + keff - size, 0);
        return new int[] {size, total / 2, total - total / 2};
    }

    /** The spatial sizes of a channels-last or channels-first shape (batch and channels left out). */
    private static int[] spatial(int[] shape, boolean channelsFirst) {
        return channelsFirst
                ? Arrays.copyOfRange(shape, 2, shape.length)
                : Arrays.copyOfRange(shape, 1, shape.length - 1);
    }

    private static int[] expand(int[] values, int n) {
        if (values.length == n) {
            return values;
        }
        int[] out = new int[n];
        Arrays.fill(out, values[0]);
        return out;
    }
}
