package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.Input;
import dev.synapse.nn.LayerHarness;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PoolingLayersTest {
    private final Tensor img = Tensor.arange(16).reshape(1, 4, 4, 1);

    static List<LayerHarness.Case> harnessCases() {
        return List.of(
                LayerHarness.of(MaxPooling2D::new, 1, 4, 4, 2),
                LayerHarness.of(() -> new MaxPooling2D(new int[] {3}, new int[] {2}, "same"), 1, 5, 5, 2),
                LayerHarness.of(() -> new MaxPooling2D(new int[] {2, 3}, new int[] {1, 2}, "valid"), 1, 4, 5, 2),
                LayerHarness.of(() -> new AveragePooling2D(new int[] {2, 3}, new int[] {1, 2}, "same"), 1, 4, 5, 2),
                LayerHarness.of(() -> new AveragePooling1D(3, 2, "same"), 2, 5, 2),
                LayerHarness.of(() -> new MaxPooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1)), 1, 5, 6, 2),
                LayerHarness.of(
                        () -> new MaxPooling2D(new int[] {3, 2}, new int[] {1, 2}, Padding.explicit(0, 2, 1, 0)),
                        1,
                        4,
                        5,
                        2),
                LayerHarness.of(
                        () -> new AveragePooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1), true),
                        1,
                        5,
                        6,
                        2),
                LayerHarness.of(
                        () -> new AveragePooling2D(new int[] {2, 3}, null, Padding.explicit(1, 0, 0, 2), false),
                        1,
                        4,
                        5,
                        2),
                LayerHarness.of(() -> new MaxPooling1D(3, 2, Padding.explicit1d(2, 1)), 2, 5, 2),
                LayerHarness.of(() -> new AveragePooling1D(3, 2, Padding.explicit1d(1, 1), true), 2, 5, 2),
                LayerHarness.of(MaxPooling2D::new, 2, 4, 5, 1).registeredAs("MaxPool2D"),
                LayerHarness.of(AveragePooling2D::new, 1, 4, 4, 2),
                LayerHarness.of(() -> new AveragePooling2D(new int[] {3}, new int[] {2}, "same"), 1, 5, 5, 2),
                LayerHarness.of(MaxPooling1D::new, 2, 5, 2),
                LayerHarness.of(() -> new MaxPooling1D(3, 1, "valid"), 2, 5, 2),
                LayerHarness.of(() -> new MaxPooling1D(2, 0, "same"), 2, 5, 3),
                LayerHarness.of(AveragePooling1D::new, 2, 4, 3),
                LayerHarness.of(() -> new AveragePooling1D(2, 1, "valid"), 2, 4, 3),
                LayerHarness.of(GlobalAveragePooling2D::new, 2, 2, 3, 2),
                LayerHarness.of(() -> new GlobalAveragePooling2D(true), 2, 2, 3, 2),
                LayerHarness.of(GlobalMaxPooling2D::new, 2, 2, 3, 2),
                LayerHarness.of(() -> new GlobalMaxPooling2D(true), 2, 2, 3, 2),
                LayerHarness.of(GlobalAveragePooling1D::new, 2, 3, 2),
                LayerHarness.of(() -> new GlobalAveragePooling1D(true), 2, 3, 2),
                LayerHarness.of(GlobalMaxPooling1D::new, 2, 3, 2),
                LayerHarness.of(() -> new GlobalMaxPooling1D(true), 2, 3, 2),
                LayerHarness.of(UpSampling2D::new, 1, 2, 2, 1),
                LayerHarness.of(() -> new UpSampling2D(new int[] {3, 1}, "nearest"), 1, 2, 3, 2),
                LayerHarness.of(() -> new UpSampling2D(new int[] {1, 2}, "bilinear"), 1, 3, 2, 1),
                LayerHarness.of(() -> new UpSampling2D(new int[] {2, 3}, "bilinear"), 1, 2, 3, 2),
                LayerHarness.of(
                        () -> new UpSampling2D(new int[] {2, 3}, "bilinear").withAlignCorners(true), 2, 2, 3, 2),
                LayerHarness.of(() -> new ZeroPadding2D(1), 1, 2, 2, 1),
                LayerHarness.of(() -> new ZeroPadding2D(1, 2, 3, 4), 1, 2, 3, 2),
                LayerHarness.of(() -> new Cropping2D(1, 0, 0, 1), 1, 3, 3, 1),
                LayerHarness.of(() -> new Cropping2D(1, 0, 2, 3), 1, 4, 7, 2));
    }

    @ParameterizedTest
    @MethodSource("harnessCases")
    void passesTheLayerHarness(LayerHarness.Case c) {
        c.check();
    }

    @Test
    void explicitPaddingIsWrittenPerAxisAndOlderConfigsStillLoad() {
        var pool = new AveragePooling2D(new int[] {3}, new int[] {2}, Padding.explicit(0, 2, 1, 0), true);
        assertEquals(List.of(List.of(0, 2), List.of(1, 0)), pool.getConfig().get("padding"));
        assertEquals(true, pool.getConfig().get("count_include_pad"));
        var legacy = AveragePooling2D.fromConfig(new java.util.HashMap<>(
                java.util.Map.of("pool_size", List.of(3, 3), "strides", List.of(2, 2), "padding", "same")));
        assertEquals("same", legacy.getConfig().get("padding"));
        assertEquals(false, legacy.getConfig().get("count_include_pad"));
        var perAxis = MaxPooling2D.fromConfig(new java.util.HashMap<>(
                java.util.Map.of("pool_size", List.of(3, 3), "strides", List.of(2, 2), "padding", List.of(1, 0))));
        assertEquals(List.of(List.of(1, 1), List.of(0, 0)), perAxis.getConfig().get("padding"));
        // 3x3 window, stride 2: height (5 + 1 + 1 - 3) / 2 + 1 = 3, width (6 - 3) / 2 + 1 = 2, as PyTorch.
        assertArrayEquals(
                new int[] {-1, 3, 2, 2}, perAxis.apply(Input.of(5, 6, 2)).shape());
    }

    @Test
    void paddingAsLargeAsTheWindowIsRefused() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new MaxPooling2D(new int[] {2}, null, Padding.explicit(0, 0, 2, 0)));
        assertTrue(e.getMessage().contains("smaller than the window"), e.getMessage());
        var e1 = assertThrows(IllegalArgumentException.class, () -> new MaxPooling1D(2, 1, Padding.explicit(1)));
        assertTrue(e1.getMessage().contains("left and right only"), e1.getMessage());
    }

    @Test
    void windowedPooling2d() {
        assertArrayEquals(
                new float[] {5, 7, 13, 15}, new MaxPooling2D().apply(img).toFloatArray());
        assertArrayEquals(
                new float[] {2.5f, 4.5f, 10.5f, 12.5f},
                new AveragePooling2D().apply(img).toFloatArray());
        assertArrayEquals(
                new int[] {-1, 13, 13, 32},
                new MaxPooling2D().apply(Input.of(26, 26, 32)).shape());
        assertArrayEquals(
                new int[] {-1, 14, 14, 3},
                new MaxPooling2D(new int[] {3}, new int[] {2}, "same")
                        .apply(Input.of(27, 27, 3))
                        .shape());
        assertArrayEquals(
                new int[] {1, 3, 3, 1},
                new AveragePooling2D(new int[] {2}, new int[] {1}, "valid")
                        .apply(img)
                        .dims());
    }

    @Test
    void windowedPooling1d() {
        Tensor seq = Tensor.of(1f, 4f, 2f, 8f, 3f).reshape(1, 5, 1);
        assertArrayEquals(new float[] {4, 8}, new MaxPooling1D().apply(seq).toFloatArray());
        assertArrayEquals(
                new float[] {2.5f, 5f}, new AveragePooling1D().apply(seq).toFloatArray());
        assertArrayEquals(
                new int[] {-1, 3, 6},
                new MaxPooling1D(2, 0, "same").apply(Input.of(5, 6)).shape());
    }

    @Test
    void globalPooling() {
        assertArrayEquals(
                new float[] {7.5f}, new GlobalAveragePooling2D().apply(img).toFloatArray());
        assertArrayEquals(new float[] {15f}, new GlobalMaxPooling2D().apply(img).toFloatArray());
        assertArrayEquals(
                new int[] {1, 1, 1, 1}, new GlobalMaxPooling2D(true).apply(img).dims());
        Tensor seq = Tensor.of(1f, 4f, 2f, 8f).reshape(1, 2, 2);
        assertArrayEquals(
                new float[] {1.5f, 6f}, new GlobalAveragePooling1D().apply(seq).toFloatArray());
        assertArrayEquals(
                new float[] {2f, 8f}, new GlobalMaxPooling1D().apply(seq).toFloatArray());
        assertArrayEquals(
                new int[] {-1, 1, 2},
                new GlobalMaxPooling1D(true).apply(Input.of(7, 2)).shape());
        assertArrayEquals(
                new int[] {-1, 5},
                new GlobalAveragePooling2D().apply(Input.of(3, 3, 5)).shape());
    }

    @Test
    void upsamplingPaddingCropping() {
        Tensor x = Tensor.of(1f, 2f, 3f, 4f).reshape(1, 2, 2, 1);
        Tensor up = new UpSampling2D().apply(x);
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, up.toFloatArray());
        assertArrayEquals(
                new int[] {-1, 6, 4, 1},
                new UpSampling2D(new int[] {3, 2}, "bilinear")
                        .apply(Input.of(2, 2, 1))
                        .shape());
        Tensor bil = new UpSampling2D(new int[] {2}, "bilinear").apply(x);
        assertArrayEquals(new int[] {1, 4, 4, 1}, bil.dims());
        assertArrayEquals(new float[] {1f, 1.25f, 1.75f, 2f}, bil.slice(1, 0, 1).toFloatArray(), 1e-6f);
        Tensor corners = new UpSampling2D(new int[] {2}, "bilinear")
                .withAlignCorners(true)
                .apply(x);
        assertArrayEquals(
                new float[] {1f, 4 / 3f, 5 / 3f, 2f}, corners.slice(1, 0, 1).toFloatArray(), 1e-6f);
        var nearest = assertThrows(IllegalArgumentException.class, () -> new UpSampling2D().withAlignCorners(true));
        assertTrue(nearest.getMessage().contains("bilinear"), nearest.getMessage());
        Tensor padded = new ZeroPadding2D(1, 0, 0, 1).apply(x);
        assertArrayEquals(new float[] {0, 0, 0, 1, 2, 0, 3, 4, 0}, padded.toFloatArray());
        assertArrayEquals(
                new int[] {-1, 30, 32, 1},
                new ZeroPadding2D(1, 2).apply(Input.of(28, 28, 1)).shape());
        Tensor cropped = new Cropping2D(1, 1, 1, 1).apply(img);
        assertArrayEquals(new float[] {5, 6, 9, 10}, cropped.toFloatArray());
        assertArrayEquals(
                new int[] {-1, 24, 26, 1},
                new Cropping2D(2, 1).apply(Input.of(28, 28, 1)).shape());
    }
}
