package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.layers.Activation;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

public class SequentialTest {
    /** A sequential model is a layer: its harness cases, lazily built and with an input. */
    public static List<LayerHarness.Case> harnessCases() {
        return List.of(
                LayerHarness.of(
                                () -> new Sequential(
                                        new Dense(3, Activation.TANH),
                                        new BatchNormalization(),
                                        new Dropout(0.2),
                                        new Dense(2)),
                                4,
                                5)
                        .training(),
                LayerHarness.of(() -> new Sequential(new Sequential(new Dense(3)), new Dense(2)), 2, 4),
                LayerHarness.of(() -> new Sequential(Input.of(2, 3), new Flatten(), new Dense(2)), 2, 2, 3)
                        .builtWhenMade("an input fixes the shapes of every layer after it"));
    }

    @ParameterizedTest
    @MethodSource("harnessCases")
    void passesTheLayerHarness(LayerHarness.Case c) {
        c.check();
    }

    @BeforeEach
    void reset() {
        Names.clearSession();
        Synapse.setSeed(1102);
    }

    @Test
    void aConfigWithoutItsLayersIsRefusedByName() {
        var s = new Sequential(Input.of(3), new Dense(2));
        java.util.Map<String, Object> c = new java.util.LinkedHashMap<>(s.getConfig());
        c.remove("layers");
        var e = assertThrows(IllegalArgumentException.class, () -> Sequential.fromConfig(c));
        assertTrue(e.getMessage().contains("'layers'"), e.getMessage());
    }

    @Test
    void seed003CountsTwelveAndEightParameters() {
        var model = new Sequential();
        model.add(Dense.builder(3).activation("relu").inputDim(3).build());
        model.add(new Dense(2, "softmax"));
        assertEquals(12, model.getLayer(0).countParams());
        assertEquals(8, model.getLayer(1).countParams());
        String s = model.summaryString();
        assertTrue(s.contains("Model: \"sequential\""), s);
        assertTrue(s.contains("dense (Dense)"), s);
        assertTrue(s.contains("dense_1 (Dense)"), s);
        assertTrue(s.contains("(None, 3)") && s.contains("(None, 2)"), s);
        assertTrue(s.contains("Total params: 20 (80.00 B)"), s);
        assertTrue(s.contains("Trainable params: 20 (80.00 B)"), s);
        assertTrue(s.contains("Non-trainable params: 0 (0.00 B)"), s);

        model.add(new Dense(2));
        assertEquals(6, model.getLayer(2).countParams());
        assertTrue(model.summaryString().contains("Total params: 26"), model.summaryString());
    }

    @Test
    void seed000DummyModelHas12730TrainableParameters() {
        var model = new Sequential(List.of(
                new Flatten().withInputShape(28, 28),
                new Dense(16, Activation.RELU),
                new Dense(10, Activation.SOFTMAX)));
        String s = model.summaryString();
        assertTrue(s.contains("Trainable params: 12,730 (49.73 KB)"), s);
        assertTrue(s.contains("flatten (Flatten)") && s.contains("(None, 784)"), s);
        assertEquals(3, model.layers().size());
    }

    @Test
    void withoutInputShapeBuildsOnFirstCall() {
        var model = new Sequential(new Dense(4, Activation.TANH), new Dense(2));
        assertFalse(model.isBuilt());
        assertTrue(model.summaryString().contains("0 (unbuilt)"));
        Tensor y = model.apply(Tensor.ones(5, 3));
        assertArrayEquals(new int[] {5, 2}, y.dims());
        assertTrue(model.isBuilt());
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, model.countParams());
        assertTrue(model.summaryString().contains("(None, 2)"), model.summaryString());
    }

    @Test
    void keras3StyleInputFirst() {
        var model = new Sequential(Input.of(8), new Dense(4), new Dense(1));
        assertEquals(2, model.layers().size());
        assertArrayEquals(new int[] {-1, 1}, model.outputs().get(0).shape());
        assertEquals(8 * 4 + 4 + 5, model.countParams());
    }

    @Test
    void shapeMismatchFailsWhenAdded() {
        var model = new Sequential(Input.of(64), new Dense(32));
        Dense d = new Dense(8);
        d.buildFor(-1, 64);
        var e = assertThrows(IllegalArgumentException.class, () -> model.add(d));
        assertTrue(e.getMessage().contains("dense_1: expected input with last dimension 64, got 32"), e.getMessage());
    }

    @Test
    void popRemovesTheLastLayer() {
        var model = new Sequential(Input.of(3), new Dense(4), new Dense(2));
        Layer last = model.pop();
        assertEquals("dense_1", last.name());
        assertEquals(1, model.layers().size());
        assertArrayEquals(new int[] {-1, 4}, model.outputs().get(0).shape());
        assertEquals(16, model.countParams());
    }

    @Test
    void duplicateNamesAreRejected() {
        var model = new Sequential(new Dense(2).named("a"));
        var e = assertThrows(IllegalArgumentException.class, () -> model.add(new Dense(3).named("a")));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void dataOfTheWrongShapeNamesTheModel() {
        var model = new Sequential(Input.of(3), new Dense(2));
        var e = assertThrows(IllegalArgumentException.class, () -> model.apply(Tensor.ones(4, 5)));
        assertTrue(e.getMessage().contains("sequential"), e.getMessage());
        assertTrue(e.getMessage().contains("(None, 3)") && e.getMessage().contains("(4, 5)"), e.getMessage());
    }
}
