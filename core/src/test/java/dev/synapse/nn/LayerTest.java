package dev.synapse.nn;

import static dev.synapse.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.regularizers.Regularizers;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LayerTest {
    @BeforeEach
    void reset() {
        Names.clearSession();
        Synapse.setSeed(1102);
    }

    @Test
    void automaticNamesFollowKeras() {
        assertEquals("dense", new Dense(1).name());
        assertEquals("dense_1", new Dense(1).name());
        assertEquals("explicit", new Dense(1).named("explicit").name());
        // An explicit name gives the automatic one back.
        assertEquals("dense_2", new Dense(1).name());
        assertEquals("conv2d_transpose", Names.snakeCase("Conv2DTranspose"));
        assertEquals("leaky_re_lu", Names.snakeCase("LeakyReLU"));
        assertEquals("max_pooling2d", Names.snakeCase("MaxPooling2D"));
        assertEquals("simple_rnn", Names.snakeCase("SimpleRNN"));
        assertEquals("batch_normalization", Names.snakeCase("BatchNormalization"));
        assertThrows(IllegalArgumentException.class, () -> new Dense(1).named("a.b"));
    }

    @Test
    void buildIsLazyAndWeightsHaveNames() {
        Dense d = new Dense(3);
        assertFalse(d.isBuilt());
        assertTrue(d.weights().isEmpty());
        d.apply(Tensor.ones(2, 4));
        assertTrue(d.isBuilt());
        List<Weight> ws = d.weights();
        assertEquals(2, ws.size());
        assertEquals("dense.kernel", ws.get(0).path());
        assertArrayEquals(new int[] {4, 3}, ws.get(0).shape());
        assertArrayEquals(new float[] {0, 0, 0}, ws.get(1).value().toFloatArray());
        assertTrue(ws.get(0).value().requiresGrad());
        assertEquals(15, d.countParams());
    }

    @Test
    void denseComputesAffineMapWithActivation() {
        Dense d = Dense.builder(2).activation("relu").build();
        d.buildFor(-1, 3);
        d.setWeights(Tensor.fromArray(new float[][] {{1, -1}, {2, 0}, {0, 1}}), Tensor.of(0.5f, -10f));
        Tensor y = d.apply(Tensor.fromArray(new float[][] {{1, 2, 3}}));
        assertArrayEquals(new float[] {5.5f, 0f}, y.toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> d.setWeights(Tensor.ones(3, 2)));
        assertTrue(e.getMessage().contains("expected 2 values"), e.getMessage());
    }

    @Test
    void getAndSetWeightsCopy() {
        Dense d = new Dense(2);
        d.buildFor(-1, 2);
        List<Tensor> w = d.getWeights();
        w.get(0).detach().fill(7);
        assertFalse(d.kernel().value().toFloatArray()[0] == 7f);
        d.setWeights(w);
        assertEquals(7f, d.kernel().value().toFloatArray()[0]);
    }

    @Test
    void regularizersAddToLosses() {
        Dense d = Dense.builder(2)
                .kernelInitializer(Initializers.ones())
                .kernelRegularizer(Regularizers.l2(0.5))
                .biasInitializer(Initializers.constant(-2))
                .biasRegularizer(Regularizers.l1(0.1))
                .build();
        d.buildFor(-1, 3);
        List<Tensor> losses = d.losses();
        assertEquals(2, losses.size());
        assertEquals(0.5 * 6, losses.get(0).item(), 1e-6);
        assertEquals(0.1 * 4, losses.get(1).item(), 1e-6);
        assertEquals(3.4, d.regularizationLoss().item(), 1e-6);
        d.setTrainable(false);
        assertTrue(d.losses().isEmpty());
        assertEquals(0.0, d.regularizationLoss().item());
    }

    @Test
    void activityRegularizerRecordsInTraining() {
        Layer d = new Dense(1, "linear").withActivityRegularizer(Regularizers.l1(1.0));
        d.buildFor(-1, 1);
        ((Dense) d).setWeights(Tensor.fromArray(new float[][] {{2}}), Tensor.of(0f));
        d.apply(Tensor.fromArray(new float[][] {{1}, {-3}}), true);
        assertEquals(8.0, d.regularizationLoss().item(), 1e-6);
        d.apply(Tensor.fromArray(new float[][] {{1}}), false);
        assertEquals(0.0, d.regularizationLoss().item(), 1e-6);
    }

    @Test
    void float64InputBuildsFloat64Weights() {
        Dense d = new Dense(2);
        Tensor y = d.apply(Tensor.ones(1, 3).to(dev.synapse.tensor.DType.FLOAT64));
        assertEquals(dev.synapse.tensor.DType.FLOAT64, d.kernel().dtype());
        assertEquals(dev.synapse.tensor.DType.FLOAT64, y.dtype());
    }

    @Test
    void stateDictRoundTrip() {
        var m = new Sequential(Input.of(3), new Dense(2), new Dense(1));
        Map<String, Tensor> sd = m.stateDict();
        assertEquals(List.of("dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"), List.copyOf(sd.keySet()));
        var m2 = new Sequential(Input.of(3), new Dense(2).named("dense"), new Dense(1).named("dense_1"));
        m2.loadStateDict(sd);
        Tensor x = Tensor.rand(2, 3);
        assertArrayEquals(m.apply(x).toFloatArray(), m2.apply(x).toFloatArray(), 1e-6f);
    }

    @Test
    void loadStateDictWithOneBadShapeChangesNothing() {
        var m = new Sequential(Input.of(3), new Dense(2), new Dense(1));
        Map<String, Tensor> sd = new java.util.LinkedHashMap<>();
        sd.put("dense.kernel", Tensor.ones(3, 2));
        sd.put("dense.bias", Tensor.ones(2));
        sd.put("dense_1.kernel", Tensor.ones(2, 1));
        sd.put("dense_1.bias", Tensor.ones(2));
        assertRefused(m::stateDict, () -> m.loadStateDict(sd), "dense_1.bias", "(2,)");
    }

    @Test
    void loadStateDictWithOneBadDtypeChangesNothing() {
        var m = new Sequential(Input.of(3), new Dense(2), new Dense(1));
        Map<String, Tensor> sd = new java.util.LinkedHashMap<>();
        sd.put("dense.kernel", Tensor.ones(3, 2));
        sd.put("dense.bias", Tensor.ones(2));
        sd.put("dense_1.kernel", Tensor.ones(2, 1));
        sd.put("dense_1.bias", Tensor.ones(1).to(dev.synapse.tensor.DType.INT32));
        assertRefused(m::stateDict, () -> m.loadStateDict(sd), "dense_1.bias", "int32");
        // Floating dtypes still convert into each other.
        sd.put("dense_1.bias", Tensor.ones(1).to(dev.synapse.tensor.DType.FLOAT64));
        m.loadStateDict(sd);
        assertEquals(1.0, m.stateDict().get("dense_1.bias").item(), 0);
    }

    @Test
    void setWeightsWithOneBadShapeChangesNothing() {
        var m = new Sequential(Input.of(3), new Dense(2), new Dense(1));
        assertRefused(
                m::stateDict, () -> m.setWeights(Tensor.ones(3, 2), Tensor.ones(2), Tensor.ones(2, 1), Tensor.ones(3)));
    }

    @Test
    void denseConfigRoundTrip() {
        Dense d = Dense.builder(5)
                .activation("tanh")
                .useBias(false)
                .kernelInitializer("he_normal")
                .kernelRegularizer(Regularizers.l1l2(0.1, 0.2))
                .name("my_dense")
                .build();
        Map<String, Object> c = d.getConfig();
        assertEquals("my_dense", c.get("name"));
        assertEquals("tanh", c.get("activation"));
        Layer copy = LayerRegistry.fromConfig("Dense", c);
        assertEquals(c.toString(), copy.getConfig().toString());
    }
}
