package dev.synapse.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.ProtoReader.WireException;
import org.junit.jupiter.api.Test;

/** ProtoWriter and ProtoReader against the wire format's published examples, and every malformed input refused. */
class ProtoWireTest {
    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static ProtoReader reader(byte[] b) {
        return new ProtoReader(b, 0, b.length);
    }

    @Test
    void writesTheEncodingGuidesExamples() {
        // Field 1 = 150 is 08 96 01; field 2 = "testing" is 12 07 and the UTF-8 bytes; a message holding the first
        // as field 3 is 1a 03 08 96 01.
        assertArrayEquals(
                bytes(0x08, 0x96, 0x01), new ProtoWriter().varint(1, 150).toByteArray());
        assertArrayEquals(
                bytes(0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67),
                new ProtoWriter().string(2, "testing").toByteArray());
        assertArrayEquals(
                bytes(0x1a, 0x03, 0x08, 0x96, 0x01),
                new ProtoWriter().message(3, new ProtoWriter().varint(1, 150)).toByteArray());
        // A negative int64 takes ten bytes; 1.0f is 00 00 80 3f little-endian.
        assertEquals(11, new ProtoWriter().varint(1, -1).toByteArray().length);
        assertArrayEquals(
                bytes(0x0d, 0, 0, 0x80, 0x3f), new ProtoWriter().fixed32(1, 1f).toByteArray());
    }

    @Test
    void readsBackEveryFieldKind() throws WireException {
        byte[] b = new ProtoWriter()
                .varint(1, -7)
                .fixed64(2, Math.PI)
                .fixed32(3, -2.5f)
                .string(4, "héllo")
                .message(5, new ProtoWriter().varint(1, Long.MAX_VALUE))
                .packedDoubles(6, new double[] {1, -0.0, Double.NaN})
                .bytes(7, bytes(1, 2, 3))
                .toByteArray();
        ProtoReader r = reader(b);
        assertEquals(1 << 3 | ProtoReader.VARINT, r.tag());
        assertEquals(-7, r.varint());
        assertEquals(2 << 3 | ProtoReader.FIXED64, r.tag());
        assertEquals(Math.PI, Double.longBitsToDouble(r.fixed64()));
        assertEquals(3 << 3 | ProtoReader.FIXED32, r.tag());
        assertEquals(-2.5f, Float.intBitsToFloat(r.fixed32()));
        assertEquals(4 << 3 | ProtoReader.LENGTH_DELIMITED, r.tag());
        assertEquals("héllo", r.string());
        r.tag();
        ProtoReader nested = r.nested();
        nested.tag();
        assertEquals(Long.MAX_VALUE, nested.varint());
        assertFalse(nested.hasMore());
        r.tag();
        double[] d = r.packedDoubles();
        assertEquals(3, d.length);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d[1]));
        assertTrue(Double.isNaN(d[2]));
        int tag = r.tag();
        r.skip(tag);
        assertFalse(r.hasMore());
        assertEquals(b.length, r.position());
    }

    @Test
    void refusesMalformedInputSayingWhere() {
        assertEquals(
                "truncated varint at byte 1",
                assertThrows(WireException.class, () -> reader(bytes(0x96)).varint())
                        .getMessage());
        assertThrows(WireException.class, () -> reader(bytes(0x00)).tag(), "field number 0");
        assertThrows(WireException.class, () -> reader(bytes(0x0b)).tag(), "wire type 3 (groups)");
        assertThrows(
                WireException.class,
                () -> reader(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01))
                        .varint());
        var e = assertThrows(
                WireException.class, () -> reader(bytes(0x7f, 1, 2)).bytes());
        assertEquals("a field at byte 1 claims 127 bytes but only 2 are left", e.getMessage());
        assertThrows(WireException.class, () -> reader(bytes(0x01, 0)).fixed32());
        assertThrows(WireException.class, () -> reader(bytes(3, 0, 0, 0)).packedDoubles());
        assertThrows(IndexOutOfBoundsException.class, () -> new ProtoReader(new byte[2], 1, 3));
    }
}
