package dev.synapse.spark;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one encoded image (PNG or JPEG, through {@code javax.imageio}) to a model's channels-last input: {@code
 * height x width x channels} floats, each pixel value times {@code scale} (1/255 gives the [0, 1] that Keras's {@code
 * Rescaling(1/255)} and torchvision's {@code ToTensor} give). A grey image feeds a three-channel model by repeating
 * its one channel; a colour image feeds a one-channel model by its luma, 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601,
 * as PIL's {@code convert("L")}). Alpha is dropped. Images are not resized: their size must be the model's.
 */
final class ImageDecoder {
    private final int height;
    private final int width;
    private final int channels;
    private final float scale;

    ImageDecoder(int height, int width, int channels, float scale) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.scale = scale;
    }

    /**
     * Writes the image's {@code height * width * channels} values into {@code dest} from {@code offset}; throws
     * {@link IllegalArgumentException} saying what is wrong (not an image, another size) without the row, which the
     * caller adds.
     */
    void decode(byte[] bytes, float[] dest, int offset) {
        BufferedImage image = read(bytes);
        if (image.getColorModel() instanceof IndexColorModel) {
            // A palette image's raster holds palette indices: its colours come through the colour model.
            BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(image, 0, 0, null);
            image = rgb;
        }
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        // Colour images carry three colour bands and perhaps alpha; grey ones one and perhaps alpha.
        int colours = bands >= 3 ? 3 : 1;
        int[] pixel = new int[bands];
        int o = offset;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.getPixel(x, y, pixel);
                if (channels == colours) {
                    for (int c = 0; c < channels; c++) {
                        dest[o++] = pixel[c] * scale;
                    }
                } else if (channels == 1) {
                    dest[o++] = (float) (0.299 * pixel[0] + 0.587 * pixel[1] + 0.114 * pixel[2]) * scale;
                } else {
                    float grey = pixel[0] * scale;
                    for (int c = 0; c < channels; c++) {
                        dest[o++] = grey;
                    }
                }
            }
        }
    }

    /** Reads the image after checking its size from its header, so that no oversized image is ever allocated. */
    private BufferedImage read(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IllegalArgumentException(
                        "its " + bytes.length + " bytes are not an image javax.imageio reads (PNG or JPEG)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w != width || h != height) {
                    throw new IllegalArgumentException("its image is " + w + "x" + h + " (width x height), the model"
                            + " expects " + width + "x" + height + "; resize images before inference");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("its image cannot be decoded: " + e.getMessage(), e);
        }
    }
}
