package dev.synapse.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Checks on rendered pictures: files that read back, sizes, and pixels that are not all background. */
final class Pixels {
    /** Where the tests leave their pictures, to be looked at. */
    static final Path OUT = Path.of("target", "pictures");

    private Pixels() {}

    /** Saves, reads back the PNG and checks its size; returns the decoded image. */
    static BufferedImage saveAndRead(Picture p, String name, int width, int height) {
        Path file = p.save(OUT.resolve(name));
        assertTrue(Files.isRegularFile(file), "written: " + file);
        BufferedImage img = Png.read(file);
        if (width > 0) {
            assertEquals(width, img.getWidth(), name + " width");
        }
        if (height > 0) {
            assertEquals(height, img.getHeight(), name + " height");
        }
        return img;
    }

    /** The fraction of pixels that differ from the top-left (background) pixel. */
    static double inkFraction(BufferedImage img) {
        int bg = img.getRGB(0, 0);
        long ink = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) != bg) {
                    ink++;
                }
            }
        }
        return (double) ink / ((long) img.getWidth() * img.getHeight());
    }

    /** How many pixels are close to {@code rgb} (each channel within 24). */
    static long countNear(BufferedImage img, int rgb) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs(((p >> 16) & 255) - ((rgb >> 16) & 255)) <= 24
                        && Math.abs(((p >> 8) & 255) - ((rgb >> 8) & 255)) <= 24
                        && Math.abs((p & 255) - (rgb & 255)) <= 24) {
                    n++;
                }
            }
        }
        return n;
    }

    /** How many pixels are clearly blue (channel 0), green (1) or red (2): that channel 80 above the others. */
    static long countDominant(BufferedImage img, int channel) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int[] c = {p & 255, (p >> 8) & 255, (p >> 16) & 255};
                if (c[channel] > c[(channel + 1) % 3] + 80 && c[channel] > c[(channel + 2) % 3] + 80) {
                    n++;
                }
            }
        }
        return n;
    }

    static int distinctColors(BufferedImage img) {
        Set<Integer> s = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                s.add(img.getRGB(x, y));
            }
        }
        return s.size();
    }

    /** Asserts the picture has something drawn: some ink, and more than a couple of colours. */
    static void assertNotBlank(BufferedImage img, String name) {
        double ink = inkFraction(img);
        assertTrue(ink > 0.01, name + ": only " + ink + " of the pixels differ from the background");
        assertTrue(distinctColors(img) > 2, name + ": fewer than three colours");
    }
}
