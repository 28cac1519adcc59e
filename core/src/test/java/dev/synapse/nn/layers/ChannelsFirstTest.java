package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.nn.Input;
import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerHarness;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Keras's {@code data_format="channels_first"}: the channels-last layers on permuted inputs and outputs. */
class ChannelsFirstTest {
    static List<LayerHarness.Case> harnessCases() {
        return List.of(
                LayerHarness.of(
                        () -> Conv2D.builder(3, 3)
                                .padding(1)
                                .dataFormat("channels_first")
                                .build(),
                        1,
                        2,
                        4,
                        5),
                LayerHarness.of(
                        () -> Conv1D.builder(2, 2).dataFormat("channels_first").build(), 2, 3, 5),
                LayerHarness.of(
                        () -> new MaxPooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1))
                                .withDataFormat("channels_first"),
                        1,
                        2,
                        5,
                        4),
                LayerHarness.of(() -> new AveragePooling2D().withDataFormat("channels_first"), 1, 2, 4, 4),
                LayerHarness.of(() -> new GlobalMaxPooling2D(true).withDataFormat("channels_first"), 2, 3, 2, 2),
                LayerHarness.of(
                        () -> new MaxPooling1D(3, 2, Padding.explicit1d(1, 1)).withDataFormat("channels_first"),
                        2,
                        3,
                        6),
                LayerHarness.of(
                        () -> new AveragePooling1D(2, 1, Padding.explicit1d(0, 1), true)
                                .withDataFormat("channels_first"),
                        2,
                        3,
                        5),
                LayerHarness.of(
                        () -> new UpSampling2D(new int[] {2, 3}, "bilinear").withDataFormat("channels_first"),
                        1,
                        2,
                        3,
                        2),
                LayerHarness.of(() -> new UpSampling2D().withDataFormat("channels_first"), 2, 3, 2, 2),
                LayerHarness.of(
                        () -> new UpSampling2D(new int[] {2, 2}, "bilinear")
                                .withAlignCorners(true)
                                .withDataFormat("channels_first"),
                        2,
                        3,
                        2,
                        2));
    }

    @ParameterizedTest
    @MethodSource("harnessCases")
    void passesTheLayerHarness(LayerHarness.Case c) {
        c.check();
    }

    private static Tensor nchw(Tensor nhwc) {
        return nhwc.permute(0, 3, 1, 2).contiguous();
    }

    @Test
    void aChannelsFirstStackEqualsTheChannelsLastOneOnPermutedTensors() {
        Generator g = new Generator(7);
        Tensor x = Tensor.normal(0, 1, g, 2, 6, 5, 3).to(dev.synapse.tensor.DType.FLOAT64);
        Conv2D last = Conv2D.builder(4, 3).padding(1, 0).build();
        Conv2D first =
                Conv2D.builder(4, 3).padding(1, 0).dataFormat("channels_first").build();
        Tensor yLast = last.apply(x);
        first.apply(nchw(x));
        first.setWeights(last.getWeights()); // the kernel keeps Keras's layout in both formats
        Tensor yFirst = first.apply(nchw(x));
        assertArrayEquals(nchw(yLast).toDoubleArray(), yFirst.toDoubleArray(), 1e-12);

        List<Layer[]> pairs = List.of(
                new Layer[] {
                    new MaxPooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1)),
                    new MaxPooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1)).withDataFormat("channels_first")
                },
                new Layer[] {
                    new AveragePooling2D(new int[] {2}, new int[] {1}, Padding.explicit(0, 1, 1, 0), true),
                    new AveragePooling2D(new int[] {2}, new int[] {1}, Padding.explicit(0, 1, 1, 0), true)
                            .withDataFormat("channels_first")
                },
                new Layer[] {new GlobalAveragePooling2D(), new GlobalAveragePooling2D().withDataFormat("channels_first")
                });
        for (Layer[] p : pairs) {
            Tensor a = p[0].apply(yLast);
            Tensor b = p[1].apply(yFirst);
            Tensor expected = a.rank() == 4 ? nchw(a) : a;
            assertArrayEquals(expected.dims(), b.dims(), p[1].name());
            assertArrayEquals(expected.toDoubleArray(), b.toDoubleArray(), 1e-12, p[1].name());
        }
    }

    private static Tensor ncl(Tensor nlc) {
        return nlc.permute(0, 2, 1).contiguous();
    }

    @Test
    void channelsFirstSequencePoolingAndUpsamplingEqualTheChannelsLastLayersOnPermutedTensors() {
        Generator g = new Generator(11);
        Tensor seq = Tensor.normal(0, 1, g, 2, 7, 3).to(dev.synapse.tensor.DType.FLOAT64);
        List<Layer[]> pools = List.of(
                new Layer[] {
                    new MaxPooling1D(3, 2, Padding.explicit1d(1, 1)),
                    new MaxPooling1D(3, 2, Padding.explicit1d(1, 1)).withDataFormat("channels_first")
                },
                new Layer[] {
                    new AveragePooling1D(2, 1, Padding.explicit1d(1, 0), true),
                    new AveragePooling1D(2, 1, Padding.explicit1d(1, 0), true).withDataFormat("channels_first")
                });
        for (Layer[] p : pools) {
            Tensor a = p[0].apply(seq);
            Tensor b = p[1].apply(ncl(seq));
            assertArrayEquals(ncl(a).dims(), b.dims(), p[1].name());
            assertArrayEquals(ncl(a).toDoubleArray(), b.toDoubleArray(), 1e-12, p[1].name());
        }
        Conv1D last = Conv1D.builder(4, 3).padding(1).build();
        Conv1D first =
                Conv1D.builder(4, 3).padding(1).dataFormat("channels_first").build();
        Tensor y = last.apply(seq);
        first.apply(ncl(seq));
        first.setWeights(last.getWeights());
        assertArrayEquals(ncl(y).toDoubleArray(), first.apply(ncl(seq)).toDoubleArray(), 1e-12);

        Tensor img = Tensor.normal(0, 1, g, 2, 3, 4, 5).to(dev.synapse.tensor.DType.FLOAT64);
        for (String mode : List.of("nearest", "bilinear")) {
            Tensor a = new UpSampling2D(new int[] {2, 3}, mode).apply(img);
            Tensor b = new UpSampling2D(new int[] {2, 3}, mode)
                    .withDataFormat("channels_first")
                    .apply(nchw(img));
            assertArrayEquals(new int[] {2, 5, 6, 12}, b.dims(), mode);
            assertArrayEquals(nchw(a).toDoubleArray(), b.toDoubleArray(), 1e-12, mode);
        }
    }

    @Test
    void channelsFirstMaxPooling1DPoolsAlongTheLastAxis() {
        // [batch 1, channels 2, steps 4]: windows of 2 over each channel's steps, as nn.MaxPool1d(2).
        Tensor x = Tensor.of(new float[] {1, 5, 2, 0, -1, -3, 4, 8}).reshape(1, 2, 4);
        Tensor y = new MaxPooling1D(2).withDataFormat("channels_first").apply(x);
        assertArrayEquals(new int[] {1, 2, 2}, y.dims());
        assertArrayEquals(new float[] {5, 2, -1, 8}, y.toFloatArray());
    }

    @Test
    void symbolicShapesAndConfigsSayChannelsFirst() {
        assertArrayEquals(
                new int[] {-1, 3, 8, 10},
                new UpSampling2D()
                        .withDataFormat("channels_first")
                        .apply(Input.of(3, 4, 5))
                        .shape());
        assertArrayEquals(
                new int[] {-1, 6, 4},
                new AveragePooling1D(2)
                        .withDataFormat("channels_first")
                        .apply(Input.of(6, 9))
                        .shape());
        assertEquals(
                "channels_first",
                MaxPooling1D.fromConfig(new MaxPooling1D()
                                .withDataFormat("channels_first")
                                .getConfig())
                        .getConfig()
                        .get("data_format"));
        assertEquals(
                "channels_first",
                UpSampling2D.fromConfig(new UpSampling2D()
                                .withDataFormat("channels_first")
                                .getConfig())
                        .getConfig()
                        .get("data_format"));
        Conv2D conv =
                Conv2D.builder(8, 3).strides(2).dataFormat("channels_first").build();
        assertArrayEquals(
                new int[] {-1, 8, 5, 4}, conv.apply(Input.of(3, 11, 9)).shape());
        assertEquals("channels_first", conv.getConfig().get("data_format"));
        assertEquals("channels_last", new MaxPooling2D().getConfig().get("data_format"));
        assertThrows(IllegalArgumentException.class, () -> Conv2D.builder(8, 3).dataFormat("nchw"));
    }
}
