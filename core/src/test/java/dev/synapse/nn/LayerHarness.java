package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.SafeTensors;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The checks every single-input layer should pass, in the spirit of Keras's {@code layer_test}: it is
 * built by its first call and not before; its output has the shape {@link Layer#outputShape} predicts;
 * its config rebuilds an equal layer through {@link LayerRegistry}; its weights, written as
 * safetensors and loaded into that rebuilt layer, give the same outputs bit for bit; and in float64 its
 * gradients match finite differences ({@link LayerGradCheck}).
 */
public final class LayerHarness {
    private LayerHarness() {}

    /** Every check, on normal random inputs of {@code inputShape} (batch axis first); returns the layer's output. */
    public static Tensor check(Supplier<Layer> make, int... inputShape) {
        Tensor y = checkWithoutGradients(make, inputShape);
        // A fresh layer, so that it is built in float64 by its first (float64) call.
        LayerGradCheck.check(make.get(), input(inputShape).to(DType.FLOAT64));
        return y;
    }

    /** Every check but the gradient check, for layers that are not differentiable everywhere. */
    public static Tensor checkWithoutGradients(Supplier<Layer> make, int... inputShape) {
        Layer layer = make.get();
        assertFalse(layer.isBuilt(), layer.className() + " is built before its first call");
        Tensor x = input(inputShape);
        Tensor y = layer.apply(x, false);
        assertTrue(layer.isBuilt(), layer.className() + " is built by its first call");
        assertEquals(DType.FLOAT32, y.dtype(), "a float32 input gives a float32 output");
        assertArrayEquals(layer.outputShape(inputShape), y.dims(), layer.className() + ": output shape");

        Map<String, Object> config = LayerRegistry.serialize(layer);
        Layer copy = LayerRegistry.fromConfig(config);
        assertEquals(layer.getClass(), copy.getClass());
        assertEquals(
                config.toString(), LayerRegistry.serialize(copy).toString(), layer.className() + ": config round trip");

        copy.buildFor(inputShape);
        copy.loadStateDict(savedAndRead(layer));
        assertEquals(layer.countParams(), copy.countParams());
        assertArrayEquals(
                y.toFloatArray(),
                copy.apply(x, false).toFloatArray(),
                layer.className() + ": output after save and load");
        return y;
    }

    private static Tensor input(int... shape) {
        return Tensor.normal(0, 1, new Generator(17), shape);
    }

    /** The layer's weights written as safetensors and read back. */
    private static Map<String, Tensor> savedAndRead(Layer layer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            SafeTensors.write(out, layer.stateDict(), Map.of());
            return SafeTensors.read(out.toByteArray(), layer.name() + "'s weights")
                    .tensors();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
