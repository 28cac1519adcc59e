package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.autograd.GradientTape;
import dev.synapse.nn.layers.Activation;
import dev.synapse.nn.layers.Add;
import dev.synapse.nn.layers.Concatenate;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.Reshape;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

public class FunctionalModelTest {
    /** A functional model and the input layer it starts from are layers: their harness cases. */
    public static List<LayerHarness.Case> harnessCases() {
        return List.of(
                LayerHarness.of(() -> new InputLayer(3), 2, 3)
                        .builtWhenMade("an input has no weights and fixes its shape when made"),
                LayerHarness.of(FunctionalModelTest::twoInputs, 2, 3)
                        .and(2, 2)
                        .builtWhenMade("a functional model is built from its inputs' shapes"));
    }

    private static Model twoInputs() {
        SymbolicTensor a = Input.of(3);
        SymbolicTensor b = Input.of(2);
        SymbolicTensor h = new Concatenate().apply(new Dense(4, Activation.TANH).apply(a), b);
        return new Model(List.of(a, b), new Dense(2).apply(h));
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
    @SuppressWarnings("unchecked")
    void aConfigMissingAPartOrApplyingAnUnlistedLayerIsRefusedByName() {
        SymbolicTensor in = Input.of(3);
        Model m = new Model(in, new Dense(2).apply(in));
        for (String part : List.of("layers", "nodes", "input_layers", "output_layers")) {
            Map<String, Object> c = new java.util.LinkedHashMap<>(m.getConfig());
            c.remove(part);
            var e = assertThrows(IllegalArgumentException.class, () -> Model.fromConfig(c));
            assertTrue(e.getMessage().contains("'" + part + "'"), e.getMessage());
        }
        Map<String, Object> c = new java.util.LinkedHashMap<>(m.getConfig());
        List<Object> nodes = new java.util.ArrayList<>((List<Object>) c.get("nodes"));
        List<Object> first = new java.util.ArrayList<>((List<Object>) nodes.get(0));
        first.set(0, "nowhere");
        nodes.set(0, first);
        c.put("nodes", nodes);
        var e = assertThrows(IllegalArgumentException.class, () -> Model.fromConfig(c));
        assertTrue(e.getMessage().contains("'nowhere'"), e.getMessage());
    }

    /** Seed 000's letter model without its convolutional branches: three branches joined into a 96-wide latent. */
    private record Letters(Model model, SymbolicTensor input, SymbolicTensor latent) {}

    private static Letters letters() {
        var in = Input.of(28, 28);
        var r = new Reshape(28, 28, 1).apply(in);
        var f = new Flatten().apply(r);
        var b1 = new Dense(32, Activation.SIGMOID).apply(new Dense(16, Activation.RELU).apply(f));
        var b2 = new Dense(32, Activation.SIGMOID).apply(f);
        var b3 = new Dense(32, Activation.SIGMOID).apply(new Dense(64, Activation.SIGMOID).apply(f));
        var latent = new Concatenate().named("model_conv_latent").apply(b1, b2, b3);
        var x = new Dense(64).apply(latent);
        var out = new Dense(26, Activation.SOFTMAX).apply(x);
        return new Letters(new Model(in, out), in, latent);
    }

    @Test
    void multiBranchGraphRunsAndLists() {
        Letters l = letters();
        Model m = l.model();
        assertEquals("functional", m.name());
        assertTrue(m.getLayer(0) instanceof InputLayer);
        assertEquals("input_layer", m.getLayer(0).name());
        assertSame(l.latent().layer(), m.getLayer("model_conv_latent"));
        Tensor y = m.apply(Tensor.rand(5, 28, 28));
        assertArrayEquals(new int[] {5, 26}, y.dims());
        double rowSum = y.sum(1).toDoubleArray()[0];
        assertEquals(1.0, rowSum, 1e-5);
        String s = m.summaryString();
        assertTrue(s.contains("Connected to"), s);
        assertTrue(s.contains("model_conv_latent (Concatenate)"), s);
        assertTrue(s.contains("dense_1[0][0]"), s);
    }

    @Test
    void transferModelFreezesTheTrainedGraphAndTrainsOnlyTheHead() {
        Letters l = letters();
        var head = new Dense(10, Activation.SOFTMAX).apply(new Dense(64, Activation.RELU).apply(l.latent()));
        var transfer = new Model(l.input(), head);
        l.model().setTrainable(false);
        String s = transfer.summaryString();
        assertTrue(s.contains("Trainable params: 6,858"), s);
        long trainable =
                transfer.trainableWeights().stream().mapToLong(Weight::size).sum();
        assertEquals(6858, trainable);
        // Frozen weights get no gradient; the head's do.
        Tensor x = Tensor.rand(3, 28, 28);
        Tensor loss = transfer.apply(x, true).square().sum();
        try (var tape = GradientTape.open()) {
            Tensor loss2 = transfer.apply(x, true).square().sum();
            List<Tensor> g = tape.gradient(loss2, transfer.trainableVariables());
            assertEquals(4, g.size());
            g.forEach(t -> assertNotNull(t));
        }
        loss.backward();
        Dense frozen = (Dense) l.model().getLayer("dense");
        assertNull(frozen.kernel().value().grad());
        assertFalse(frozen.kernel().trainable());
        l.model().setTrainable(true);
        assertTrue(frozen.kernel().value().requiresGrad());
    }

    @Test
    void autoencoderFromTheLatentNestsModelsInASequential() {
        Letters l = letters();
        l.model().setTrainable(false);
        var bottleneck = new Dense(32).apply(l.latent());
        var encoder = new Model(l.input(), bottleneck);
        var decIn = Input.of(32);
        var decoder =
                new Model(decIn, new Dense(784, Activation.SIGMOID).apply(new Dense(64, Activation.RELU).apply(decIn)));
        var ae = new Sequential(encoder, decoder);
        assertTrue(ae.isBuilt());
        String s = ae.summaryString();
        assertTrue(s.contains("functional_1 (Functional)") && s.contains("functional_2 (Functional)"), s);
        assertTrue(s.contains("(None, 784)"), s);
        long trainable = 96 * 32 + 32 + 32 * 64 + 64 + 64 * 784 + 784;
        assertTrue(s.contains(String.format(java.util.Locale.ROOT, "Trainable params: %,d", trainable)), s);
        Tensor y = ae.apply(Tensor.rand(2, 28, 28));
        assertArrayEquals(new int[] {2, 784}, y.dims());
        // Weight paths are dotted through the nesting.
        Map<String, Weight> named = ae.namedWeights();
        assertTrue(
                named.containsKey("functional_2.dense_9.kernel"), named.keySet().toString());
        assertTrue(
                named.containsKey("functional_1.dense.kernel"), named.keySet().toString());
    }

    @Test
    void severalInputsAndOutputsAndASharedLayer() {
        var a = Input.of(4);
        var b = Input.of(4);
        var shared = new Dense(3);
        var sa = shared.apply(a);
        var sb = shared.apply(b);
        var sum = new Add().apply(sa, sb);
        var other = new Dense(2).apply(sb);
        var m = new Model(List.of(a, b), List.of(sum, other));
        assertEquals(2, shared.inboundNodes().size());
        assertEquals(15 + 8, m.countParams());
        Tensor xa = Tensor.rand(2, 4);
        Tensor xb = Tensor.rand(2, 4);
        List<Tensor> outs = m.applyAll(List.of(xa, xb), false);
        assertEquals(2, outs.size());
        Tensor expected = shared.apply(xa).add(shared.apply(xb));
        assertArrayEquals(expected.toFloatArray(), outs.get(0).toFloatArray(), 1e-6f);
        assertTrue(m.summaryString().contains("dense[1][0]"), m.summaryString());
    }

    @Test
    void aModelIsALayerInAnotherGraph() {
        var in = Input.of(5);
        var inner = new Model(in, new Dense(3).apply(in));
        var outerIn = Input.of(5);
        var h = inner.apply(outerIn);
        var out = new Dense(1).apply(h);
        var outer = new Model(outerIn, out);
        assertEquals(18 + 4, outer.countParams());
        Tensor x = Tensor.rand(4, 5);
        assertArrayEquals(new int[] {4, 1}, outer.apply(x).dims());
        var e = assertThrows(IllegalArgumentException.class, () -> inner.apply(Input.of(6)));
        assertTrue(e.getMessage().contains("(None, 5)") && e.getMessage().contains("(None, 6)"), e.getMessage());
    }

    @Test
    void aMissingInputIsNamedWhenTheModelIsMade() {
        var a = Input.of(4);
        var b = Input.of(4);
        var sum = new Add().apply(new Dense(2).apply(a), new Dense(2).apply(b));
        var e = assertThrows(IllegalArgumentException.class, () -> new Model(a, sum));
        assertTrue(e.getMessage().contains("input_layer_1"), e.getMessage());
        // Starting from another model's graph without its input fails the same way.
        Letters l = letters();
        var elsewhere = Input.of(96);
        var mixed = new Add().apply(new Dense(8).apply(elsewhere), new Dense(8).apply(l.latent()));
        var e2 = assertThrows(IllegalArgumentException.class, () -> new Model(elsewhere, mixed));
        assertTrue(e2.getMessage().contains("not among the model's inputs"), e2.getMessage());
    }

    @Test
    void shapeErrorsAppearWhenTheGraphIsBuilt() {
        var in = Input.of(32);
        var d = new Dense(8);
        d.apply(Input.of(64));
        var e = assertThrows(IllegalArgumentException.class, () -> d.apply(in));
        assertTrue(e.getMessage().contains("expected input with last dimension 64, got 32"), e.getMessage());
        var e2 = assertThrows(
                IllegalArgumentException.class, () -> new Concatenate(1).apply(Input.of(3, 4), Input.of(5, 6)));
        assertTrue(e2.getMessage().contains("must match except along the concatenation axis"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> new Reshape(5, 5).apply(Input.of(28, 28)));
        assertTrue(e3.getMessage().contains("cannot reshape"), e3.getMessage());
    }

    @Test
    void modelFromAnIntermediateOutputSharesWeights() {
        Letters l = letters();
        var features =
                new Model(l.input(), l.model().getLayer("model_conv_latent").output());
        Tensor x = Tensor.rand(2, 28, 28);
        assertArrayEquals(new int[] {2, 96}, features.apply(x).dims());
        assertSame(((Dense) l.model().getLayer("dense")).kernel(), ((Dense) features.getLayer("dense")).kernel());
    }

    @Test
    void configRoundTripRebuildsTheSameGraph() {
        Letters l = letters();
        Map<String, Object> serialized = LayerRegistry.serialize(l.model());
        Layer copy = LayerRegistry.fromConfig(serialized);
        assertTrue(copy instanceof Model);
        Model m = (Model) copy;
        assertEquals(l.model().countParams(), m.countParams());
        assertEquals(l.model().layers().size(), m.layers().size());
        assertEquals(serialized.toString(), LayerRegistry.serialize(m).toString());
        m.setWeights(l.model().getWeights());
        Tensor x = Tensor.rand(2, 28, 28);
        assertArrayEquals(l.model().apply(x).toFloatArray(), m.apply(x).toFloatArray(), 1e-6f);
    }

    @Test
    void sequentialConfigRoundTrip() {
        var s = new Sequential(Input.of(3), new Dense(4, Activation.TANH), new Dense(2));
        Layer copy = LayerRegistry.fromConfig(LayerRegistry.serialize(s));
        assertTrue(copy instanceof Sequential);
        assertEquals(s.countParams(), copy.countParams());
        assertEquals(
                LayerRegistry.serialize(s).toString(),
                LayerRegistry.serialize(copy).toString());
    }
}
