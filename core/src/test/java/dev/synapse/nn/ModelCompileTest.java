package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.losses.CategoricalCrossentropy;
import dev.synapse.losses.Loss;
import dev.synapse.metrics.AUC;
import dev.synapse.metrics.Accuracy;
import dev.synapse.metrics.Metric;
import dev.synapse.metrics.Metrics;
import dev.synapse.nn.layers.Dense;
import dev.synapse.optim.Adam;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Keras's compile takes names or objects for each argument, mixed freely; so does Model.compile. */
class ModelCompileTest {
    private static final Tensor X = Tensor.fromArray(new float[][] {{1, 0}, {0, 1}, {1, 1}, {0, 0}});
    private static final Tensor Y = Tensor.fromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});

    private static Sequential model() {
        return new Sequential(new Dense(2, "softmax").withInputShape(2));
    }

    /** Compiles with {@code how}, trains one step and returns the logged names. */
    private static List<String> compileAndStep(Consumer<Sequential> how) {
        Synapse.setSeed(3);
        Sequential m = model();
        how.accept(m);
        Map<String, Double> logs = m.trainOnBatch(X, Y);
        assertTrue(Double.isFinite(logs.get("loss")), logs.toString());
        assertEquals(1, m.compiled().optimizer().iterations());
        return List.copyOf(logs.keySet());
    }

    @Test
    void everyMixOfNamesAndObjectsCompilesAndTrains() {
        List<String> none = List.of("loss");
        List<String> acc = List.of("loss", "accuracy");
        List<String> accAuc = List.of("loss", "accuracy", "auc");
        Optimizer adam = new Adam();
        Loss cce = new CategoricalCrossentropy();
        Metric accuracy = new Accuracy();
        // optimizer: name or object; loss: name or object; metrics: none, names, objects or a mix.
        assertEquals(none, compileAndStep(m -> m.compile("adam", "categorical_crossentropy")));
        assertEquals(none, compileAndStep(m -> m.compile("adam", new CategoricalCrossentropy())));
        assertEquals(none, compileAndStep(m -> m.compile(new Adam(), "categorical_crossentropy")));
        assertEquals(none, compileAndStep(m -> m.compile(new Adam(), new CategoricalCrossentropy())));
        assertEquals(acc, compileAndStep(m -> m.compile("adam", "categorical_crossentropy", "accuracy")));
        assertEquals(acc, compileAndStep(m -> m.compile("adam", new CategoricalCrossentropy(), "accuracy")));
        assertEquals(acc, compileAndStep(m -> m.compile(new Adam(), "categorical_crossentropy", "accuracy")));
        assertEquals(acc, compileAndStep(m -> m.compile(new Adam(), new CategoricalCrossentropy(), "accuracy")));
        assertEquals(acc, compileAndStep(m -> m.compile("adam", "categorical_crossentropy", new Accuracy())));
        assertEquals(acc, compileAndStep(m -> m.compile("adam", new CategoricalCrossentropy(), new Accuracy())));
        assertEquals(acc, compileAndStep(m -> m.compile(new Adam(), "categorical_crossentropy", new Accuracy())));
        assertEquals(acc, compileAndStep(m -> m.compile(new Adam(), new CategoricalCrossentropy(), new Accuracy())));
        assertEquals(accAuc, compileAndStep(m -> m.compile("adam", "categorical_crossentropy", "accuracy", new AUC())));
        assertEquals(accAuc, compileAndStep(m -> m.compile("adam", cce, new Accuracy(), "auc")));
        assertEquals(
                accAuc, compileAndStep(m -> m.compile(new Adam(), "categorical_crossentropy", "accuracy", new AUC())));
        assertEquals(accAuc, compileAndStep(m -> m.compile(adam, cce, accuracy, "auc")));
        // Arrays and lists, as a Keras metrics=[...] list held in a variable.
        assertEquals(
                accAuc,
                compileAndStep(m ->
                        m.compile("adam", "categorical_crossentropy", (Object[]) new String[] {"accuracy", "auc"})));
        assertEquals(
                accAuc,
                compileAndStep(m -> m.compile(
                        "adam", "categorical_crossentropy", (Object[]) new Metric[] {new Accuracy(), new AUC()})));
        assertEquals(
                accAuc,
                compileAndStep(
                        m -> m.compile("adam", "categorical_crossentropy", List.of("accuracy", Metrics.get("auc")))));
        List<String> names = new ArrayList<>(List.of("accuracy", "auc"));
        assertEquals(accAuc, compileAndStep(m -> m.compile(new Adam(), cce, names)));
    }

    @Test
    void anythingElseIsRefusedNamingIt() {
        Sequential m = model();
        var e = assertThrows(IllegalArgumentException.class, () -> m.compile("adam", "mse", "accuracy", 42));
        assertTrue(
                e.getMessage().contains("java.lang.Integer 42")
                        && e.getMessage().contains("Metric"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.compile("adam", "mse", (Object) null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Compiled(
                        new Adam(),
                        new CategoricalCrossentropy(),
                        java.util.Arrays.<Metric>asList(new Accuracy(), null)));
        assertEquals(
                1,
                new Compiled(new Adam(), new CategoricalCrossentropy(), List.of(new Accuracy()))
                        .metrics()
                        .size());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.compile((String) null, "mse"))
                .getMessage()
                .contains("'null'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.compile(new Adam(), (Loss) null))
                .getMessage()
                .contains("loss null"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.compile("adam", "mse", "acuracy"))
                .getMessage()
                .contains("acuracy"));
    }
}
