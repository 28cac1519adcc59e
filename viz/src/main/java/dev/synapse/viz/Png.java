package dev.synapse.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** PNG files through the JDK's {@code javax.imageio}. */
public final class Png {
    private Png() {}

    /**
     * Writes {@code image} to {@code file} as PNG ({@code plt.savefig}), creating missing parent folders;
     * returns the path. The file is replaced atomically, so concurrent saves into one folder do not
     * collide and a reader never sees half a picture.
     *
     * @throws java.io.UncheckedIOException naming the file when it cannot be written (a folder, no
     *     space left, no permission)
     */
    public static Path write(BufferedImage image, Path file) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            return PictureFiles.write(file, out -> {
                // An in-memory stream cache: ImageIO's default file cache would go through java.io.tmpdir.
                try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(image);
                }
            });
        } finally {
            writer.dispose();
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
