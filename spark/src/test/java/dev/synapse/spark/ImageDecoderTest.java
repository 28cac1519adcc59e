package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import org.junit.jupiter.api.Test;

/** Decoding image bytes to a channels-last model input, with hand-derived pixel values. */
class ImageDecoderTest {
    @Test
    void greyPngGivesItsPixelsScaledRowMajor() {
        byte[] png = DigitsFixture.png(new float[] {0, 1, 2, 3, 4, 255}, 3, 2);
        float[] out = new float[8];
        new ImageDecoder(2, 3, 1, 0.5f).decode(png, out, 2);
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 1, 1.5f, 2, 127.5f}, out);
    }

    @Test
    void colourFeedsOneChannelByLumaAndThreeChannelsAsIs() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, (200 << 16) | (100 << 8) | 50);
        img.setRGB(1, 0, (0 << 16) | (0 << 8) | 255);
        byte[] png = DigitsFixture.encode(img, "png");
        float[] grey = new float[2];
        new ImageDecoder(1, 2, 1, 1f).decode(png, grey, 0);
        // 0.299 * 200 + 0.587 * 100 + 0.114 * 50 = 124.2; 0.114 * 255 = 29.07.
        assertArrayEquals(new float[] {124.2f, 29.07f}, grey, 1e-4f);
        float[] rgb = new float[6];
        new ImageDecoder(1, 2, 3, 1f).decode(png, rgb, 0);
        assertArrayEquals(new float[] {200, 100, 50, 0, 0, 255}, rgb);
    }

    @Test
    void greyFeedsThreeChannelsByRepeating() {
        byte[] png = DigitsFixture.png(new float[] {7, 9}, 2, 1);
        float[] rgb = new float[6];
        new ImageDecoder(1, 2, 3, 1f).decode(png, rgb, 0);
        assertArrayEquals(new float[] {7, 7, 7, 9, 9, 9}, rgb);
    }

    @Test
    void paletteImageGivesItsColoursNotItsIndices() {
        IndexColorModel palette = new IndexColorModel(2, 2, new byte[] {0, 10}, new byte[] {0, 20}, new byte[] {0, 30});
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        img.getRaster().setSample(1, 0, 0, 1);
        float[] rgb = new float[6];
        new ImageDecoder(1, 2, 3, 1f).decode(DigitsFixture.encode(img, "png"), rgb, 0);
        assertArrayEquals(new float[] {0, 0, 0, 10, 20, 30}, rgb);
    }

    @Test
    void jpegDecodesCloseToItsFlatGrey() {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.getRaster().setSample(x, y, 0, 128);
            }
        }
        float[] out = new float[64];
        new ImageDecoder(8, 8, 1, 1f).decode(DigitsFixture.encode(img, "jpg"), out, 0);
        for (float v : out) {
            assertEquals(128, v, 2, "JPEG is lossy, but a flat picture stays flat");
        }
    }

    @Test
    void wrongSizeAndNonImagesAreRefusedSayingWhy() {
        byte[] png = DigitsFixture.png(new float[12], 4, 3);
        IllegalArgumentException size = assertThrows(
                IllegalArgumentException.class, () -> new ImageDecoder(8, 8, 1, 1f).decode(png, new float[64], 0));
        assertTrue(
                size.getMessage().contains("its image is 4x3 (width x height), the model expects 8x8"),
                size.getMessage());
        IllegalArgumentException garbage = assertThrows(
                IllegalArgumentException.class,
                () -> new ImageDecoder(8, 8, 1, 1f).decode(new byte[] {1, 2, 3}, new float[64], 0));
        assertTrue(garbage.getMessage().contains("its 3 bytes are not an image"), garbage.getMessage());
    }
}
