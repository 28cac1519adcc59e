package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.Input;
import dev.synapse.nn.LayerHarness;
import dev.synapse.nn.Names;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.nn.regularizers.Regularizers;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConvLayersTest {
    @BeforeEach
    void reset() {
        Names.clearSession();
        Synapse.setSeed(5);
    }

    static List<LayerHarness.Case> harnessCases() {
        return List.of(
                LayerHarness.of(() -> Conv2D.builder(3, 3).padding("same").build(), 2, 5, 5, 2),
                LayerHarness.of(
                        () -> Conv2D.builder(2, 2).strides(2).activation("tanh").build(), 1, 4, 6, 3),
                LayerHarness.of(
                        () -> Conv2D.builder(2, 3, 2)
                                .strides(2)
                                .padding("same")
                                .dilation(1)
                                .kernelInitializer(Initializers.heNormal())
                                .build(),
                        1,
                        5,
                        4,
                        2),
                LayerHarness.of(() -> Conv2D.builder(2, 2).groups(2).build(), 1, 3, 3, 2),
                LayerHarness.of(() -> Conv2D.builder(1, 2).dilation(2, 1).build(), 1, 5, 4, 1),
                LayerHarness.of(
                        () -> Conv2D.builder(2, 2)
                                .useBias(false)
                                .kernelRegularizer(Regularizers.l2(0.1))
                                .build(),
                        1,
                        4,
                        4,
                        2),
                LayerHarness.of(
                        () -> Conv1D.builder(2, 2).strides(2).padding("same").build(), 2, 5, 3),
                LayerHarness.of(
                        () -> Conv2DTranspose.builder(2, 3).strides(3, 2).build(), 1, 2, 3, 2),
                LayerHarness.of(() -> new Conv1D(2, 3), 2, 5, 2),
                LayerHarness.of(
                        () -> Conv1D.builder(2, 2).padding("causal").dilation(2).build(), 2, 5, 3),
                LayerHarness.of(
                        () -> Conv2DTranspose.builder(2, 3)
                                .strides(2)
                                .padding("same")
                                .build(),
                        1,
                        2,
                        2,
                        2),
                LayerHarness.of(
                        () -> Conv2DTranspose.builder(2, 3)
                                .strides(2)
                                .padding("same")
                                .outputPadding(1)
                                .useBias(false)
                                .build(),
                        1,
                        2,
                        3,
                        1),
                LayerHarness.of(() -> Conv2D.builder(2, 3).padding(1, 2).build(), 1, 4, 3, 2),
                LayerHarness.of(
                        () -> Conv2D.builder(2, 2, 3)
                                .strides(2)
                                .padding(new int[][] {{0, 1}, {2, 1}})
                                .build(),
                        1,
                        4,
                        5,
                        2),
                LayerHarness.of(
                        () -> Conv1D.builder(2, 3).padding(new int[][] {{2, 1}}).build(), 2, 4, 2),
                LayerHarness.of(
                        () -> Conv2DTranspose.builder(2, 3)
                                .strides(2)
                                .padding(1)
                                .outputPadding(1)
                                .build(),
                        1,
                        2,
                        3,
                        2),
                LayerHarness.of(
                        () -> Conv2DTranspose.builder(1, 3, 2)
                                .strides(1, 2)
                                .padding(1, 0)
                                .build(),
                        1,
                        3,
                        2,
                        2));
    }

    @ParameterizedTest
    @MethodSource("harnessCases")
    void passesTheLayerHarness(LayerHarness.Case c) {
        c.check();
    }

    @Test
    void conv2dSumsWindows() {
        Conv2D c = Conv2D.builder(1, 2)
                .kernelInitializer(Initializers.ones())
                .biasInitializer(Initializers.constant(0.5))
                .build();
        Tensor x = Tensor.arange(9).reshape(1, 3, 3, 1);
        Tensor y = c.apply(x);
        assertArrayEquals(new int[] {1, 2, 2, 1}, y.dims());
        assertArrayEquals(new float[] {8.5f, 12.5f, 20.5f, 24.5f}, y.toFloatArray());
        assertArrayEquals(new int[] {2, 2, 1, 1}, c.kernel().shape());
        assertEquals(5, c.countParams());
    }

    @Test
    void conv2dShapesFollowKeras() {
        assertArrayEquals(
                new int[] {-1, 26, 26, 32},
                new Conv2D(32, 3).apply(Input.of(28, 28, 1)).shape());
        assertArrayEquals(
                new int[] {-1, 14, 14, 64},
                Conv2D.builder(64, 5)
                        .strides(2)
                        .padding("same")
                        .build()
                        .apply(Input.of(28, 28, 1))
                        .shape());
        assertArrayEquals(
                new int[] {-1, 24, 22, 8},
                Conv2D.builder(8, 3)
                        .dilation(2, 3)
                        .build()
                        .apply(Input.of(28, 28, 4))
                        .shape());
        Conv2D c = new Conv2D(4, 3);
        c.apply(Input.of(8, 8, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> c.apply(Input.of(8, 8, 2)));
        assertTrue(e.getMessage().contains("last dimension 3, got 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).apply(Input.of(8, 8)));
    }

    @Test
    void conv1dShapesAndValues() {
        assertArrayEquals(
                new int[] {-1, 8, 4}, new Conv1D(4, 3).apply(Input.of(10, 2)).shape());
        assertArrayEquals(
                new int[] {-1, 10, 4},
                Conv1D.builder(4, 3)
                        .padding("causal")
                        .build()
                        .apply(Input.of(10, 2))
                        .shape());
        Conv1D c = Conv1D.builder(1, 2)
                .kernelInitializer(Initializers.ones())
                .useBias(false)
                .build();
        assertArrayEquals(
                new float[] {1, 3, 5},
                c.apply(Tensor.arange(4).reshape(1, 4, 1)).toFloatArray());
    }

    @Test
    void conv2dTransposeUpsamples() {
        var gen = Conv2DTranspose.builder(64, 5)
                .strides(2)
                .padding("same")
                .useBias(false)
                .build();
        assertArrayEquals(
                new int[] {-1, 14, 14, 64}, gen.apply(Input.of(7, 7, 128)).shape());
        assertEquals(5 * 5 * 64 * 128, gen.countParams());
        assertArrayEquals(
                new int[] {-1, 5, 5, 2},
                new Conv2DTranspose(2, 3).apply(Input.of(3, 3, 1)).shape());
        assertArrayEquals(
                new int[] {-1, 8, 8, 2},
                Conv2DTranspose.builder(2, 3)
                        .strides(2)
                        .outputPadding(1)
                        .build()
                        .apply(Input.of(3, 3, 1))
                        .shape());
        Conv2DTranspose t = Conv2DTranspose.builder(1, 2)
                .kernelInitializer(Initializers.ones())
                .useBias(false)
                .build();
        Tensor y = t.apply(Tensor.ones(1, 2, 2, 1));
        assertArrayEquals(new float[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, y.toFloatArray());
        Tensor real =
                Conv2DTranspose.builder(3, 3).strides(2).padding("same").build().apply(Tensor.rand(2, 4, 4, 5));
        assertArrayEquals(new int[] {2, 8, 8, 3}, real.dims());
    }
}
