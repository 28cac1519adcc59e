package dev.synapse.train.tensorboard;

import dev.synapse.io.ProtoWriter;
import dev.synapse.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;

/**
 * Writes a TensorBoard event file ({@code tf.summary.create_file_writer}, PyTorch's
 * {@code SummaryWriter}) with the JDK alone: scalars, histograms and PNG images, in TFRecord framing
 * with masked CRC32C, which {@code tensorboard --logdir} reads.
 */
public final class EventFileWriter implements AutoCloseable {
    private final Path file;
    private final OutputStream out;

    /** Creates {@code logDir} if needed and a new {@code events.out.tfevents.*} file in it. */
    public EventFileWriter(Path logDir) {
        try {
            Files.createDirectories(logDir);
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
            long seconds = System.currentTimeMillis() / 1000;
            file = logDir.resolve("events.out.tfevents." + seconds + "." + host + "."
                    + ProcessHandle.current().pid() + ".synapse");
            out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            writeEvent(new ProtoWriter().string(3, "brain.Event:2"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "TensorBoard: cannot create an event file in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** The event file being written. */
    public Path file() {
        return file;
    }

    /** A scalar point ({@code tf.summary.scalar}, {@code add_scalar}). */
    public void scalar(String tag, double value, long step) {
        ProtoWriter v = new ProtoWriter().string(1, tag).fixed32(2, (float) value);
        writeSummary(v, step);
    }

    /**
     * A histogram of {@code values} in 30 equal-width buckets ({@code tf.summary.histogram}, {@code add_histogram}).
     */
    public void histogram(String tag, double[] values, long step) {
        writeSummary(
                new ProtoWriter()
                        .string(1, tag)
                        .message(5, Histogram.of(values, 30).toProto()),
                step);
    }

    /** A histogram of a tensor's values. */
    public void histogram(String tag, Tensor values, long step) {
        histogram(tag, values.toDoubleArray(), step);
    }

    /** A PNG image ({@code tf.summary.image}, {@code add_image}). */
    public void image(String tag, BufferedImage image, long step) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int colorspace = image.getColorModel().getNumComponents();
        ProtoWriter img = new ProtoWriter()
                .varint(1, image.getHeight())
                .varint(2, image.getWidth())
                .varint(3, colorspace)
                .bytes(4, png.toByteArray());
        writeSummary(new ProtoWriter().string(1, tag).message(4, img), step);
    }

    /**
     * An image from a tensor of shape {@code [H, W]}, {@code [H, W, 1]} or {@code [H, W, 3]} with values
     * in [0, 1] (clipped).
     */
    public void image(String tag, Tensor hwc, long step) {
        image(tag, Images.toImage(hwc), step);
    }

    /** Pushes buffered events to disk. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeSummary(ProtoWriter value, long step) {
        writeEvent(new ProtoWriter().message(5, new ProtoWriter().message(1, value)), step);
    }

    private synchronized void writeEvent(ProtoWriter what, long step) {
        byte[] event = new ProtoWriter()
                .fixed64(1, System.currentTimeMillis() / 1000.0)
                .varint(2, step)
                .toByteArray();
        byte[] body = what.toByteArray();
        byte[] data = new byte[event.length + body.length];
        System.arraycopy(event, 0, data, 0, event.length);
        System.arraycopy(body, 0, data, event.length, body.length);
        try {
            out.write(RecordIO.frame(data));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("TensorBoard: cannot write to " + file + ": " + e.getMessage(), e);
        }
    }
}
