package dev.synapse.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.CorruptFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The protobuf reader against a PyTorch export and against hand-encoded messages, valid and not. */
class OnnxReaderTest {
    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] intField(int field, long v) {
        return cat(varint((long) field << 3), varint(v));
    }

    private static byte[] bytesField(int field, byte[] payload) {
        return cat(varint((long) field << 3 | 2), varint(payload.length), payload);
    }

    private static byte[] stringField(int field, String s) {
        return bytesField(field, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] model(byte[] graph) {
        return cat(intField(1, 8), bytesField(7, graph));
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    @Test
    void readsAPyTorchExport() throws IOException {
        OnnxGraph g = OnnxReader.read(OnnxImporterTest.fixture("cnn.onnx"));
        assertEquals(17, g.opset());
        assertEquals(10, g.nodes().size());
        assertEquals("Conv", g.nodes().get(0).opType());
        assertArrayEquals(new long[] {1, 1, 1, 1}, g.nodes().get(0).intsAttr("pads"));
        assertEquals(1, g.inputs().size());
        assertArrayEquals(new long[] {-1, 1, 12, 12}, g.inputs().get(0).dims());
        OnnxTensor w = g.initializers().get("features.0.weight");
        assertArrayEquals(new long[] {4, 1, 3, 3}, w.dims());
        assertEquals(36, w.floats().length);
    }

    @Test
    void readsTypedAndHalfPrecisionData() throws IOException {
        byte[] packedFloats = bytesField(4, floats(1.5f, -2f));
        byte[] a = cat(intField(1, 2), intField(2, OnnxTensor.FLOAT), stringField(8, "a"), packedFloats);
        byte[] b = cat(
                intField(1, 3),
                intField(2, OnnxTensor.INT64),
                stringField(8, "b"),
                intField(7, 5),
                intField(7, -1),
                intField(7, 7));
        ByteBuffer half = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        half.putShort(Float.floatToFloat16(0.25f)).putShort(Float.floatToFloat16(-3f));
        byte[] c =
                cat(intField(1, 2), intField(2, OnnxTensor.FLOAT16), stringField(8, "c"), bytesField(9, half.array()));
        OnnxGraph g = OnnxReader.read(model(cat(bytesField(5, a), bytesField(5, b), bytesField(5, c))), "t.onnx");
        assertArrayEquals(new float[] {1.5f, -2f}, g.initializers().get("a").floats());
        assertArrayEquals(new long[] {5, -1, 7}, g.initializers().get("b").longs());
        assertArrayEquals(new float[] {0.25f, -3f}, g.initializers().get("c").floats());
    }

    @Test
    void rawDataOfTheWrongSizeNamesTheInitializer() {
        byte[] t = cat(
                intField(1, 4),
                intField(2, OnnxTensor.FLOAT),
                stringField(8, "fc.weight"),
                bytesField(9, floats(1, 2)));
        CorruptFileException e =
                assertThrows(CorruptFileException.class, () -> OnnxReader.read(model(bytesField(5, t)), "m.onnx"));
        assertEquals(
                "m.onnx: initializer 'fc.weight': raw_data holds 8 bytes, but dims [4] of type 1 need 16",
                e.getMessage());
    }

    @Test
    void externalDataIsRefusedWithWhatToDo() {
        byte[] t = cat(intField(1, 4), intField(2, OnnxTensor.FLOAT), stringField(8, "w"), intField(14, 1));
        CorruptFileException e =
                assertThrows(CorruptFileException.class, () -> OnnxReader.read(model(bytesField(5, t)), "m.onnx"));
        assertTrue(
                e.getMessage().startsWith("m.onnx: initializer 'w': its data lies in an external file"),
                e.getMessage());
        assertTrue(e.getMessage().contains("save_as_external_data=False"), e.getMessage());
    }

    @Test
    void aLengthPastTheEndNamesTheNode() {
        byte[] node = cat(stringField(3, "/conv/Conv"), stringField(4, "Conv"), varint(1 << 3 | 2), varint(1000));
        CorruptFileException e =
                assertThrows(CorruptFileException.class, () -> OnnxReader.read(model(bytesField(1, node)), "m.onnx"));
        assertTrue(e.getMessage().startsWith("m.onnx: node 0 '/conv/Conv': a field at byte"), e.getMessage());
        assertTrue(e.getMessage().contains("claims 1000 bytes"), e.getMessage());
    }

    @Test
    void subgraphsNestAtMostEightDeep() {
        byte[] graph = cat(stringField(2, "body"));
        for (int depth = 0; depth < OnnxReader.MAX_DEPTH + 2; depth++) {
            byte[] attr = cat(stringField(1, "body"), intField(20, OnnxAttribute.GRAPH), bytesField(6, graph));
            byte[] node = cat(stringField(4, "Loop"), bytesField(5, attr));
            graph = bytesField(1, node);
        }
        byte[] nested = graph;
        CorruptFileException e =
                assertThrows(CorruptFileException.class, () -> OnnxReader.read(model(nested), "m.onnx"));
        assertTrue(e.getMessage().contains("subgraphs nest more than 8 deep"), e.getMessage());
    }

    @Test
    void anEmptyFileHasNoGraph() {
        CorruptFileException e =
                assertThrows(CorruptFileException.class, () -> OnnxReader.read(new byte[0], "empty.onnx"));
        assertEquals("empty.onnx: model: no graph", e.getMessage());
    }
}
