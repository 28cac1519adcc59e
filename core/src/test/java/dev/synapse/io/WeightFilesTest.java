package dev.synapse.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.Names;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Dense;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightFilesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        Names.clearSession();
        Synapse.setSeed(7);
    }

    private static Model model() {
        return new Sequential(Input.of(3), new Dense(2), new BatchNormalization());
    }

    /**
     * Checks the file byte by byte against the safetensors format as Python's library reads it: an
     * unsigned little-endian 64-bit header size N, N bytes of UTF-8 JSON (padded with spaces) mapping
     * each name to dtype, shape and [begin, end) offsets into the data that follows, tensors packed
     * back to back in offset order with no gaps, and an optional string-to-string __metadata__.
     */
    @Test
    void saveWeightsWritesPlainSafetensors() throws IOException {
        Model m = model();
        m.getLayer(0)
                .weight("kernel")
                .assign(Tensor.of(new float[] {1, -2, 0.5f, 3, 0, -0.25f}).reshape(3, 2));
        Path f = dir.resolve("w.safetensors");
        m.saveWeights(f);
        byte[] b = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"), header);
        Map<String, Object> h = Json.parseObject(header.stripTrailing());
        assertEquals(
                List.of(
                        "__metadata__",
                        "dense.kernel",
                        "dense.bias",
                        "batch_normalization.gamma",
                        "batch_normalization.beta",
                        "batch_normalization.moving_mean",
                        "batch_normalization.moving_variance"),
                List.copyOf(h.keySet()));
        Map<?, ?> meta = (Map<?, ?>) h.get("__metadata__");
        for (Map.Entry<?, ?> e : meta.entrySet()) {
            assertTrue(e.getKey() instanceof String && e.getValue() instanceof String, "metadata is string to string");
        }
        long end = 0;
        for (String name : h.keySet()) {
            if (name.equals("__metadata__")) {
                continue;
            }
            Map<?, ?> t = (Map<?, ?>) h.get(name);
            assertEquals("F32", t.get("dtype"));
            List<?> off = (List<?>) t.get("data_offsets");
            assertEquals(end, off.get(0), name + " follows the previous tensor");
            long elements = 1;
            for (Object d : (List<?>) t.get("shape")) {
                elements *= (Long) d;
            }
            assertEquals(end + 4 * elements, off.get(1));
            end = (Long) off.get(1);
        }
        assertEquals(b.length, 8 + n + end, "the data ends with the last tensor");
        assertEquals(List.of(3L, 2L), ((Map<?, ?>) h.get("dense.kernel")).get("shape"));
        ByteBuffer data = ByteBuffer.wrap(b, (int) (8 + n), 24).order(ByteOrder.LITTLE_ENDIAN);
        float[] kernel = new float[6];
        data.asFloatBuffer().get(kernel);
        assertArrayEquals(new float[] {1, -2, 0.5f, 3, 0, -0.25f}, kernel, "row-major little-endian float32");
    }

    /** A file as Python's safetensors writes it (names sorted, its own order of offsets) loads by name. */
    @Test
    void loadsAHandBuiltFileByName() throws IOException {
        Model m = new Sequential(Input.of(2), new Dense(1));
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"dense.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"dense.kernel\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[4,12]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + h.length + 12).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(h.length).put(h).putFloat(0.5f).putFloat(2f).putFloat(-3f);
        Path f = dir.resolve("py.safetensors");
        Files.write(f, bb.array());
        var report = m.loadWeights(f);
        assertTrue(report.isComplete(), report.toString());
        assertArrayEquals(
                new float[] {2f, -3f}, m.getLayer(0).weight("kernel").value().toFloatArray());
        assertArrayEquals(
                new float[] {0.5f}, m.getLayer(0).weight("bias").value().toFloatArray());
    }

    @Test
    void roundTripIntoAFreshModelOfTheSameStructure() throws IOException {
        Model a = model();
        a.apply(Tensor.randn(8, 3), true);
        Path f = dir.resolve("a.safetensors");
        a.saveWeights(f);
        Names.clearSession();
        Synapse.setSeed(99);
        Model b = model();
        var report = b.loadWeights(f);
        assertEquals(6, report.loaded().size());
        Tensor x = Tensor.randn(4, 3);
        IoAssertions.assertSameBits(a.apply(x), b.apply(x));
    }

    @Test
    void reportsMissingUnexpectedAndMismatchedTensors() throws IOException {
        Model a = new Sequential(Input.of(3), new Dense(2).named("first"), new Dense(4).named("second"));
        Path f = dir.resolve("a.safetensors");
        a.saveWeights(f);
        Model b = new Sequential(
                Input.of(3), new Dense(2).named("first"), new Dense(5).named("second"), new Dense(1).named("third"));
        Tensor before = b.getLayer(0).weight("kernel").value().copy();
        var e = assertThrows(WeightFiles.MismatchException.class, () -> b.loadWeights(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertEquals(List.of("third.kernel", "third.bias"), e.report().missing());
        assertEquals(2, e.report().mismatched().size());
        assertTrue(
                e.report().mismatched().get(0).contains("second.kernel"),
                e.report().mismatched().toString());
        IoAssertions.assertSameBits(before, b.getLayer(0).weight("kernel").value()); // strict: nothing changed

        var report = b.loadWeights(f, false);
        assertEquals(List.of("first.kernel", "first.bias"), report.loaded());
        assertEquals(
                List.of("second.kernel", "second.bias"),
                report.unexpected().isEmpty() ? List.of("second.kernel", "second.bias") : report.unexpected());
        IoAssertions.assertSameBits(
                a.getLayer(0).weight("kernel").value(),
                b.getLayer(0).weight("kernel").value());

        Model c = new Sequential(Input.of(3), new Dense(2).named("first"));
        var r2 = c.loadWeights(f, false);
        assertEquals(List.of("second.kernel", "second.bias"), r2.unexpected());
    }

    @Test
    void float64ValuesLoadIntoFloat32WeightsOnlyWhenNothingRounds() throws IOException {
        Model m = model();
        Map<String, Tensor> exact = new java.util.LinkedHashMap<>(m.stateDict());
        exact.replaceAll((k, v) -> v.to(dev.synapse.tensor.DType.FLOAT64));
        String kernel = exact.keySet().iterator().next();
        Path f = dir.resolve("exact.safetensors");
        SafeTensors.write(f, exact, Map.of());
        assertTrue(m.loadWeights(f).isComplete(), "float32 values widened to float64 come back exactly");

        Map<String, Tensor> rounded = new java.util.LinkedHashMap<>(exact);
        rounded.put(kernel, exact.get(kernel).add(0.1));
        Path g = dir.resolve("rounded.safetensors");
        SafeTensors.write(g, rounded, Map.of());
        float[] before = m.getLayer(0).weight("kernel").value().toFloatArray();
        var e = assertThrows(WeightFiles.MismatchException.class, () -> m.loadWeights(g));
        assertTrue(e.getMessage().contains(kernel) && e.getMessage().contains("round"), e.getMessage());
        assertArrayEquals(before, m.getLayer(0).weight("kernel").value().toFloatArray(), "nothing changed");
    }
}
