package dev.synapse.train.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileWriterTest {

    @Test
    void maskedCrcMatchesTensorFlowsKnownValue() {
        // CRC32C("123456789") = 0xE3069283 (RFC 3720 check value); masked: rotate right 15, add 0xa282ead8.
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        int c = 0xE3069283;
        int expected = ((c >>> 15) | (c << 17)) + 0xa282ead8;
        assertEquals(expected, RecordIO.maskedCrc(data, 0, data.length));
    }

    @Test
    void scalarsHistogramsAndImagesReadBack(@TempDir Path dir) throws IOException {
        Path file;
        try (EventFileWriter w = new EventFileWriter(dir)) {
            w.scalar("loss", 0.5, 1);
            w.scalar("loss", 0.25, 2);
            w.histogram("dense/kernel", new double[] {0, 1, 1, 2, 3}, 2);
            w.image("digit", Tensor.linspace(0, 1, 12).reshape(3, 4), 2);
            file = w.file();
        }
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."));
        List<EventFileReader.Event> events = EventFileReader.read(file);
        assertEquals("brain.Event:2", events.get(0).fileVersion());
        assertEquals(0.5f, events.get(1).values().get(0).scalar());
        assertEquals(2, events.get(2).step());
        assertEquals("loss", events.get(2).values().get(0).tag());
        Histogram h = events.get(3).values().get(0).histogram();
        assertEquals(5, h.num());
        assertEquals(7, h.sum());
        assertEquals(15, h.sumSquares());
        assertEquals(5, java.util.Arrays.stream(h.bucketCounts()).sum());
        EventFileReader.Image img = events.get(4).values().get(0).image();
        assertEquals(3, img.height());
        assertEquals(4, img.width());
        var decoded = ImageIO.read(new ByteArrayInputStream(img.png()));
        assertEquals(255, decoded.getRaster().getSample(3, 2, 0));
        assertEquals(0, decoded.getRaster().getSample(0, 0, 0));
    }

    @Test
    void corruptedRecordIsReported(@TempDir Path dir) throws IOException {
        Path file;
        try (EventFileWriter w = new EventFileWriter(dir)) {
            w.scalar("acc", 0.9, 1);
            file = w.file();
        }
        byte[] b = Files.readAllBytes(file);
        b[b.length - 6] ^= 0x40;
        Files.write(file, b);
        var e = assertThrows(IOException.class, () -> EventFileReader.read(file));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        Files.write(file, java.util.Arrays.copyOf(b, b.length - 3));
        assertThrows(IOException.class, () -> EventFileReader.read(file));
    }

    @Test
    void aRecordWhoseCrcsHoldButWhoseEventIsMalformedIsACorruptFile(@TempDir Path dir) throws IOException {
        // An event whose step varint (field 2) is cut short, framed with correct CRCs.
        Path file = dir.resolve("events.out.tfevents.bad");
        Files.write(file, RecordIO.frame(new byte[] {0x10, (byte) 0x96}));
        var e = assertThrows(dev.synapse.io.CorruptFileException.class, () -> EventFileReader.read(file));
        assertEquals(
                file + ": the event in the record at byte 0 is malformed: truncated varint at byte 14", e.getMessage());
    }

    @Test
    void histogramBucketsCoverTheRange() {
        Histogram h = Histogram.of(new double[] {-1, 0, 1}, 4);
        assertArrayEquals(new double[] {-0.5, 0, 0.5, 1}, h.bucketLimits(), 1e-12);
        assertArrayEquals(new double[] {1, 0, 1, 1}, h.bucketCounts(), 0);
    }
}
