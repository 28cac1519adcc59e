package dev.synapse.viz;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Something that renders to an off-screen image: every chart, grid and diagram of this package
 * ({@code matplotlib.figure.Figure}, as far as saving goes). Rendering draws into a
 * {@link BufferedImage}, so no display, window or {@code java.awt.headless} setting is needed.
 */
public interface Picture {

    /** Renders at the picture's own size. */
    BufferedImage toImage();

    /**
     * Renders and writes a PNG ({@code plt.savefig("x.png")}), creating missing parent folders;
     * returns the file's path. The file is replaced atomically (see {@link Png#write}).
     *
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    default Path save(Path png) {
        BufferedImage image;
        try {
            image = toImage();
        } catch (Error | RuntimeException e) {
            if (missingFonts(e)) {
                throw new IllegalStateException(
                        "viz: Java2D found no fonts on this machine to draw text (" + e.getMessage()
                                + "); install a font package, for example: apt-get install fonts-dejavu-core",
                        e);
            }
            throw e;
        }
        return Png.write(image, png);
    }

    /** True when a rendering failure comes from Java2D finding no fonts (a bare server or container). */
    static boolean missingFonts(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Fontconfig") || m.contains("FontConfiguration") || m.contains("No fonts found")) {
                return true;
            }
        }
        return false;
    }

    /** Same as {@link #save(Path)} with a path string. */
    default Path save(String png) {
        return save(Path.of(png));
    }

    /** Wraps an image already drawn. */
    static Picture of(BufferedImage image) {
        return () -> image;
    }
}
