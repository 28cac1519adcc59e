package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.Input;
import dev.synapse.nn.LayerRegistry;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RescalingTest {
    @Test
    void scalesAndShiftsByNumbers() {
        Tensor x = Tensor.of(0.0, 51.0, 255.0).reshape(1, 3);
        assertArrayEquals(
                new double[] {0, 0.2, 1}, new Rescaling(1 / 255.0).apply(x).toDoubleArray(), 1e-15);
        assertArrayEquals(
                new double[] {-1, -0.6, 1},
                new Rescaling(1 / 127.5, -1).apply(x).toDoubleArray(),
                1e-15);
    }

    @Test
    void perChannelArraysBroadcastAsKerasDoes() {
        // (x - mean) / std per channel of a channels-first [1, 2, 1, 2] image, written as x * (1/std) - mean/std.
        Tensor x = Tensor.of(1.0, 3.0, 10.0, 20.0).reshape(1, 2, 1, 2);
        Tensor scale = Tensor.of(0.5, 0.1).reshape(2, 1, 1);
        Tensor offset = Tensor.of(-0.5, -1.0).reshape(2, 1, 1);
        Tensor y = new Rescaling(scale, offset).apply(x);
        assertArrayEquals(new double[] {0, 1, 0, 1}, y.toDoubleArray(), 1e-15);
        // Channels-last: one value per channel on the last axis.
        Tensor z = new Rescaling(Tensor.of(1.0, -1.0), Tensor.of(0.0, 2.0))
                .apply(Tensor.of(4.0, 4.0).reshape(1, 1, 2));
        assertArrayEquals(new double[] {4, -2}, z.toDoubleArray(), 1e-15);
    }

    @Test
    void keepsHalfAndDoubleInputsInTheirDtype() {
        Tensor scale = Tensor.of(2.0, 3.0);
        Rescaling r = new Rescaling(scale, Tensor.scalar(1.0, DType.FLOAT64));
        assertEquals(DType.FLOAT32, r.apply(Tensor.of(1f, 1f).reshape(1, 2)).dtype());
        assertEquals(DType.FLOAT64, r.apply(Tensor.of(1.0, 1.0).reshape(1, 2)).dtype());
    }

    @Test
    void refusesArraysThatWouldWidenTheInput() {
        Rescaling r = new Rescaling(Tensor.of(1.0, 2.0, 3.0), Tensor.scalar(0.0, DType.FLOAT64));
        var e = assertThrows(IllegalArgumentException.class, () -> r.apply(Input.of(4, 2)));
        assertTrue(
                e.getMessage().contains("scale of shape (3,)") && e.getMessage().contains("(None, 4, 2)"),
                e.getMessage());
        // A batch-wide scale would make the output depend on the batch size.
        Rescaling batchWide = new Rescaling(Tensor.of(1.0, 2.0).reshape(2, 1), Tensor.scalar(0.0, DType.FLOAT64));
        assertThrows(IllegalArgumentException.class, () -> batchWide.apply(Input.of(1)));
        assertThrows(IllegalArgumentException.class, () -> new Rescaling(Double.NaN));
    }

    @Test
    void configHoldsNumbersAndNestedListsAsKerasWritesThem() {
        Map<String, Object> c = new Rescaling(0.5, 1.0).getConfig();
        assertEquals(0.5, c.get("scale"));
        assertEquals(1.0, c.get("offset"));
        Rescaling array = new Rescaling(Tensor.of(1.0, 2.0).reshape(2, 1, 1), Tensor.scalar(0.0, DType.FLOAT64));
        assertEquals(
                List.of(List.of(List.of(1.0)), List.of(List.of(2.0))),
                array.getConfig().get("scale"));
        Rescaling back = (Rescaling) LayerRegistry.fromConfig(LayerRegistry.serialize(array));
        assertArrayEquals(new int[] {2, 1, 1}, back.scaleShape());
        assertArrayEquals(new double[] {1, 2}, back.scale());
        // Keras's own config: offset absent means 0.
        Rescaling keras = Rescaling.fromConfig(Map.of("name", "r", "scale", 0.25));
        assertArrayEquals(new double[] {0}, keras.offset());
        assertThrows(
                IllegalArgumentException.class,
                () -> Rescaling.fromConfig(Map.of("scale", List.of(List.of(1.0), List.of(1.0, 2.0)))));
    }
}
