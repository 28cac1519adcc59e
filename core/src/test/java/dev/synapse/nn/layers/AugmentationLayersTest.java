package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerHarness;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AugmentationLayersTest {
    private final Tensor img = Tensor.arange(16).reshape(1, 4, 4, 1);

    /**
     * In training the gradient check fixes the global seed, so the cases that train draw from it, not from a seed of
     * their own.
     */
    static List<LayerHarness.Case> harnessCases() {
        return List.of(
                LayerHarness.of(RandomFlip::new, 4, 3, 3, 1).training(),
                LayerHarness.of(() -> new RandomFlip("horizontal", 9L), 2, 3, 4, 2),
                LayerHarness.of(() -> new RandomFlip("vertical", null), 4, 3, 3, 1)
                        .training(),
                LayerHarness.of(() -> new RandomFlip("horizontal_and_vertical", null), 4, 3, 3, 1)
                        .training(),
                LayerHarness.of(
                                () -> new RandomRotation(-0.2, 0.2, FillOptions.DEFAULT.withFillMode("wrap")),
                                2,
                                4,
                                4,
                                1)
                        .training(),
                LayerHarness.of(
                                () -> new RandomRotation(-0.2, 0.2, FillOptions.DEFAULT.withInterpolation("nearest")),
                                2,
                                4,
                                4,
                                1)
                        .training(),
                LayerHarness.of(
                                () -> new RandomTranslation(
                                        new double[] {-0.2, 0.2},
                                        new double[] {-0.1, 0.3},
                                        FillOptions.DEFAULT.withFillMode("nearest")),
                                2,
                                5,
                                4,
                                1)
                        .training(),
                LayerHarness.of(
                                () -> new RandomZoom(
                                        new double[] {-0.3, -0.1},
                                        null,
                                        FillOptions.DEFAULT
                                                .withFillMode("constant")
                                                .withFillValue(0.5)),
                                2,
                                4,
                                4,
                                1)
                        .training(),
                LayerHarness.of(() -> new RandomRotation(0.1), 2, 3, 3, 1).training(),
                LayerHarness.of(
                                () -> new RandomRotation(-0.1, 0.2, FillOptions.DEFAULT.withFillMode("constant")),
                                1,
                                4,
                                3,
                                2)
                        .training(),
                LayerHarness.of(() -> new RandomTranslation(0.1, 0.2), 1, 4, 4, 2)
                        .training(),
                LayerHarness.of(() -> new RandomZoom(0.2), 1, 3, 4, 2).training(),
                LayerHarness.of(
                                () -> new RandomZoom(
                                        new double[] {-0.2, 0.1}, new double[] {0, 0.3}, FillOptions.DEFAULT),
                                1,
                                4,
                                4,
                                1)
                        .training());
    }

    @ParameterizedTest
    @MethodSource("harnessCases")
    void passesTheLayerHarness(LayerHarness.Case c) {
        c.check();
    }

    @Test
    void identityInInference() {
        for (Layer l : List.of(
                new RandomFlip(), new RandomRotation(0.2), new RandomTranslation(0.2, 0.2), new RandomZoom(0.3))) {
            assertSame(img, l.apply(img), l.name());
            assertSame(img, l.apply(img, false), l.name());
        }
    }

    @Test
    void seededInTraining() {
        Tensor batch = Tensor.rand(3, 5, 5, 2);
        for (Layer l : List.of(new RandomRotation(0.2), new RandomTranslation(0.2, 0.2), new RandomZoom(0.3))) {
            Synapse.setSeed(17);
            double[] a = l.apply(batch, true).toDoubleArray();
            Synapse.setSeed(17);
            double[] b = l.apply(batch, true).toDoubleArray();
            assertArrayEquals(a, b, l.name());
            assertFalse(Arrays.equals(a, batch.toDoubleArray()), l.name());
        }
        double[] s1 = new RandomRotation(-0.1, 0.1, FillOptions.DEFAULT.withSeed(3L))
                .apply(batch, true)
                .toDoubleArray();
        double[] s2 = new RandomRotation(-0.1, 0.1, FillOptions.DEFAULT.withSeed(3L))
                .apply(batch, true)
                .toDoubleArray();
        assertArrayEquals(s1, s2);
    }

    @Test
    void flipsAreExactMirrors() {
        RandomFlip f = new RandomFlip("horizontal", 5L);
        Tensor batch = Tensor.arange(4).reshape(1, 1, 4, 1).expand(16, 1, 4, 1).contiguous();
        double[] out = f.apply(batch, true).toDoubleArray();
        int flipped = 0;
        for (int i = 0; i < 16; i++) {
            double[] row = Arrays.copyOfRange(out, i * 4, i * 4 + 4);
            boolean same = Arrays.equals(row, new double[] {0, 1, 2, 3});
            boolean mirror = Arrays.equals(row, new double[] {3, 2, 1, 0});
            assertTrue(same || mirror, Arrays.toString(row));
            flipped += mirror ? 1 : 0;
        }
        assertTrue(flipped > 2 && flipped < 14, "flipped " + flipped);
    }

    @Test
    void translationAndRotationMoveThePixels() {
        var shiftRight = new RandomTranslation(
                new double[] {0, 0}, new double[] {0.25, 0.25}, FillOptions.DEFAULT.withFillMode("constant"));
        assertArrayEquals(
                new float[] {0, 0, 1, 2, 0, 4, 5, 6, 0, 8, 9, 10, 0, 12, 13, 14},
                shiftRight.apply(img, true).toFloatArray(),
                1e-5f);
        var reflect = new RandomTranslation(new double[] {0, 0}, new double[] {0.25, 0.25}, FillOptions.DEFAULT);
        assertArrayEquals(
                new float[] {0, 0, 1, 2},
                reflect.apply(img, true).slice(1, 0, 1).toFloatArray(),
                1e-5f);
        Tensor small = Tensor.arange(9).reshape(1, 3, 3, 1);
        var quarter = new RandomRotation(0.25, 0.25, FillOptions.DEFAULT);
        float[] r = quarter.apply(small, true).toFloatArray();
        // A quarter turn maps the corners onto each other.
        float[] sorted = r.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, sorted, 1e-5f);
        assertTrue(r[4] == 4f);
        assertFalse(Arrays.equals(r, small.toFloatArray()));
        var noZoom = new RandomZoom(new double[] {0, 0}, null, FillOptions.DEFAULT);
        assertArrayEquals(img.toFloatArray(), noZoom.apply(img, true).toFloatArray(), 1e-5f);
    }
}
