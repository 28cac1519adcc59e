package dev.synapse.interop.onnx;

import static dev.synapse.interop.onnx.OrtCheck.check;
import static dev.synapse.interop.onnx.OrtCheck.input;
import static dev.synapse.interop.onnx.OrtCheck.randomized;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.nn.Input;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.AveragePooling1D;
import dev.synapse.nn.layers.AveragePooling2D;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Conv1D;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Conv2DTranspose;
import dev.synapse.nn.layers.Cropping2D;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.GlobalAveragePooling1D;
import dev.synapse.nn.layers.GlobalAveragePooling2D;
import dev.synapse.nn.layers.GlobalMaxPooling1D;
import dev.synapse.nn.layers.GlobalMaxPooling2D;
import dev.synapse.nn.layers.MaxPooling1D;
import dev.synapse.nn.layers.MaxPooling2D;
import dev.synapse.nn.layers.Permute;
import dev.synapse.nn.layers.UpSampling2D;
import dev.synapse.nn.layers.ZeroPadding2D;
import dev.synapse.ops.Convolutions.Padding;
import org.junit.jupiter.api.Test;

class OnnxConvLayersTest {
    private static long seed = 100;

    /** One layer on a {@code shape} input (batch 2), with random weights. */
    private static void one(String label, Layer layer, int... shape) {
        int[] batched = new int[shape.length + 1];
        batched[0] = 2;
        System.arraycopy(shape, 0, batched, 1, shape.length);
        check(label, randomized(new Sequential(Input.of(shape), layer), seed++), input(seed++, batched));
    }

    @Test
    void conv2dPaddingsStridesDilationsGroups() {
        // Odd and even sizes with stride 2 put "same"'s odd pixel at the end, as TensorFlow does.
        one("Conv2D valid", new Conv2D(4, 3), 6, 7, 3);
        one("Conv2D same", Conv2D.builder(4, 3).padding("same").build(), 6, 7, 3);
        one(
                "Conv2D same, stride 2, odd size",
                Conv2D.builder(4, 3).padding("same").strides(2).build(),
                7,
                7,
                3);
        one(
                "Conv2D same, stride 2, even size",
                Conv2D.builder(4, 4).padding("same").strides(2).build(),
                8,
                6,
                3);
        one(
                "Conv2D same, 2x4 kernel, strides 3x2",
                Conv2D.builder(4, 2, 4).padding("same").strides(3, 2).build(),
                8,
                9,
                3);
        one(
                "Conv2D dilation 2",
                Conv2D.builder(4, 3)
                        .dilation(2)
                        .padding("same")
                        .activation("relu")
                        .build(),
                7,
                8,
                3);
        one("Conv2D groups 2", Conv2D.builder(4, 3).groups(2).build(), 6, 6, 4);
        one("Conv2D without bias", Conv2D.builder(5, 1).useBias(false).build(), 3, 3, 2);
    }

    @Test
    void conv1dPaddings() {
        one("Conv1D valid", new Conv1D(4, 3), 9, 3);
        one(
                "Conv1D same, stride 2",
                Conv1D.builder(4, 4).padding("same").strides(2).build(),
                9,
                3);
        one(
                "Conv1D causal, dilation 2",
                Conv1D.builder(4, 3).padding("causal").dilation(2).build(),
                9,
                3);
        one("Conv1D groups 3", Conv1D.builder(6, 2).groups(3).build(), 9, 3);
    }

    @Test
    void conv2dTranspose() {
        one("Conv2DTranspose valid", new Conv2DTranspose(3, 3), 4, 5, 2);
        one(
                "Conv2DTranspose valid, stride 3 > kernel",
                Conv2DTranspose.builder(3, 2).strides(3).build(),
                4,
                5,
                2);
        one(
                "Conv2DTranspose same, stride 2",
                Conv2DTranspose.builder(3, 5).strides(2).padding("same").build(),
                4,
                5,
                2);
        one(
                "Conv2DTranspose same, stride 2, even kernel",
                Conv2DTranspose.builder(3, 4).strides(2).padding("same").build(),
                4,
                5,
                2);
        one(
                "Conv2DTranspose same, output padding 1",
                Conv2DTranspose.builder(3, 3)
                        .strides(2)
                        .padding("same")
                        .outputPadding(1)
                        .build(),
                4,
                5,
                2);
        one(
                "Conv2DTranspose valid, dilation 2, groups 2",
                Conv2DTranspose.builder(4, 3).dilation(2).groups(2).build(),
                4,
                4,
                4);
    }

    @Test
    void pooling() {
        one("MaxPooling2D", new MaxPooling2D(), 6, 7, 3);
        one("MaxPooling2D same, stride 2", new MaxPooling2D(new int[] {3, 3}, new int[] {2, 2}, "same"), 7, 6, 3);
        // "same" average pooling leaves padded positions out of the divisor (Keras).
        one("AveragePooling2D same", new AveragePooling2D(new int[] {3, 2}, new int[] {2, 2}, "same"), 7, 5, 3);
        one("AveragePooling2D", new AveragePooling2D(2), 6, 6, 3);
        one("MaxPooling1D same", new MaxPooling1D(3, 2, "same"), 8, 3);
        one("AveragePooling1D same", new AveragePooling1D(2, 2, "same"), 7, 3);
        one("GlobalAveragePooling2D", new GlobalAveragePooling2D(), 4, 5, 3);
        one("GlobalMaxPooling2D keepdims", new GlobalMaxPooling2D(true), 4, 5, 3);
        one("GlobalAveragePooling1D keepdims", new GlobalAveragePooling1D(true), 6, 3);
        one("GlobalMaxPooling1D", new GlobalMaxPooling1D(), 6, 3);
        check(
                "Conv2D then GlobalAveragePooling2D at opset 18",
                randomized(new Sequential(Input.of(5, 5, 2), new Conv2D(3, 3), new GlobalAveragePooling2D()), seed++),
                java.util.List.of(input(seed++, 2, 5, 5, 2)),
                OnnxExportOptions.defaults().withOpset(18),
                OrtCheck.TOLERANCE);
    }

    @Test
    void explicitPaddingAsPyTorchs() {
        one("Conv2D padding (1, 2)", Conv2D.builder(4, 3).padding(1, 2).build(), 6, 7, 3);
        one(
                "Conv2D asymmetric padding, stride 2",
                Conv2D.builder(4, 3)
                        .padding(new int[][] {{0, 1}, {2, 1}})
                        .strides(2)
                        .build(),
                6,
                7,
                3);
        one("Conv1D padding 2", Conv1D.builder(4, 3).padding(2).build(), 9, 3);
        one(
                "Conv2DTranspose padding 2, output padding 1",
                Conv2DTranspose.builder(3, 5)
                        .strides(2)
                        .padding(2)
                        .outputPadding(1)
                        .build(),
                4,
                5,
                2);
        var explicit = dev.synapse.ops.Convolutions.Padding.explicit(1);
        // Inputs from a normal draw: max pooling's -inf padding never wins, a zero padding would on negatives.
        one("MaxPooling2D padding 1", new MaxPooling2D(new int[] {3, 3}, new int[] {2, 2}, explicit), 7, 6, 3);
        one(
                "AveragePooling2D padding 1, count_include_pad",
                new AveragePooling2D(new int[] {3, 3}, new int[] {2, 2}, explicit, true),
                7,
                6,
                3);
        one(
                "AveragePooling2D padding 1, pads not counted",
                new AveragePooling2D(new int[] {3, 3}, new int[] {2, 2}, explicit, false),
                7,
                6,
                3);
        one(
                "MaxPooling1D padding (1, 0)",
                new MaxPooling1D(2, 2, dev.synapse.ops.Convolutions.Padding.explicit1d(1, 0)),
                7,
                3);
    }

    /** The number of {@code Transpose} nodes in {@code model}'s export. */
    private static long transposes(Sequential model) throws java.io.IOException {
        OnnxGraph graph = OnnxReader.read(Onnx.toBytes(model, OnnxExportOptions.defaults()), "export");
        return graph.nodes().stream()
                .filter(n -> n.opType().equals("Transpose"))
                .count();
    }

    @Test
    void channelsFirstLayersAreWrittenNativelyWithoutTransposes() throws java.io.IOException {
        // A PyTorch port in N, C, H, W is ONNX's own layout: nothing is transposed, in or out.
        Sequential image = randomized(
                new Sequential(
                        Input.of(2, 7, 6),
                        Conv2D.builder(4, 3)
                                .padding("same")
                                .strides(2)
                                .dataFormat("channels_first")
                                .build(),
                        new BatchNormalization(1, 0.9, 1e-5, true, true),
                        new MaxPooling2D(new int[] {2}, new int[] {1}, Padding.explicit(1))
                                .withDataFormat("channels_first"),
                        new UpSampling2D(new int[] {2, 3}, "bilinear").withDataFormat("channels_first"),
                        Conv2DTranspose.builder(3, 3)
                                .strides(2)
                                .dataFormat("channels_first")
                                .build(),
                        new AveragePooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1), true)
                                .withDataFormat("channels_first"),
                        Conv2D.builder(2, 3)
                                .padding(1, 0)
                                .dataFormat("channels_first")
                                .build(),
                        new Flatten(),
                        new Dense(3)),
                seed++);
        check("channels-first image port", image, input(seed++, 2, 2, 7, 6));
        assertEquals(0, transposes(image));

        Sequential sequence = randomized(
                new Sequential(
                        Input.of(3, 9),
                        Conv1D.builder(4, 3)
                                .padding(1)
                                .dataFormat("channels_first")
                                .build(),
                        new BatchNormalization(1, 0.9, 1e-5, true, true),
                        new MaxPooling1D(2).withDataFormat("channels_first"),
                        new AveragePooling1D(2, 1, Padding.explicit1d(0, 1), false).withDataFormat("channels_first"),
                        new GlobalMaxPooling1D(true).withDataFormat("channels_first"),
                        new Flatten()),
                seed++);
        check("channels-first sequence port", sequence, input(seed++, 2, 3, 9));
        assertEquals(0, transposes(sequence));

        Sequential pooled = randomized(
                new Sequential(
                        Input.of(3, 5, 4),
                        Conv2D.builder(4, 3).dataFormat("channels_first").build(),
                        new GlobalAveragePooling2D().withDataFormat("channels_first")),
                seed++);
        check("channels-first global pooling", pooled, input(seed++, 2, 3, 5, 4));
        assertEquals(0, transposes(pooled));
    }

    @Test
    void channelsLastLayersBetweenChannelsFirstOnesKeepTheirTransposes() {
        // The channels-last convolution's input is transposed to NCHW and its output back, as in any Keras model.
        Sequential mixed = randomized(
                new Sequential(
                        Input.of(2, 6, 6),
                        Conv2D.builder(3, 3).dataFormat("channels_first").build(),
                        new Permute(2, 3, 1),
                        new Conv2D(4, 1),
                        new Permute(3, 1, 2),
                        new MaxPooling2D(2).withDataFormat("channels_first")),
                seed++);
        check("channels-first around channels-last", mixed, input(seed++, 2, 2, 6, 6));
    }

    @Test
    void ceilModePoolingAsPyTorchs() {
        one(
                "MaxPooling2D ceil mode",
                new MaxPooling2D(new int[] {3}, new int[] {2}, "valid").withCeilMode(true),
                6,
                5,
                3);
        one(
                "AveragePooling2D ceil mode, padding 1 counted",
                new AveragePooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1), true).withCeilMode(true),
                6,
                5,
                3);
        one(
                "AveragePooling2D ceil mode, padding not counted, channels-first",
                new AveragePooling2D(new int[] {2}, new int[] {2}, Padding.explicit(1), false)
                        .withCeilMode(true)
                        .withDataFormat("channels_first"),
                3,
                6,
                5);
        one("MaxPooling1D ceil mode", new MaxPooling1D(2).withCeilMode(true), 5, 3);
        one(
                "AveragePooling1D ceil mode",
                new AveragePooling1D(4, 2, Padding.explicit1d(1, 1), true).withCeilMode(true),
                5,
                3);
    }

    @Test
    void zeroPaddingAndCropping() {
        one("ZeroPadding2D", new ZeroPadding2D(1, 2, 0, 3), 3, 4, 2);
        one("Cropping2D", new Cropping2D(1, 0, 2, 1), 5, 6, 2);
        check(
                "Conv2D, ZeroPadding2D, Cropping2D, Conv2D (channels-first between)",
                randomized(
                        new Sequential(
                                Input.of(6, 6, 2),
                                new Conv2D(3, 3),
                                new ZeroPadding2D(2),
                                new Cropping2D(0, 1, 1, 0),
                                new Conv2D(2, 2)),
                        seed++),
                input(seed++, 2, 6, 6, 2));
    }

    @Test
    void upSampling() {
        one("UpSampling2D nearest", new UpSampling2D(), 3, 4, 2);
        one("UpSampling2D nearest 2x3", new UpSampling2D(new int[] {2, 3}, "nearest"), 3, 4, 2);
        one("UpSampling2D bilinear 2x3", new UpSampling2D(new int[] {2, 3}, "bilinear"), 3, 4, 2);
        one(
                "UpSampling2D bilinear 2x3, align_corners",
                new UpSampling2D(new int[] {2, 3}, "bilinear").withAlignCorners(true),
                3,
                4,
                2);
        check(
                "Conv2D, UpSampling2D bilinear",
                randomized(
                        new Sequential(
                                Input.of(4, 4, 2),
                                Conv2D.builder(3, 3).padding("same").build(),
                                new UpSampling2D(new int[] {2, 2}, "bilinear")),
                        seed++),
                input(seed++, 2, 4, 4, 2));
    }
}
