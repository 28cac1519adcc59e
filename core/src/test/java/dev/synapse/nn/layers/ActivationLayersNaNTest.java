package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.nn.Layer;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The activation layers that compose their own selects keep NaN, as {@code keras.layers.ReLU} and {@code LeakyReLU} do.
 */
class ActivationLayersNaNTest {

    @Test
    void reluAndLeakyReluLayersKeepNaNWhateverTheirOptions() {
        Tensor x = Tensor.of(-2.0, Double.NaN, 0.5, 9.0);
        Layer[] layers = {
            new ReLU(),
            new ReLU(6, 0, 0),
            new ReLU(Double.POSITIVE_INFINITY, 0, 1),
            new ReLU(6, 0.1, 1),
            new LeakyReLU(),
            new LeakyReLU(0)
        };
        for (Layer layer : layers) {
            double[] y = layer.apply(x).toDoubleArray();
            for (int i = 0; i < y.length; i++) {
                assertEquals(
                        i == 1,
                        Double.isNaN(y[i]),
                        layer.getClass().getSimpleName() + " " + layer.getConfig() + " element " + i);
            }
        }
    }
}
