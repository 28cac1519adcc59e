package dev.synapse.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageGridTest {

    /** N pictures h x w, picture k filled with value k. */
    private static Tensor constantPictures(int n, int h, int w) {
        float[] v = new float[n * h * w];
        for (int i = 0; i < v.length; i++) {
            int image = i / (h * w);
            v[i] = image;
        }
        return Tensor.wrap(v, n, h, w);
    }

    @Test
    void makeGridLaysOutLikeTorchvision() {
        // torchvision: 5 pictures 3x4, nrow=2, padding=2 -> 3 rows, 2 columns: H = 3*(3+2)+2, W = 2*(4+2)+2.
        Tensor g = ImageGrid.makeGrid(constantPictures(5, 3, 4), 2, 2, false, false, 0.5f);
        assertArrayEquals(new int[] {17, 14, 3}, g.dims());
        float[] v = g.toFloatArray();
        // Pixel (row 0, col 0) of picture 3 (grid row 1, column 1) sits at y = 1*5+2, x = 1*6+2; all channels equal.
        int at = ((7 * 14) + 8) * 3;
        assertEquals(3f, v[at]);
        assertEquals(3f, v[at + 2]);
        assertEquals(0.5f, v[0], "padding holds padValue");
        // The empty sixth cell is padding too.
        assertEquals(0.5f, v[((12 * 14) + 9) * 3]);
    }

    @Test
    void makeGridNormalizesByTheBatchRangeOrEachPicture() {
        Tensor x = Tensor.wrap(new float[] {2, 4, 6, 10}, 2, 1, 2);
        float[] all = ImageGrid.makeGrid(x, 2, 0, true).toFloatArray();
        assertArrayEquals(new float[] {0, 0, 0, 0.25f, 0.25f, 0.25f, 0.5f, 0.5f, 0.5f, 1, 1, 1}, all, 1e-6f);
        float[] each = ImageGrid.makeGrid(x, 2, 0, true, true, 0f).toFloatArray();
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1}, each, 1e-6f);
    }

    @Test
    void colourPicturesKeepTheirChannels() {
        Tensor rgb = Tensor.wrap(new float[] {1, 0, 0, 0, 0, 1}, 2, 1, 1, 3);
        float[] v = ImageGrid.makeGrid(rgb, 2, 0, false).toFloatArray();
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, v);
        BufferedImage img = ImageGrid.toImage(Tensor.wrap(v, 1, 2, 3));
        assertEquals(0xff0000, img.getRGB(0, 0) & 0xffffff);
        assertEquals(0x0000ff, img.getRGB(1, 0) & 0xffffff);
    }

    @Test
    void captionedGridOfDigits() {
        int n = 20;
        float[] v = new float[n * 8 * 8];
        for (int k = 0; k < n; k++) {
            // A vertical bar at column k % 8, values 0..16 as in scikit-learn's digits.
            for (int y = 1; y < 7; y++) {
                v[(k * 8 + y) * 8 + (k % 8)] = 16;
            }
        }
        int[] pred = new int[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i % 10;
            pred[i] = i == 7 ? 1 : i % 10;
        }
        ImageGrid g = ImageGrid.of(Tensor.wrap(v, n, 8, 8))
                .columns(10)
                .scale(8)
                .normalize(true)
                .inverted(true)
                .predictions(pred, truth)
                .title("pred / true");
        BufferedImage img = Pixels.saveAndRead(g, "digits_grid.png", 0, 0);
        assertTrue(img.getWidth() >= 10 * 64 && img.getHeight() >= 2 * 64, img.getWidth() + "x" + img.getHeight());
        Pixels.assertNotBlank(img, "digit grid");
        // Ink of the bars is black on white (inverted); one caption is red (the wrong prediction).
        assertTrue(Pixels.countNear(img, 0x000000) > n * 6 * 64 * 0.9, "bars drawn 8x enlarged");
        assertTrue(Pixels.countDominant(img, 2) > 20, "the wrong prediction's caption is red");
        assertTrue(Pixels.countDominant(img, 0) > 200, "right predictions' captions are blue");
    }

    @Test
    void rejectsShapesThatAreNotPictures() {
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(Tensor.zeros(2, 3, 4, 5)));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(Tensor.zeros(2, 3, 4, 5, 1)));
    }

    @Test
    void aGridTooLargeForJava2DIsRefusedUpFrontWithItsSize() {
        // One million 1x1 pictures in one column at scale 64: 68 x 66,000,002 pixels overflow an int.
        ImageGrid grid = ImageGrid.of(Tensor.zeros(1_000_000, 1, 1)).columns(1).scale(64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, grid::toImage);
        String m = e.getMessage();
        assertTrue(m.contains("1000000 pictures in 1 columns x 1000000 rows"), m);
        assertTrue(m.contains("68 x 66000002 pixels (4488000136 pixels)"), m);
        assertTrue(m.contains(String.valueOf(ImageGrid.MAX_PIXELS)), m);
        IllegalArgumentException tensor = assertThrows(
                IllegalArgumentException.class,
                () -> ImageGrid.makeGrid(Tensor.zeros(1_000_000, 1, 1), 1, 1000, false));
        assertTrue(tensor.getMessage().contains("makeGrid: a grid of 1000000 pictures"), tensor.getMessage());
    }
}
