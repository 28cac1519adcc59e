package dev.synapse.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    private static final String SYMBOLS = "{}[]\",:0-9e";

    private static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(h.length).put(h).put(data);
        return bb.array();
    }

    @Test
    void readsAHandBuiltFile() throws IOException {
        // Two float32 values 1.0 and -2.0 (little-endian bytes), as Python's safetensors writes them.
        byte[] data = {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0};
        var c = SafeTensors.read(
                file(
                        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                + "\"__metadata__\":{\"format\":\"pt\"}}",
                        data),
                "test");
        assertArrayEquals(new float[] {1f, -2f}, c.tensors().get("w").toFloatArray());
        assertEquals("pt", c.metadata().get("format"));
    }

    @Test
    void roundTripsEveryDtype(@TempDir Path dir) throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("dense.kernel", Tensor.arange(6).reshape(2, 3).t()); // a strided view is written in row-major order
        in.put("f64", Tensor.of(1.5, -2.25));
        in.put("i32", Tensor.of(1, -7));
        in.put("i64", Tensor.of(Long.MAX_VALUE, -1L));
        in.put("mask", Tensor.of(true, false, true));
        in.put("scalar", Tensor.scalar(3));
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, in, Map.of("framework", "synapse"));
        var out = SafeTensors.read(f);
        assertEquals(in.keySet(), out.tensors().keySet());
        for (String k : in.keySet()) {
            assertEquals(in.get(k).dtype(), out.tensors().get(k).dtype(), k);
            assertEquals(in.get(k).shape(), out.tensors().get(k).shape(), k);
        }
        assertArrayEquals(
                new float[] {0, 3, 1, 4, 2, 5},
                out.tensors().get("dense.kernel").toFloatArray());
        assertArrayEquals(
                new long[] {Long.MAX_VALUE, -1L}, out.tensors().get("i64").toLongArray());
        assertArrayEquals(
                new boolean[] {true, false, true}, out.tensors().get("mask").toBooleanArray());
        assertEquals("synapse", out.metadata().get("framework"));
        assertEquals(0, headerLength(f) % 8, "header padded to 8 bytes");
    }

    private static long headerLength(Path f) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(f), 0, 8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
    }

    @Test
    void rejectsBadFilesWithAClearMessage() {
        String ok = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] data = new byte[8];
        assertCorrupt("header length", java.util.Arrays.copyOf(file(ok, data), 20));
        assertCorrupt("outside", file(ok, new byte[4]));
        assertCorrupt("needs 12 bytes", file(ok.replace("[2]", "[3]"), data));
        assertCorrupt("dtype F8_E4M3", file(ok.replace("F32", "F8_E4M3"), data));
        assertCorrupt("too large", file(ok.replace("[2]", "[100000,100000,100000]"), data));
        assertCorrupt("invalid dimension", file(ok.replace("[2]", "[-2]"), data));
        assertCorrupt("non-negative", file(ok.replace("[0,8]", "[-8,0]"), data));
        assertCorrupt(
                "overlap",
                file(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                        data));
        assertCorrupt("after the last", file(ok, new byte[12]));
        assertCorrupt("nesting", file("{\"w\":" + "[".repeat(100) + "]".repeat(100) + "}", data));
        byte[] huge = file(ok, data);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        assertCorrupt("impossible", huge);
    }

    private static void assertCorrupt(String fragment, byte[] bytes) {
        var e = assertThrows(CorruptFileException.class, () -> SafeTensors.read(bytes, "f.safetensors"));
        assertTrue(e.getMessage().contains(fragment) && e.getMessage().startsWith("f.safetensors"), e.getMessage());
    }

    @Test
    void randomCorruptionNeverEscapesAsAnythingButAClearError() throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", Tensor.arange(10));
        in.put("b", Tensor.of(1, 2, 3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SafeTensors.write(bytes, in, Map.of("k", "v"));
        byte[] good = bytes.toByteArray();
        Random r = new Random(1);
        for (int i = 0; i < 3000; i++) {
            byte[] b = good.clone();
            switch (i % 3) {
                case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
                default -> {
                    for (int k = 0; k < 4; k++) {
                        b[8 + r.nextInt(b.length - 8)] = (byte) SYMBOLS.charAt(r.nextInt(SYMBOLS.length()));
                    }
                }
            }
            try {
                SafeTensors.read(b, "fuzz");
            } catch (CorruptFileException expected) {
                assertTrue(expected.getMessage().startsWith("fuzz"), expected.getMessage());
            }
        }
    }

    @Test
    void aSparseFileWithASmallHeaderIsRefusedBeforeItsDataIsRead(@TempDir Path dir) throws Exception {
        byte[] head = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        Path f = ModelArchiveTest.sparse(dir.resolve("w.safetensors"), head, 1_900_000_000L);
        long allocated = IoAssertions.allocatedBy(() -> {
            var e = assertThrows(CorruptFileException.class, () -> SafeTensors.read(f));
            assertTrue(
                    e.getMessage().startsWith(f.toString())
                            && e.getMessage().contains("data bytes after the last tensor"),
                    e.getMessage());
        });
        assertTrue(allocated < 4 << 20, allocated + " bytes allocated");
    }
}
