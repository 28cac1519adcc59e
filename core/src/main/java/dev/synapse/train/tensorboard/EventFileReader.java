package dev.synapse.train.tensorboard;

import dev.synapse.io.CorruptFileException;
import dev.synapse.io.ProtoReader;
import dev.synapse.io.ProtoReader.WireException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a TensorBoard event file back, verifying every record's two CRCs: for tests, and for users
 * who want their logged curves as data ({@code tf.compat.v1.train.summary_iterator}).
 */
public final class EventFileReader {
    private EventFileReader() {}

    /** One summary value: a scalar, a histogram or an image (the others are null). */
    public record Value(String tag, Float scalar, Histogram histogram, Image image) {}

    /** An image's size, channel count and PNG bytes. */
    public record Image(int height, int width, int colorspace, byte[] png) {}

    /** One event: its time, step, the file version (first event only) and summary values. */
    public record Event(double wallTime, long step, String fileVersion, List<Value> values) {}

    /** All events of {@code file}; throws {@link IOException} naming the offset of a bad or truncated record. */
    public static List<Event> read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        List<Event> events = new ArrayList<>();
        int pos = 0;
        while (pos < b.length) {
            if (b.length - pos < 12) {
                throw new IOException(file + ": truncated record header at byte " + pos);
            }
            long len = RecordIO.getLong(b, pos);
            if (RecordIO.getInt(b, pos + 8) != RecordIO.maskedCrc(b, pos, 8)) {
                throw new IOException(file + ": length CRC mismatch at byte " + pos);
            }
            if (len < 0 || len > b.length - pos - 16) {
                throw new IOException(
                        file + ": record at byte " + pos + " claims " + len + " bytes, past the end of the file");
            }
            int start = pos + 12;
            int n = (int) len;
            if (RecordIO.getInt(b, start + n) != RecordIO.maskedCrc(b, start, n)) {
                throw new IOException(file + ": data CRC mismatch in the record at byte " + pos);
            }
            try {
                events.add(parseEvent(new ProtoReader(b, start, start + n)));
            } catch (WireException e) {
                throw new CorruptFileException(
                        file + ": the event in the record at byte " + pos + " is malformed: " + e.getMessage(), e);
            }
            pos = start + n + 4;
        }
        return events;
    }

    private static Event parseEvent(ProtoReader r) throws WireException {
        double wall = 0;
        long step = 0;
        String version = null;
        List<Value> values = new ArrayList<>();
        while (r.hasMore()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1 -> wall = Double.longBitsToDouble(r.fixed64());
                case 2 -> step = r.varint();
                case 3 -> version = new String(r.bytes(), StandardCharsets.UTF_8);
                case 5 -> {
                    ProtoReader summary = r.nested();
                    while (summary.hasMore()) {
                        int st = summary.tag();
                        if (st >>> 3 == 1) {
                            values.add(parseValue(summary.nested()));
                        } else {
                            summary.skip(st);
                        }
                    }
                }
                default -> r.skip(tag);
            }
        }
        return new Event(wall, step, version, values);
    }

    private static Value parseValue(ProtoReader r) throws WireException {
        String tag = null;
        Float scalar = null;
        Histogram histo = null;
        Image image = null;
        while (r.hasMore()) {
            int t = r.tag();
            switch (t >>> 3) {
                case 1 -> tag = new String(r.bytes(), StandardCharsets.UTF_8);
                case 2 -> scalar = Float.intBitsToFloat(r.fixed32());
                case 4 -> image = parseImage(r.nested());
                case 5 -> histo = parseHistogram(r.nested());
                default -> r.skip(t);
            }
        }
        return new Value(tag, scalar, histo, image);
    }

    private static Image parseImage(ProtoReader r) throws WireException {
        int h = 0;
        int w = 0;
        int c = 0;
        byte[] png = null;
        while (r.hasMore()) {
            int t = r.tag();
            switch (t >>> 3) {
                case 1 -> h = (int) r.varint();
                case 2 -> w = (int) r.varint();
                case 3 -> c = (int) r.varint();
                case 4 -> png = r.bytes();
                default -> r.skip(t);
            }
        }
        return new Image(h, w, c, png);
    }

    private static Histogram parseHistogram(ProtoReader r) throws WireException {
        double[] f = new double[5];
        double[] limits = new double[0];
        double[] counts = new double[0];
        while (r.hasMore()) {
            int t = r.tag();
            int field = t >>> 3;
            if (field >= 1 && field <= 5) {
                f[field - 1] = Double.longBitsToDouble(r.fixed64());
            } else if (field == 6) {
                limits = r.packedDoubles();
            } else if (field == 7) {
                counts = r.packedDoubles();
            } else {
                r.skip(t);
            }
        }
        return new Histogram(f[0], f[1], f[2], f[3], f[4], limits, counts);
    }
}
