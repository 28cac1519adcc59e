package dev.synapse.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.data.SampleRandom;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TransformsTest {

    /** A 4x5 picture with pixel (r, c) = 10 r + c. */
    private static Tensor picture() {
        int[] v = new int[20];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 5; c++) {
                v[r * 5 + c] = 10 * r + c;
            }
        }
        return Tensor.wrap(v, 4, 5);
    }

    private static float[] seeded(long seed, Transform t, Tensor x) {
        return SampleRandom.with(new Generator(seed), () -> t.apply(x)).toFloatArray();
    }

    @Test
    void toTensorScalesIntegersToUnitRange() {
        Tensor t = Transforms.toTensor().apply(Tensor.wrap(new int[] {0, 51, 255}, 3));
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new float[] {0f, 0.2f, 1f}, t.toFloatArray(), 1e-7f);
        assertArrayEquals(
                new float[] {0.5f}, Transforms.toTensor().apply(Tensor.of(0.5f)).toFloatArray());
    }

    @Test
    void normalizeComposeFlattenAndLambda() {
        Transform t = Transforms.compose(
                Transforms.toTensor(),
                Transforms.normalize(0.5, 0.25),
                Transforms.flatten(),
                Transforms.lambda(x -> x.mul(2)));
        Tensor out = t.apply(Tensor.wrap(new int[] {0, 255, 255, 0}, 2, 2));
        assertArrayEquals(new int[] {4}, out.dims());
        assertArrayEquals(new float[] {-4, 4, 4, -4}, out.toFloatArray(), 1e-5f);
    }

    @Test
    void normalizePerChannelUsesTheLastAxis() {
        Tensor rgb = Tensor.wrap(new float[] {1, 2, 3, 1, 2, 3}, 1, 2, 3);
        Tensor out = Transforms.normalize(new double[] {1, 2, 3}, new double[] {1, 2, 4})
                .apply(rgb);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, out.toFloatArray());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Transforms.normalize(new double[] {1, 2}, new double[] {1, 1})
                        .apply(rgb));
        assertTrue(e.getMessage().contains("last (channel) axis"), e.getMessage());
    }

    @Test
    void zeroRotationTranslationAndZoomKeepThePicture() {
        float[] p = picture().toFloatArray();
        assertArrayEquals(p, seeded(1, new RandomRotation(0, 0), picture()), 1e-4f);
        assertArrayEquals(p, seeded(1, new RandomTranslation(0, 0), picture()), 1e-4f);
        assertArrayEquals(p, seeded(1, new RandomZoom(0, 0), picture()), 1e-4f);
    }

    @Test
    void halfTurnRotationReversesThePicture() {
        float[] p = picture().toFloatArray();
        float[] r = seeded(1, new RandomRotation(0.5, 0.5), picture());
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[p.length - 1 - i], r[i], 1e-3f);
        }
    }

    @Test
    void translationByOnePixelWithConstantFill() {
        // A range of exactly one row down (0.25 of 4 rows) and no horizontal move.
        Transform down = new RandomTranslation(0.25, 0.25, 0, 0, FillMode.CONSTANT, -1f);
        float[] out = seeded(3, down, picture());
        for (int c = 0; c < 5; c++) {
            assertEquals(-1f, out[c], 1e-5f);
        }
        for (int r = 1; r < 4; r++) {
            for (int c = 0; c < 5; c++) {
                assertEquals(10 * (r - 1) + c, out[r * 5 + c], 1e-4f);
            }
        }
        Transform nearest = new RandomTranslation(0.25, 0.25, 0, 0, FillMode.NEAREST, 0f);
        assertEquals(2f, seeded(3, nearest, picture())[2], 1e-5f);
        Transform reflect = new RandomTranslation(0.5, 0.5, 0, 0, FillMode.REFLECT, 0f);
        float[] refl = seeded(3, reflect, picture());
        // Two rows down: row 0 mirrors row 1 and row 1 mirrors row 0 of the source.
        assertEquals(10f, refl[0], 1e-4f);
        assertEquals(0f, refl[5], 1e-4f);
    }

    @Test
    void horizontalFlipMirrorsColumnsAndChannelsStayTogether() {
        Tensor rgb = Tensor.wrap(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3}, seeded(1, new RandomHorizontalFlip(1), rgb));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, seeded(1, new RandomHorizontalFlip(0), rgb));
    }

    @Test
    void zoomOutShrinksTheContent() {
        // Zooming out by a factor 2 reads the centre pixel of the output from the centre of the input
        // and the corners from outside it (constant fill).
        Tensor img = Tensor.ones(5, 5);
        float[] out = seeded(1, new RandomZoom(1, 1, FillMode.CONSTANT, 0f), img);
        assertEquals(1f, out[2 * 5 + 2], 1e-5f);
        assertEquals(0f, out[0], 1e-5f);
    }

    @Test
    void randomTransformsRepeatForASeedAndDifferAcrossSeeds() {
        Transform t = Transforms.compose(
                Transforms.toTensor(),
                Transforms.randomRotation(0.1),
                Transforms.randomTranslation(0.2, 0.2),
                Transforms.randomZoom(0.2),
                Transforms.randomHorizontalFlip(0.5),
                Transforms.gaussianNoise(0.1));
        Tensor x = picture();
        assertArrayEquals(seeded(9, t, x), seeded(9, t, x));
        assertFalse(Arrays.equals(seeded(9, t, x), seeded(10, t, x)));
        assertArrayEquals(picture().toFloatArray(), x.toFloatArray(), "input untouched");
    }

    @Test
    void gaussianNoiseHasTheRequestedSpread() {
        float[] v = seeded(5, Transforms.gaussianNoise(0.5), Tensor.zeros(100, 100));
        double sum = 0;
        double sq = 0;
        for (float f : v) {
            sum += f;
            sq += f * f;
        }
        double mean = sum / v.length;
        double std = Math.sqrt(sq / v.length - mean * mean);
        assertEquals(0, mean, 0.02);
        assertEquals(0.5, std, 0.02);
    }

    @Test
    void geometricTransformsNameTheExpectedLayout() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Transforms.randomRotation(0.1).apply(Tensor.zeros(784)));
        assertTrue(e.getMessage().contains("[H, W] or [H, W, C]"), e.getMessage());
    }
}
