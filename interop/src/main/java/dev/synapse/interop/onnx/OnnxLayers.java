package dev.synapse.interop.onnx;

import dev.synapse.nn.ActivationFunction;
import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.nn.layers.Activation;
import dev.synapse.nn.layers.Add;
import dev.synapse.nn.layers.Average;
import dev.synapse.nn.layers.BaseConv;
import dev.synapse.nn.layers.BaseRNN;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Bidirectional;
import dev.synapse.nn.layers.Concatenate;
import dev.synapse.nn.layers.Cropping2D;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Divide;
import dev.synapse.nn.layers.Dot;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.nn.layers.Embedding;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.GaussianNoise;
import dev.synapse.nn.layers.GlobalAveragePooling1D;
import dev.synapse.nn.layers.GlobalAveragePooling2D;
import dev.synapse.nn.layers.GlobalMaxPooling1D;
import dev.synapse.nn.layers.GlobalMaxPooling2D;
import dev.synapse.nn.layers.ImageAugmentation;
import dev.synapse.nn.layers.LayerNormalization;
import dev.synapse.nn.layers.LeakyReLU;
import dev.synapse.nn.layers.Maximum;
import dev.synapse.nn.layers.Minimum;
import dev.synapse.nn.layers.Multiply;
import dev.synapse.nn.layers.Permute;
import dev.synapse.nn.layers.ReLU;
import dev.synapse.nn.layers.RepeatVector;
import dev.synapse.nn.layers.Rescaling;
import dev.synapse.nn.layers.Reshape;
import dev.synapse.nn.layers.Softmax;
import dev.synapse.nn.layers.Subtract;
import dev.synapse.nn.layers.TimeDistributed;
import dev.synapse.nn.layers.UpSampling2D;
import dev.synapse.nn.layers.ZeroPadding2D;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Picks each layer's ONNX form and writes the layers that need no convolution layout: dense,
 * activations, normalization, shape changes, merges and embeddings. Training-only layers (dropout,
 * noise, random augmentation) are the identity in inference and write nothing; a layer with no ONNX
 * form is an {@link UnsupportedOperationException} naming it and its type.
 */
final class OnnxLayers {
    private OnnxLayers() {}

    static List<ExportedValue> convert(OnnxGraphBuilder g, LayerCall c) {
        Layer layer = c.layer();
        if (layer instanceof BaseConv) {
            return List.of(OnnxConvLayers.conv(g, c));
        }
        if (layer instanceof BaseRNN) {
            return OnnxRecurrentLayers.convert(g, c);
        }
        if (layer instanceof Bidirectional) {
            return OnnxRecurrentLayers.bidirectional(g, c);
        }
        ExportedValue out = switch (layer) {
            case Dense d -> dense(g, c, d);
            // MatMul applies a Dense to every step of [batch, steps, features] at once.
            case TimeDistributed t
            when t.layer() instanceof Dense d && c.input().rank() == 3 ->
                dense(g, new LayerCall(d, c.inputs(), c.inputShapes()), d);
            case Activation a -> OnnxActivations.apply(g, c, a.activation(), c.input());
            case ReLU r -> relu(g, c);
            case LeakyReLU l ->
                same(
                        c.input(),
                        g.node(
                                "LeakyRelu",
                                c.name(),
                                List.of(c.input().name()),
                                EncodedAttribute.f("alpha", Configs.getDouble(c.config(), "negative_slope"))));
            case Softmax s -> softmax(g, c);
            case Dropout d -> c.input();
            case GaussianNoise n -> c.input();
            case ImageAugmentation a -> c.input();
            case BatchNormalization b -> batchNorm(g, c);
            case LayerNormalization n -> layerNorm(g, c);
            case Flatten f -> flatten(g, c);
            case Reshape r -> reshape(g, c);
            case Permute p -> permute(g, c);
            case Concatenate k -> concatenate(g, c);
            case Add a -> merge(g, c, "Add", true);
            case Subtract s -> merge(g, c, "Sub", true);
            case Multiply m -> merge(g, c, "Mul", true);
            case Average a -> merge(g, c, "Mean", false);
            case Maximum m -> merge(g, c, "Max", false);
            case Minimum m -> merge(g, c, "Min", false);
            case Divide d -> merge(g, c, "Div", true);
            case Rescaling r -> rescaling(g, c, r);
            case Embedding e -> embedding(g, c);
            case Dot d -> dot(g, c);
            case GlobalAveragePooling1D p -> OnnxConvLayers.globalPool(g, c, "ReduceMean");
            case GlobalAveragePooling2D p -> OnnxConvLayers.globalPool(g, c, "ReduceMean");
            case GlobalMaxPooling1D p -> OnnxConvLayers.globalPool(g, c, "ReduceMax");
            case GlobalMaxPooling2D p -> OnnxConvLayers.globalPool(g, c, "ReduceMax");
            case UpSampling2D u -> OnnxConvLayers.upSampling(g, c);
            case ZeroPadding2D z -> OnnxConvLayers.zeroPadding(g, c);
            case Cropping2D k -> OnnxConvLayers.cropping(g, c);
            case RepeatVector r -> repeatVector(g, c);
            default -> OnnxConvLayers.pooling(g, c);
        };
        return List.of(out);
    }

    /** A new value with {@code x}'s rank, type and layout. */
    static ExportedValue same(ExportedValue x, String name) {
        return new ExportedValue(name, x.rank(), x.elemType(), x.channelsFirst());
    }

    /** A weight as float32 ({@code getWeights()} order), for a layer exported with float32 weights. */
    static String weight(OnnxGraphBuilder g, LayerCall c, String weightName, Tensor value) {
        return g.floats(c.name() + "/" + weightName, value.to(DType.FLOAT32));
    }

    private static ExportedValue dense(OnnxGraphBuilder g, LayerCall c, Dense d) {
        ExportedValue x = g.channelsLast(c.input());
        String y = g.node(
                "MatMul",
                c.name() + "/matmul",
                List.of(x.name(), weight(g, c, "kernel", d.kernel().value())));
        if (d.bias() != null) {
            y = g.node(
                    "Add",
                    c.name() + "/bias",
                    List.of(y, weight(g, c, "bias", d.bias().value())));
        }
        return OnnxActivations.apply(g, c, d.activation(), same(x, y));
    }

    /** Keras's {@code ReLU(max_value, negative_slope, threshold)}. */
    private static ExportedValue relu(OnnxGraphBuilder g, LayerCall c) {
        Map<String, Object> cfg = c.config();
        double slope = Configs.getDouble(cfg, "negative_slope", 0.0);
        double threshold = Configs.getDouble(cfg, "threshold", 0.0);
        Object max = cfg.get("max_value");
        ExportedValue x = c.input();
        String n = c.name();
        String y;
        if (threshold == 0.0) {
            y = slope == 0.0
                    ? g.node("Relu", n, List.of(x.name()))
                    : g.node("LeakyRelu", n, List.of(x.name()), EncodedAttribute.f("alpha", slope));
        } else {
            // x >= threshold ? x : slope * (x - threshold)
            String t = g.scalar(n + "/threshold", threshold);
            String below = g.node(
                    "Mul",
                    n + "/below",
                    List.of(g.node("Sub", n + "/shifted", List.of(x.name(), t)), g.scalar(n + "/slope", slope)));
            String keep = g.node("GreaterOrEqual", n + "/keep", List.of(x.name(), t));
            y = g.node("Where", n, List.of(keep, x.name(), below));
        }
        if (max != null) {
            double m = ((Number) max).doubleValue();
            y = g.node("Min", n + "/max_value", List.of(y, g.scalar(n + "/max", m)));
        }
        return same(x, y);
    }

    private static ExportedValue softmax(OnnxGraphBuilder g, LayerCall c) {
        ExportedValue x = g.channelsLast(c.input());
        Object axisValue = c.config().get("axis");
        if (!(axisValue instanceof Number num)) {
            throw c.unsupported("normalizes over the axes " + axisValue + "; export writes a softmax over one axis");
        }
        int axis = num.intValue();
        return same(x, g.node("Softmax", c.name(), List.of(x.name()), EncodedAttribute.i("axis", axis)));
    }

    /**
     * Inference batch normalization with the moving statistics over the channel axis: the last one (Keras), or axis
     * 1 of a channels-first port ({@code nn.BatchNorm2d}), which is ONNX's own layout and needs no transpose.
     */
    private static ExportedValue batchNorm(OnnxGraphBuilder g, LayerCall c) {
        Map<String, Object> cfg = c.config();
        ExportedValue x = c.input();
        int rank = x.rank();
        int given = Configs.getInt(cfg, "axis", -1);
        int axis = given < 0 ? given + rank : given;
        if (axis == rank - 1) {
            if (rank >= 3) {
                x = g.channelsFirst(x);
            }
        } else if (axis == 1) {
            x = g.channelsLast(x);
        } else {
            throw c.unsupported("normalizes axis " + given + " of a rank-" + rank
                    + " input; ONNX export writes the channel axis only (the last one, or 1 for channels-first)");
        }
        Layer l = c.layer();
        int channels = c.inputShape()[axis];
        String scale = !Configs.getBoolean(cfg, "scale", true)
                ? g.floats(c.name() + "/gamma", ones(channels), channels)
                : weight(g, c, "gamma", l.weight("gamma").value());
        String bias = !Configs.getBoolean(cfg, "center", true)
                ? g.floats(c.name() + "/beta", new float[channels], channels)
                : weight(g, c, "beta", l.weight("beta").value());
        String y = g.node(
                "BatchNormalization",
                c.name(),
                List.of(
                        x.name(),
                        scale,
                        bias,
                        weight(g, c, "moving_mean", l.weight("moving_mean").value()),
                        weight(
                                g,
                                c,
                                "moving_variance",
                                l.weight("moving_variance").value())),
                EncodedAttribute.f("epsilon", Configs.getDouble(cfg, "epsilon")));
        return same(x, y);
    }

    private static ExportedValue layerNorm(OnnxGraphBuilder g, LayerCall c) {
        Map<String, Object> cfg = c.config();
        ExportedValue x = g.channelsLast(c.input());
        Layer l = c.layer();
        int n = c.inputShape()[c.inputShape().length - 1];
        String scale = !Configs.getBoolean(cfg, "scale", true)
                ? g.floats(c.name() + "/gamma", ones(n), n)
                : weight(g, c, "gamma", l.weight("gamma").value());
        String bias = !Configs.getBoolean(cfg, "center", true)
                ? g.floats(c.name() + "/beta", new float[n], n)
                : weight(g, c, "beta", l.weight("beta").value());
        String y = g.node(
                "LayerNormalization",
                c.name(),
                List.of(x.name(), scale, bias),
                EncodedAttribute.i("axis", -1),
                EncodedAttribute.f("epsilon", Configs.getDouble(cfg, "epsilon")));
        return same(x, y);
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
    }

    /** Flatten in Synapse's (channels-last, row-major) order. */
    private static ExportedValue flatten(OnnxGraphBuilder g, LayerCall c) {
        ExportedValue x = g.channelsLast(c.input());
        return ExportedValue.of(
                g.node("Flatten", c.name(), List.of(x.name()), EncodedAttribute.i("axis", 1)), 2, x.elemType());
    }

    private static ExportedValue reshape(OnnxGraphBuilder g, LayerCall c) {
        ExportedValue x = g.channelsLast(c.input());
        int[] target = Configs.getIntArray(c.config(), "target_shape");
        long[] shape = new long[target.length + 1];
        for (int k = 0; k < target.length; k++) {
            shape[k + 1] = target[k];
        }
        // 0 copies the batch dimension, whatever its size.
        String s = g.int64s(c.name() + "/shape", shape);
        return ExportedValue.of(g.node("Reshape", c.name(), List.of(x.name(), s)), shape.length, x.elemType());
    }

    private static ExportedValue permute(OnnxGraphBuilder g, LayerCall c) {
        ExportedValue x = g.channelsLast(c.input());
        int[] dims = Configs.getIntArray(c.config(), "dims");
        long[] perm = new long[dims.length + 1];
        for (int k = 0; k < dims.length; k++) {
            perm[k + 1] = dims[k];
        }
        return same(x, g.node("Transpose", c.name(), List.of(x.name()), EncodedAttribute.ints("perm", perm)));
    }

    /** The inputs in one layout: channels-first when all are, else channels-last. */
    private static List<ExportedValue> oneLayout(OnnxGraphBuilder g, LayerCall c) {
        boolean allFirst = c.inputs().stream().allMatch(ExportedValue::channelsFirst);
        List<ExportedValue> out = new ArrayList<>();
        for (ExportedValue v : c.inputs()) {
            out.add(allFirst ? v : g.channelsLast(v));
        }
        return out;
    }

    private static ExportedValue concatenate(OnnxGraphBuilder g, LayerCall c) {
        List<ExportedValue> ins = oneLayout(g, c);
        ExportedValue first = ins.get(0);
        int axis = Configs.getInt(c.config(), "axis", -1);
        if (axis < 0) {
            axis += first.rank();
        }
        List<String> names = ins.stream().map(ExportedValue::name).toList();
        return same(first, g.node("Concat", c.name(), names, EncodedAttribute.i("axis", first.axis(axis))));
    }

    /** An elementwise merge; binary ONNX ops are chained, variadic ones take all inputs. */
    private static ExportedValue merge(OnnxGraphBuilder g, LayerCall c, String op, boolean binary) {
        List<ExportedValue> ins = oneLayout(g, c);
        ExportedValue first = ins.get(0);
        if (!binary) {
            return same(
                    first,
                    g.node(op, c.name(), ins.stream().map(ExportedValue::name).toList()));
        }
        String acc = first.name();
        for (int k = 1; k < ins.size(); k++) {
            acc = g.node(op, c.name(), List.of(acc, ins.get(k).name()));
        }
        return same(first, acc);
    }

    /** {@code x * scale + offset} as Mul and Add with constants shaped for Synapse's layout of the input. */
    private static ExportedValue rescaling(OnnxGraphBuilder g, LayerCall c, Rescaling r) {
        ExportedValue x = g.channelsLast(c.input());
        String n = c.name();
        String y = x.name();
        double[] scale = r.scale();
        if (r.scaleShape().length > 0 || scale[0] != 1.0) {
            y = g.node("Mul", n + "/scale", List.of(y, constant(g, n + "/scale_value", scale, r.scaleShape())));
        }
        double[] offset = r.offset();
        if (r.offsetShape().length > 0 || offset[0] != 0.0) {
            y = g.node("Add", n + "/offset", List.of(y, constant(g, n + "/offset_value", offset, r.offsetShape())));
        }
        return same(x, y.equals(x.name()) ? g.node("Identity", n, List.of(y)) : y);
    }

    private static String constant(OnnxGraphBuilder g, String hint, double[] values, int[] shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return g.floats(hint, f, Arrays.stream(shape).asLongStream().toArray());
    }

    /**
     * Keras's {@code Dot}: for rank 2 the per-sample dot product ({@code Mul}, {@code ReduceSum} keeping the axis),
     * for rank 3 a batched {@code MatMul} with each input transposed so that its dotted axis meets the other's;
     * with {@code normalize} each input is first divided by its L2 norm along its axis (at least 1e-6, as the
     * layer's squared norm of at least 1e-12).
     */
    private static ExportedValue dot(OnnxGraphBuilder g, LayerCall c) {
        ExportedValue x = g.channelsLast(c.inputs().get(0));
        ExportedValue y = g.channelsLast(c.inputs().get(1));
        int rank = x.rank();
        int[] axes = Configs.getIntArray(c.config(), "axes");
        int a = axes[0] < 0 ? axes[0] + rank : axes[0];
        int b = axes.length > 1 ? (axes[1] < 0 ? axes[1] + rank : axes[1]) : a;
        String n = c.name();
        String xs = x.name();
        String ys = y.name();
        if (Configs.getBoolean(c.config(), "normalize", false)) {
            xs = l2Normalized(g, n + "/x", xs, a);
            ys = l2Normalized(g, n + "/y", ys, b);
        }
        String out;
        if (rank == 2) {
            out = reduceSum(g, n, g.node("Mul", n + "/products", List.of(xs, ys)), 1);
        } else {
            if (a != 2) {
                xs = g.node("Transpose", n + "/x_t", List.of(xs), EncodedAttribute.ints("perm", 0, 2, 1));
            }
            if (b != 1) {
                ys = g.node("Transpose", n + "/y_t", List.of(ys), EncodedAttribute.ints("perm", 0, 2, 1));
            }
            out = g.node("MatMul", n, List.of(xs, ys));
        }
        return ExportedValue.of(out, rank, OnnxGraphBuilder.FLOAT);
    }

    /** {@code x / sqrt(max(sum(x^2, axis), 1e-12))}. */
    private static String l2Normalized(OnnxGraphBuilder g, String n, String x, int axis) {
        String squares = g.node("Mul", n + "/squares", List.of(x, x));
        String sum = reduceSum(g, n + "/sum", squares, axis);
        String floor = g.node("Max", n + "/floor", List.of(sum, g.scalar(n + "/eps", 1e-12)));
        return g.node("Div", n + "/normalized", List.of(x, g.node("Sqrt", n + "/norm", List.of(floor))));
    }

    /** {@code ReduceSum} over one axis, kept (its axes an input from opset 13, an attribute before). */
    private static String reduceSum(OnnxGraphBuilder g, String n, String x, int axis) {
        if (g.opset() >= 13) {
            return g.node("ReduceSum", n, List.of(x, g.int64s(n + "/axes", axis)), EncodedAttribute.i("keepdims", 1));
        }
        return g.node(
                "ReduceSum",
                n,
                List.of(x),
                EncodedAttribute.ints("axes", new long[] {axis}),
                EncodedAttribute.i("keepdims", 1));
    }

    /** {@code [batch, features]} to {@code [batch, n, features]}. */
    private static ExportedValue repeatVector(OnnxGraphBuilder g, LayerCall c) {
        ExportedValue x = c.input();
        String n = c.name();
        String column = g.node("Unsqueeze", n + "/column", List.of(x.name(), g.int64s(n + "/axis1", 1)));
        long times = Configs.getInt(c.config(), "n");
        return ExportedValue.of(
                g.node("Tile", n, List.of(column, g.int64s(n + "/repeats", 1, times, 1))), 3, x.elemType());
    }

    private static ExportedValue embedding(OnnxGraphBuilder g, LayerCall c) {
        ExportedValue x = c.input();
        String indices = x.name();
        if (x.elemType() != OnnxGraphBuilder.INT32 && x.elemType() != OnnxGraphBuilder.INT64) {
            indices = g.node(
                    "Cast", c.name() + "/indices", List.of(indices), EncodedAttribute.i("to", OnnxGraphBuilder.INT64));
        }
        String table = weight(g, c, "embeddings", c.layer().weight("embeddings").value());
        return new ExportedValue(
                g.node("Gather", c.name(), List.of(table, indices), EncodedAttribute.i("axis", 0)),
                x.rank() + 1,
                OnnxGraphBuilder.FLOAT,
                false);
    }

    /** The activation named in a layer's config. */
    static ActivationFunction activation(LayerCall c) {
        return ActivationFunction.of(Configs.getString(c.config(), "activation", "linear"));
    }
}
