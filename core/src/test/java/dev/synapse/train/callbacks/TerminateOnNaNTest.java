package dev.synapse.train.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Dense;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.keras.Fit;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminateOnNaNTest {

    /**
     * A NaN feature behind a relu must reach the loss. If relu turned NaN into 0, the loss would stay
     * finite (the output would be the last layer's bias) while the first layer's weights turned NaN,
     * and this callback would never fire.
     */
    @Test
    void aNaNFeatureInAReluNetworkStopsTrainingAtItsBatch() {
        Synapse.setSeed(3);
        Tensor x = Tensor.randn(32, 4);
        float[] features = x.toFloatArray();
        features[10 * 4 + 2] = Float.NaN; // sample 10: the second batch of 8
        x = Tensor.wrap(features, 32, 4);
        Tensor y = Tensor.randn(32, 1);
        Sequential model = new Sequential(new Dense(8, "relu").withInputShape(4), new Dense(1));
        model.compile(new SGD(0.01), "mse");
        TerminateOnNaN stop = new TerminateOnNaN();
        History h = model.fit(
                x, y, Fit.batchSize(8).epochs(5).shuffle(false).verbose(0).callbacks(stop));
        assertEquals(List.of(0), h.epochs(), "stopped in the first epoch");
        assertTrue(stop.reason() != null && stop.reason().startsWith("batch 1:"), String.valueOf(stop.reason()));
        assertTrue(Double.isNaN(h.last("loss")), "the reported loss is NaN, got " + h.last("loss"));
    }
}
