package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.nn.Input;
import dev.synapse.nn.LayerHarness;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** PyTorch's {@code ceil_mode=True} on the pooling layers; the interop tests compare with PyTorch's outputs. */
class CeilModeWindowsTest {
    static List<LayerHarness.Case> harnessCases() {
        return List.of(
                LayerHarness.of(
                        () -> new MaxPooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1)).withCeilMode(true),
                        1,
                        6,
                        5,
                        2),
                LayerHarness.of(
                        () -> new AveragePooling2D(new int[] {3}, new int[] {2}, Padding.explicit(1), true)
                                .withCeilMode(true),
                        1,
                        6,
                        5,
                        2),
                LayerHarness.of(
                        () -> new AveragePooling2D(new int[] {2}, new int[] {2}, "valid")
                                .withCeilMode(true)
                                .withDataFormat("channels_first"),
                        1,
                        2,
                        5,
                        3),
                LayerHarness.of(() -> new MaxPooling1D(2).withCeilMode(true), 2, 5, 3),
                LayerHarness.of(
                        () -> new AveragePooling1D(3, 2, Padding.explicit1d(1, 1), true).withCeilMode(true), 2, 6, 2));
    }

    @ParameterizedTest
    @MethodSource("harnessCases")
    void passesTheLayerHarness(LayerHarness.Case c) {
        c.check();
    }

    @Test
    void lengthsRoundUpButNoWindowStartsInTheTrailingPadding() {
        assertEquals(3, CeilModeWindows.outLength(6, 3, 2, 0, 0)); // floor gives 2
        assertEquals(2, CeilModeWindows.outLength(5, 3, 2, 0, 0)); // exact: as floor
        // 5 + 1 + 1 cells, window 2, stride 2: ceil gives 4, but the 4th would start at the right padding.
        assertEquals(3, CeilModeWindows.outLength(5, 2, 2, 1, 1));
        assertEquals(0, CeilModeWindows.overhang(5, 2, 2, 1, 1));
        assertEquals(1, CeilModeWindows.overhang(6, 3, 2, 1, 1));
        assertEquals(-1, CeilModeWindows.outLength(-1, 3, 2, 0, 0));
    }

    @Test
    void maxPoolingTakesThePartialLastWindow() {
        // 3x3 picture 1..9, 2x2 windows: {1,2,4,5}, {3,6}, {7,8}, {9}.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}).reshape(1, 3, 3, 1);
        Tensor y = new MaxPooling2D(2).withCeilMode(true).apply(x);
        assertArrayEquals(new int[] {1, 2, 2, 1}, y.dims());
        assertArrayEquals(new float[] {5, 6, 8, 9}, y.toFloatArray());
    }

    @Test
    void averagesCountTheDeclaredPaddingButNeverTheOverhang() {
        // Steps 1..6 padded by one each side, window 3, stride 2: windows start at -1, 1, 3, 5. The last covers
        // 6, the declared pad and one overhanging cell: PyTorch divides by 2 counting padding, by 1 otherwise.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}).reshape(1, 6, 1);
        Tensor counted = new AveragePooling1D(3, 2, Padding.explicit1d(1, 1), true)
                .withCeilMode(true)
                .apply(x);
        assertArrayEquals(new float[] {1, 3, 5, 3}, counted.toFloatArray(), 1e-6f);
        Tensor notCounted = new AveragePooling1D(3, 2, Padding.explicit1d(1, 1), false)
                .withCeilMode(true)
                .apply(x);
        assertArrayEquals(new float[] {1.5f, 3, 5, 6}, notCounted.toFloatArray(), 1e-6f);
    }

    @Test
    void shapesConfigsAndRefusals() {
        MaxPooling2D pool = (MaxPooling2D) new MaxPooling2D(new int[] {3}, new int[] {2}, "valid").withCeilMode(true);
        assertArrayEquals(new int[] {-1, 3, 2, 4}, pool.apply(Input.of(6, 5, 4)).shape());
        assertEquals(true, pool.getConfig().get("ceil_mode"));
        assertEquals(
                true,
                AveragePooling1D.fromConfig(
                                new AveragePooling1D(2).withCeilMode(true).getConfig())
                        .ceilMode());
        assertEquals(
                false, MaxPooling2D.fromConfig(new MaxPooling2D().getConfig()).ceilMode());
        assertThrows(
                IllegalArgumentException.class,
                () -> new MaxPooling2D(new int[] {2}, new int[] {2}, "same").withCeilMode(true));
    }
}
