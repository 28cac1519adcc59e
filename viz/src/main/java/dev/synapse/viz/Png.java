package dev.synapse.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNG files through the JDK's {@code javax.imageio}. */
public final class Png {
    private Png() {
    }

    /** Writes {@code image} to {@code file} as PNG, creating missing parent folders; returns the path. */
    public static Path write(BufferedImage image, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // Write to a sibling and move, so a reader never sees half a picture.
            Path tmp = file.resolveSibling(file.getFileName() + ".part");
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IllegalStateException("no PNG writer for image type " + image.getType());
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw Picture.ioFailure(file, e);
        }
    }

    /** Reads a PNG (or any format {@code javax.imageio} knows). */
    public static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IllegalArgumentException(file + " is not an image javax.imageio can read");
            }
            return img;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
    }
}
