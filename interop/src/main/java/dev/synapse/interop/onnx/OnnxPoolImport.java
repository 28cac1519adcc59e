package dev.synapse.interop.onnx;

import dev.synapse.interop.onnx.OnnxImportContext.Unsupported;
import dev.synapse.interop.onnx.OnnxValue.Layout;
import dev.synapse.nn.Layer;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.AveragePooling1D;
import dev.synapse.nn.layers.AveragePooling2D;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.GlobalAveragePooling1D;
import dev.synapse.nn.layers.GlobalAveragePooling2D;
import dev.synapse.nn.layers.GlobalMaxPooling1D;
import dev.synapse.nn.layers.GlobalMaxPooling2D;
import dev.synapse.nn.layers.MaxPooling1D;
import dev.synapse.nn.layers.MaxPooling2D;
import dev.synapse.ops.Convolutions.Padding;
import java.util.Arrays;
import java.util.Map;

/**
 * MaxPool, AveragePool and the global pools become Synapse's channels-last pooling layers;
 * BatchNormalization becomes {@code BatchNormalization} with the file's statistics.
 */
final class OnnxPoolImport {
    private OnnxPoolImport() {}

    static void register(Map<String, OnnxOpImport> ops) {
        ops.put("MaxPool", (n, ctx) -> pool(n, ctx, true));
        ops.put("AveragePool", (n, ctx) -> pool(n, ctx, false));
        ops.put("GlobalAveragePool", (n, ctx) -> global(n, ctx, false));
        ops.put("GlobalMaxPool", (n, ctx) -> global(n, ctx, true));
        ops.put("ReduceMean", (n, ctx) -> reduce(n, ctx, false));
        ops.put("ReduceMax", (n, ctx) -> reduce(n, ctx, true));
        ops.put("BatchNormalization", OnnxPoolImport::batchNorm);
    }

    private static void pool(OnnxNode n, OnnxImportContext ctx, boolean max) throws Unsupported {
        SymbolicTensor x = ctx.as(ctx.sym(n, 0), Layout.CHANNELS_LAST);
        int r = x.rank() - 2;
        long[] ks = n.intsAttr("kernel_shape");
        if ((r != 1 && r != 2) || ks == null) {
            throw new Unsupported(
                    "only 1-D and 2-D pooling with a kernel_shape is imported, got input rank " + x.rank());
        }
        int[] kernel = OnnxImportContext.positiveInts(n, "kernel_shape", r);
        int[] strides = OnnxImportContext.positiveInts(n, "strides", r);
        int[] dilations = OnnxImportContext.positiveInts(n, "dilations", r);
        for (int d : dilations) {
            if (d != 1) {
                throw new Unsupported("dilations " + Arrays.toString(dilations) + " are not supported on pooling");
            }
        }
        if (n.intAttr("storage_order", 0) != 0
                || (n.outputs().size() > 1 && ctx.isUsed(n.outputs().get(1)))) {
            throw new Unsupported("the indices output of MaxPool is not supported");
        }
        int[] sizes = OnnxPads.spatial(x.shape());
        int[] pads = OnnxPads.read(n, kernel, strides, dilations, sizes);
        // ceil_mode rounds output sizes up (PyTorch's ceil_mode=True), which the layers' withCeilMode does.
        boolean ceil = n.intAttr("ceil_mode", 0) != 0 && !ceilChangesNothing(sizes, kernel, strides, pads);
        boolean includePad = n.intAttr("count_include_pad", 0) != 0;
        Padding padding;
        if (OnnxPads.isValid(pads)) {
            padding = Padding.VALID;
        } else if (!ceil && (max || !includePad) && OnnxPads.isSame(pads, kernel, strides, dilations, sizes)) {
            padding = Padding.SAME;
        } else {
            // ONNX lists the starts of every axis, then the ends: [x1_begin, x2_begin, x1_end, x2_end]. Max pooling
            // pads with -inf; average pooling counts the pads in the divisor as count_include_pad says.
            padding = r == 2
                    ? Padding.explicit(pads[0], pads[2], pads[1], pads[3])
                    : Padding.explicit1d(pads[0], pads[1]);
        }
        Layer layer = r == 2
                ? (max
                                ? new MaxPooling2D(kernel, strides, padding)
                                : new AveragePooling2D(kernel, strides, padding, includePad))
                        .withCeilMode(ceil)
                : (max
                                ? new MaxPooling1D(kernel[0], strides[0], padding)
                                : new AveragePooling1D(kernel[0], strides[0], padding, includePad))
                        .withCeilMode(ceil);
        ctx.putSym(n, 0, layer.apply(x), Layout.CHANNELS_LAST);
    }

    private static boolean ceilChangesNothing(int[] sizes, int[] kernel, int[] strides, int[] pads) {
        for (int i = 0; i < sizes.length; i++) {
            int span = sizes[i] + pads[i] + pads[i + sizes.length] - kernel[i];
            if (sizes[i] < 0 || span % strides[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void global(OnnxNode n, OnnxImportContext ctx, boolean max) throws Unsupported {
        SymbolicTensor x = ctx.as(ctx.sym(n, 0), Layout.CHANNELS_LAST);
        // keepdims: ONNX keeps [N, C, 1, 1], which channels-last holds as [N, 1, 1, C].
        Layer layer = switch (x.rank()) {
            case 4 -> max ? new GlobalMaxPooling2D(true) : new GlobalAveragePooling2D(true);
            case 3 -> max ? new GlobalMaxPooling1D(true) : new GlobalAveragePooling1D(true);
            default -> throw new Unsupported("only 1-D and 2-D global pooling is imported, got rank " + x.rank());
        };
        ctx.putSym(n, 0, layer.apply(x), Layout.CHANNELS_LAST);
    }

    /** {@code x.mean((2, 3))} or {@code torch.amax(x, (2, 3))} over every spatial axis: a global pool. */
    private static void reduce(OnnxNode n, OnnxImportContext ctx, boolean max) throws Unsupported {
        OnnxValue.Sym v = ctx.sym(n, 0);
        int rank = v.tensor().rank();
        long[] axes =
                n.input(1).isEmpty() ? n.intsAttr("axes") : ctx.constant(n, 1).longs();
        long[] spatial = new long[Math.max(rank - 2, 0)];
        for (int i = 0; i < spatial.length; i++) {
            spatial[i] = i + 2L;
        }
        long[] given = axes == null ? new long[0] : axes.clone();
        for (int i = 0; i < given.length; i++) {
            given[i] = given[i] < 0 ? given[i] + rank : given[i];
        }
        Arrays.sort(given);
        if ((rank != 3 && rank != 4) || !Arrays.equals(given, spatial)) {
            throw new Unsupported("only a reduction over every spatial axis of [N, C, ...] (a global pool) is"
                    + " imported, got axes " + (axes == null ? "(all)" : Arrays.toString(axes)) + " of rank " + rank);
        }
        boolean keep = n.intAttr("keepdims", 1) != 0;
        SymbolicTensor x = ctx.as(v, Layout.CHANNELS_LAST);
        Layer layer = rank == 4
                ? (max ? new GlobalMaxPooling2D(keep) : new GlobalAveragePooling2D(keep))
                : (max ? new GlobalMaxPooling1D(keep) : new GlobalAveragePooling1D(keep));
        ctx.putSym(n, 0, layer.apply(x), keep ? Layout.CHANNELS_LAST : Layout.SAME);
    }

    private static void batchNorm(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        OnnxValue.Sym v = ctx.sym(n, 0);
        if (n.intAttr("training_mode", 0) != 0 || n.outputs().size() > 1) {
            throw new Unsupported("only inference-mode BatchNormalization (training_mode=0) is imported");
        }
        boolean spatial = v.tensor().rank() > 2;
        SymbolicTensor x = spatial ? ctx.as(v, Layout.CHANNELS_LAST) : ctx.as(v, Layout.SAME);
        int channels = x.dim(x.rank() - 1);
        OnnxTensor[] stats = new OnnxTensor[4];
        for (int i = 0; i < 4; i++) {
            stats[i] = ctx.constant(n, i + 1);
            if (stats[i].size() != channels) {
                throw new Unsupported("input " + (i + 1) + " '" + stats[i].name() + "' has " + stats[i].size()
                        + " values for " + channels + " channels");
            }
        }
        double epsilon = n.floatAttr("epsilon", 1e-5f);
        // ONNX's momentum weighs the running value, as Keras's does (PyTorch's is one minus it).
        double momentum = n.floatAttr("momentum", 0.9f);
        BatchNormalization layer = new BatchNormalization(-1, momentum, epsilon, true, true);
        SymbolicTensor y = layer.apply(x);
        String[] names = {"gamma", "beta", "moving_mean", "moving_variance"};
        for (int i = 0; i < 4; i++) {
            layer.weight(names[i]).assign(OnnxImportContext.tensor(stats[i]).reshape(channels));
        }
        ctx.putSym(n, 0, y, spatial ? Layout.CHANNELS_LAST : Layout.SAME);
    }
}
