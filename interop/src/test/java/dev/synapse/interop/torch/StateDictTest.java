package dev.synapse.interop.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.CorruptFileException;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictTest {
    @TempDir
    Path dir;

    @Test
    void viewsOfOneStorageAreRebuiltFromOffsetAndStrides() throws IOException {
        // base = arange(12).reshape(3, 4); t = base.t(); slice = base[1:, ::2]; row = base[2]
        Map<String, Tensor> t = StateDict.read(Fixtures.path("views.pt")).tensors();
        assertEquals(List.of("base", "t", "slice", "row"), List.copyOf(t.keySet()));
        assertArrayEquals(new int[] {4, 3}, t.get("t").dims());
        assertArrayEquals(
                new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.get("t").toFloatArray());
        assertArrayEquals(new int[] {2, 2}, t.get("slice").dims());
        assertArrayEquals(new float[] {4, 6, 8, 10}, t.get("slice").toFloatArray());
        assertArrayEquals(new float[] {8, 9, 10, 11}, t.get("row").toFloatArray());
    }

    @Test
    void everyDtypeTorchSavesIsRead() throws IOException {
        Map<String, Tensor> t = StateDict.read(Fixtures.path("dtypes.pt")).tensors();
        assertEquals(DType.FLOAT64, t.get("f64").dtype());
        assertArrayEquals(new double[] {1.5, -2.25}, t.get("f64").toDoubleArray());
        assertEquals(DType.FLOAT16, t.get("f16").dtype());
        assertArrayEquals(new float[] {0.5f, -3f, 65504f}, t.get("f16").toFloatArray());
        assertEquals(DType.BFLOAT16, t.get("bf16").dtype());
        assertArrayEquals(new float[] {1f, -2.5f}, t.get("bf16").toFloatArray());
        assertArrayEquals(new long[] {-(1L << 40), 7}, t.get("i64").toLongArray());
        assertArrayEquals(new int[] {-5, 1 << 30}, t.get("i32").toIntArray());
        assertEquals(DType.INT16, t.get("i16").dtype());
        assertArrayEquals(new float[] {-300, 300}, t.get("i16").toFloatArray());
        assertArrayEquals(new float[] {-128, 127}, t.get("i8").toFloatArray());
        assertArrayEquals(new float[] {0, 255}, t.get("u8").toFloatArray());
        assertArrayEquals(new boolean[] {true, false, true}, t.get("bool").toBooleanArray());
        assertArrayEquals(new int[0], t.get("scalar").dims());
        assertArrayEquals(new float[] {3f}, t.get("scalar").toFloatArray());
        assertArrayEquals(new int[] {1, 2}, t.get("param").dims()); // an nn.Parameter: _rebuild_parameter
    }

    @Test
    void ptAndSafetensorsHoldTheSameTensors() throws IOException {
        Map<String, Tensor> pt = StateDict.read(Fixtures.path("batchnorm.pt")).tensors();
        Map<String, Tensor> st =
                StateDict.read(Fixtures.path("batchnorm.safetensors")).tensors();
        assertEquals(pt.keySet(), st.keySet());
        for (String k : pt.keySet()) {
            assertArrayEquals(pt.get(k).dims(), st.get(k).dims(), k);
            assertArrayEquals(pt.get(k).toDoubleArray(), st.get(k).toDoubleArray(), k);
        }
    }

    @Test
    void zip64ArchivesAreReadAsTorchWritesThemPast4GiB() throws IOException {
        // cnn_zip64.pt is cnn.pt with every size and offset in zip64 fields (make_zip64.py; torch.load reads it).
        Map<String, Tensor> plain = StateDict.read(Fixtures.path("cnn.pt")).tensors();
        Map<String, Tensor> zip64 =
                StateDict.read(Fixtures.path("cnn_zip64.pt")).tensors();
        assertEquals(List.copyOf(plain.keySet()), List.copyOf(zip64.keySet()));
        for (String k : plain.keySet()) {
            assertArrayEquals(plain.get(k).dims(), zip64.get(k).dims(), k);
            assertArrayEquals(plain.get(k).toDoubleArray(), zip64.get(k).toDoubleArray(), k);
        }
        var model = TorchWeightsTest.model("cnn");
        assertTrue(TorchWeights.load(model, Fixtures.path("cnn_zip64.pt")).isComplete());
        Fixtures.maxDiff(
                TorchWeightsTest.predict(model, "cnn"), Fixtures.io("cnn").get("y"));
    }

    @Test
    void filesPast4GiBAreWrittenWithZip64Records() throws IOException {
        // A 4 GiB file does not fit a unit test: the same records are written for every offset from 0 on.
        Map<String, Tensor> cnn = StateDict.read(Fixtures.path("cnn.pt")).tensors();
        Path file = dir.resolve("zip64.pt");
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            PtFile.write(out, cnn, 0);
        }
        // With -Dsynapse.torch.dump=DIR the file is kept as DIR/zip64.pt (torch.load reads it, as checked by hand).
        String dump = System.getProperty("synapse.torch.dump");
        if (dump != null) {
            java.nio.file.Files.createDirectories(Path.of(dump));
            java.nio.file.Files.copy(
                    file, Path.of(dump, "zip64.pt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        java.nio.ByteBuffer end =
                java.nio.ByteBuffer.wrap(bytes, bytes.length - 22, 22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x06054b50, end.getInt(bytes.length - 22));
        assertEquals(0xFFFFFFFF, end.getInt(bytes.length - 22 + 16), "the directory's offset is in the zip64 record");
        assertEquals(
                0x07064b50,
                java.nio.ByteBuffer.wrap(bytes)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .getInt(bytes.length - 42),
                "a zip64 locator precedes the end record");
        Map<String, Tensor> back = StateDict.read(file).tensors();
        assertEquals(List.copyOf(cnn.keySet()), List.copyOf(back.keySet()));
        for (String k : cnn.keySet()) {
            assertArrayEquals(cnn.get(k).toDoubleArray(), back.get(k).toDoubleArray(), k);
        }
    }

    @Test
    void writtenFilesReadBackAsTorchsTensors() throws IOException {
        for (String fixture : List.of("dtypes.pt", "views.pt", "conv_autoencoder.pt")) {
            Map<String, Tensor> torch = StateDict.read(Fixtures.path(fixture)).tensors();
            for (String ext : List.of(".pt", ".safetensors")) {
                Path out = dir.resolve(fixture + ext);
                new StateDict(torch).write(out);
                Map<String, Tensor> back = StateDict.read(out).tensors();
                assertEquals(List.copyOf(torch.keySet()), List.copyOf(back.keySet()));
                for (String k : torch.keySet()) {
                    assertEquals(torch.get(k).dtype(), back.get(k).dtype(), k);
                    assertArrayEquals(torch.get(k).dims(), back.get(k).dims(), k);
                    assertArrayEquals(torch.get(k).toDoubleArray(), back.get(k).toDoubleArray(), k);
                }
            }
        }
    }

    @Test
    void writtenPtIsStoredAndAlignedAsTorchWritesIt() throws IOException {
        Path out = dir.resolve("a.pt");
        new StateDict(Map.of("w", Tensor.of(1f, 2f, 3f))).write(out);
        byte[] b = Files.readAllBytes(out);
        try (TorchZip zip = TorchZip.open(out)) {
            assertEquals(
                    List.of(
                            "archive/data.pkl",
                            "archive/.format_version",
                            "archive/.storage_alignment",
                            "archive/byteorder",
                            "archive/data/0",
                            "archive/version"),
                    List.copyOf(zip.entries().keySet()));
            TorchZip.Entry data = zip.entries().get("archive/data/0");
            assertEquals(0, data.dataAt() % 64);
            assertEquals(12, data.size());
            assertEquals(
                    1f,
                    Float.intBitsToFloat(java.nio.ByteBuffer.wrap(b, (int) data.dataAt(), 4)
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .getInt()));
        }
    }

    @Test
    void bigEndianArchivesAreRefusedByName() throws IOException {
        Path p = zip(List.of(
                Map.entry("x/data.pkl", new byte[] {(byte) 0x80, 2, '}', '.'}),
                Map.entry("x/byteorder", "big".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> StateDict.read(p));
        assertTrue(e.getMessage().contains("x/byteorder") && e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void storageSizeMustMatchThePickle() throws IOException {
        Path good = dir.resolve("g.pt");
        new StateDict(Map.of("w", Tensor.of(1f, 2f, 3f))).write(good);
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (TorchZip zip = TorchZip.open(good)) {
            for (TorchZip.Entry e : zip.entries().values()) {
                entries.put(e.name(), zip.read(e));
            }
        }
        entries.put("archive/data/0", new byte[8]); // two floats where the pickle declares three
        Path p = zip(List.copyOf(entries.entrySet()));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> StateDict.read(p));
        assertTrue(e.getMessage().contains("archive/data/0") && e.getMessage().contains("3 elements"), e.getMessage());
    }

    private Path zip(List<Map.Entry<String, byte[]>> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TorchZip.write(out, entries);
        Path p = Files.createTempFile(dir, "crafted", ".pt");
        Files.write(p, out.toByteArray());
        return p;
    }
}
