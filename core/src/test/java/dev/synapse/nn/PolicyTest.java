package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.losses.Losses;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Dense;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keras-style mixed precision: half computations, float32 weights and gradients, float32 softmax and losses. */
class PolicyTest {
    @AfterEach
    void restore() {
        Synapse.setGlobalPolicy("float32");
    }

    @Test
    void mixedLayersComputeInHalfAndKeepFloat32Weights() {
        for (String name : new String[] {"mixed_bfloat16", "mixed_float16"}) {
            Synapse.setGlobalPolicy(name);
            DType half = Policy.of(name).computeDtype();
            Dense hidden = Dense.builder(4).activation("tanh").build();
            Dense out = Dense.builder(3).activation("softmax").build();
            Tensor x = Tensor.randn(5, 6);
            Tensor h = hidden.apply(x);
            assertEquals(half, h.dtype(), name + ": hidden output");
            assertEquals(DType.FLOAT32, hidden.weights().get(0).value().dtype(), name + ": kernel");
            Tensor p = out.apply(h);
            assertEquals(DType.FLOAT32, p.dtype(), name + ": softmax stays float32");
            Tensor labels = Tensor.eye(3).tile(2, 1).slice(0, 0, 5);
            Tensor loss = Losses.get("categorical_crossentropy").call(labels, p);
            assertEquals(DType.FLOAT32, loss.dtype());
            loss.backward();
            for (Weight w : hidden.weights()) {
                assertNotNull(w.value().grad(), name + ": gradient reaches " + w.path());
                assertEquals(DType.FLOAT32, w.value().grad().dtype());
            }
            assertEquals(Policy.of(name), hidden.dtypePolicy());
        }
    }

    @Test
    void batchNormStatisticsStayFloat32() {
        Synapse.setGlobalPolicy("mixed_bfloat16");
        BatchNormalization bn = new BatchNormalization();
        // In bfloat16 (spacing 4 near 1000) these are 1000, 1000, 1000, 1004: their mean 1001 is not a bfloat16, so a
        // mean computed in bfloat16 would come out as 1000 or 1002.
        Tensor x = Tensor.of(1000f, 1001f, 1002f, 1003f).reshape(4, 1).to(DType.BFLOAT16);
        Tensor y = bn.apply(x, true);
        assertEquals(DType.BFLOAT16, y.dtype());
        for (Weight w : bn.weights()) {
            assertEquals(DType.FLOAT32, w.value().dtype(), w.path());
        }
        // Moving mean after one step with momentum 0.99: 0.01 * the batch mean of the bfloat16 inputs.
        float[] xs = x.toFloatArray();
        double mean = (xs[0] + xs[1] + xs[2] + xs[3]) / 4.0;
        assertEquals(1001.0, mean);
        Weight movingMean = bn.weights().stream()
                .filter(w -> w.path().contains("moving_mean"))
                .findFirst()
                .orElseThrow();
        assertEquals(0.01 * mean, movingMean.value().item(), 1e-3);
    }

    @Test
    void unknownPolicyNamesAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Synapse.setGlobalPolicy("float16"));
        assertTrue(e.getMessage().contains("mixed_bfloat16"), e.getMessage());
        assertEquals(Policy.FLOAT32, Synapse.globalPolicy());
    }

    @Test
    void compileUnderMixedFloat16WrapsTheOptimizerInALossScalerAsKerasDoes() {
        var sgd = new dev.synapse.optim.SGD(0.1);
        Sequential plain = new Sequential(List.of(Dense.builder(1).build()));
        plain.compile(sgd, "mse");
        assertEquals(sgd, plain.compiled().optimizer(), "float32: the optimizer as given");
        Synapse.setGlobalPolicy("mixed_float16");
        Sequential model = new Sequential(List.of(Dense.builder(1).build()));
        model.compile(sgd, "mse");
        var scaler = assertInstanceOf(
                dev.synapse.optim.LossScaleOptimizer.class, model.compiled().optimizer());
        assertEquals(sgd, scaler.inner());
    }
}
