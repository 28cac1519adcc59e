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
 * MaxPool, AveragePool and the global pools become Synapse's pooling layers, channels-first on a value in
 * ONNX's layout and channels-last on one already so; BatchNormalization becomes {@code BatchNormalization}
 * over that channel axis with the file's statistics.
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
        OnnxImportContext.Spatial in = ctx.spatial(ctx.sym(n, 0));
        SymbolicTensor x = in.tensor();
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
        int[] sizes = in.sizes();
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
                        .withDataFormat(in.dataFormat())
                : (max
                                ? new MaxPooling1D(kernel[0], strides[0], padding)
                                : new AveragePooling1D(kernel[0], strides[0], padding, includePad))
                        .withCeilMode(ceil)
                        .withDataFormat(in.dataFormat());
        ctx.putSym(n, 0, layer.apply(x), in.layout());
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
        OnnxImportContext.Spatial in = ctx.spatial(ctx.sym(n, 0));
        SymbolicTensor x = in.tensor();
        // keepdims: ONNX keeps [N, C, 1, 1], which channels-last holds as [N, 1, 1, C].
        if (x.rank() != 3 && x.rank() != 4) {
            throw new Unsupported("only 1-D and 2-D global pooling is imported, got rank " + x.rank());
        }
        ctx.putSym(n, 0, globalPool(x.rank(), max, true, in.dataFormat()).apply(x), in.layout());
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
        OnnxImportContext.Spatial in = ctx.spatial(v);
        Layer layer = globalPool(rank, max, keep, in.dataFormat());
        ctx.putSym(n, 0, layer.apply(in.tensor()), keep ? in.layout() : Layout.SAME);
    }

    /** A global pool of a rank-4 (or else rank-3) input in {@code format}. */
    private static Layer globalPool(int rank, boolean max, boolean keep, String format) {
        if (rank == 4) {
            return max
                    ? new GlobalMaxPooling2D(keep).withDataFormat(format)
                    : new GlobalAveragePooling2D(keep).withDataFormat(format);
        }
        return max
                ? new GlobalMaxPooling1D(keep).withDataFormat(format)
                : new GlobalAveragePooling1D(keep).withDataFormat(format);
    }

    private static void batchNorm(OnnxNode n, OnnxImportContext ctx) throws Unsupported {
        OnnxValue.Sym v = ctx.sym(n, 0);
        if (n.intAttr("training_mode", 0) != 0 || n.outputs().size() > 1) {
            throw new Unsupported("only inference-mode BatchNormalization (training_mode=0) is imported");
        }
        boolean spatial = v.tensor().rank() > 2;
        OnnxImportContext.Spatial in =
                spatial ? ctx.spatial(v) : new OnnxImportContext.Spatial(ctx.as(v, Layout.SAME), true);
        SymbolicTensor x = in.tensor();
        int channels = in.channels();
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
        // Axis 1 is the channels of [N, C, ...] (BatchNorm2d's) and of [N, C]; -1 those of a channels-last value.
        BatchNormalization layer = new BatchNormalization(in.channelsFirst() ? 1 : -1, momentum, epsilon, true, true);
        SymbolicTensor y = layer.apply(x);
        String[] names = {"gamma", "beta", "moving_mean", "moving_variance"};
        for (int i = 0; i < 4; i++) {
            layer.weight(names[i]).assign(OnnxImportContext.tensor(stats[i]).reshape(channels));
        }
        ctx.putSym(n, 0, y, in.layout());
    }
}
