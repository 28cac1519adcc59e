package dev.synapse.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * safetensors F16, BF16, U8, I8 and I16: a file written by PyTorch's {@code safetensors.torch.save_file}
 * ({@code half_and_bytes.py} beside the fixture) reads as the values PyTorch printed, and writing it again keeps
 * every stored bit.
 */
class SafeTensorsHalfTest {
    private static SafeTensors.Contents fixture() throws IOException {
        try (InputStream in = SafeTensorsHalfTest.class.getResourceAsStream("half_and_bytes.safetensors")) {
            assertNotNull(in, "fixture half_and_bytes.safetensors");
            return SafeTensors.read(in.readAllBytes(), "half_and_bytes.safetensors");
        }
    }

    @Test
    void readsWhatPyTorchWrote() throws IOException {
        Map<String, Tensor> t = fixture().tensors();
        Tensor f16 = t.get("f16");
        assertEquals(DType.FLOAT16, f16.dtype());
        float[] v = f16.toFloatArray();
        assertArrayEquals(
                new float[] {0f, 1f, -2.5f, 0.333251953125f, 65504f, 1.1920928955078125e-07f, Float.POSITIVE_INFINITY},
                java.util.Arrays.copyOf(v, 7));
        assertTrue(Float.isNaN(v[7]));

        Tensor bf16 = t.get("bf16");
        assertEquals(DType.BFLOAT16, bf16.dtype());
        assertEquals(Shape.of(2, 4), bf16.shape());
        float[] b = bf16.toFloatArray();
        assertArrayEquals(
                new float[] {0f, 1f, -2.5f, 0.333984375f, 65536f, 1.0011717677116394e-07f, Float.POSITIVE_INFINITY},
                java.util.Arrays.copyOf(b, 7));
        assertTrue(Float.isNaN(b[7]));

        assertEquals(DType.UINT8, t.get("u8").dtype());
        assertArrayEquals(new int[] {0, 1, 127, 128, 200, 255}, t.get("u8").toIntArray());
        assertEquals(DType.INT8, t.get("i8").dtype());
        assertArrayEquals(new int[] {-128, -1, 0, 1, 127}, t.get("i8").toIntArray());
        assertEquals(DType.INT16, t.get("i16").dtype());
        assertArrayEquals(new int[] {-32768, -1, 0, 300, 32767}, t.get("i16").toIntArray());
    }

    @Test
    void ourRoundingMatchesPyTorchsAndWritingKeepsEveryBit() throws IOException {
        Map<String, Tensor> t = fixture().tensors();
        // The same float32 values rounded here give PyTorch's bits (NaN aside, whose payload may differ).
        float[] values = {0f, 1f, -2.5f, 1f / 3f, 65504f, 1e-7f, Float.POSITIVE_INFINITY};
        for (String name : new String[] {"f16", "bf16"}) {
            Tensor ours = Tensor.of(values).to(t.get(name).dtype());
            short[] theirs = (short[]) t.get(name).backend().toHost(t.get(name));
            short[] mine = (short[]) ours.backend().toHost(ours);
            assertArrayEquals(java.util.Arrays.copyOf(theirs, 7), mine, name);
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, new LinkedHashMap<>(t), Map.of());
        Map<String, Tensor> back =
                SafeTensors.read(out.toByteArray(), "written").tensors();
        for (String name : t.keySet()) {
            Tensor a = t.get(name);
            Tensor c = back.get(name);
            assertEquals(a.dtype(), c.dtype(), name);
            assertEquals(a.shape(), c.shape(), name);
            Object bitsA = a.backend().toHost(a);
            Object bitsC = c.backend().toHost(c);
            if (bitsA instanceof short[] s) {
                assertArrayEquals(s, (short[]) bitsC, name);
            } else {
                assertArrayEquals((byte[]) bitsA, (byte[]) bitsC, name);
            }
        }
    }
}
