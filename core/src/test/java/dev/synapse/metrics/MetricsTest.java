package dev.synapse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void accuracyChoosesItsKindLikeKeras() {
        Tensor probs = Tensor.fromArray(new float[][] {{0.1f, 0.9f}, {0.8f, 0.2f}, {0.3f, 0.7f}});
        Metric sparse = Metrics.get("accuracy");
        sparse.update(Tensor.of(1, 1, 1), probs);
        assertEquals(2.0 / 3, sparse.result(), 1e-12);
        Metric categorical = Metrics.get("accuracy");
        categorical.update(Tensor.fromArray(new float[][] {{0, 1}, {1, 0}, {1, 0}}), probs);
        assertEquals(2.0 / 3, categorical.result(), 1e-12);
        Metric binary = Metrics.get("accuracy");
        binary.update(
                Tensor.of(1f, 0f, 1f, 0f).reshape(4, 1),
                Tensor.of(0.6f, 0.4f, 0.4f, 0.2f).reshape(4, 1));
        assertEquals(0.75, binary.result(), 1e-12);
    }

    @Test
    void accumulatesOverTheEpochNotPerBatch() {
        // Batches of 1 and 3 rows: the epoch value is 3/4, the mean of per-batch values would be 2/3.
        Metric acc = new Accuracy();
        acc.update(Tensor.of(0), Tensor.fromArray(new float[][] {{0.1f, 0.9f}}));
        acc.update(Tensor.of(1, 1, 1), Tensor.fromArray(new float[][] {{0.1f, 0.9f}, {0.1f, 0.9f}, {0.1f, 0.9f}}));
        assertEquals(0.75, acc.result(), 1e-12);
        acc.reset();
        assertTrue(Double.isNaN(acc.result()));
    }

    @Test
    void precisionRecallAuc() {
        Tensor t = Tensor.of(1f, 1f, 0f, 0f, 1f);
        Tensor p = Tensor.of(0.9f, 0.4f, 0.6f, 0.1f, 0.8f);
        Metric precision = Metrics.get("precision");
        precision.update(t, p);
        assertEquals(2.0 / 3, precision.result(), 1e-12); // tp 2, fp 1
        Metric recall = Metrics.get("recall");
        recall.update(t, p);
        assertEquals(2.0 / 3, recall.result(), 1e-12); // tp 2, fn 1
        Metric auc = Metrics.get("auc");
        auc.update(t, p);
        // positive scores 0.9, 0.4, 0.8 vs negatives 0.6, 0.1: 5 of 6 pairs ordered right.
        assertEquals(5.0 / 6, auc.result(), 1e-12);
        Metric ties = new AUC();
        ties.update(Tensor.of(1f, 0f), Tensor.of(0.5f, 0.5f));
        assertEquals(0.5, ties.result(), 1e-12);
    }

    @Test
    void errorsAndTopK() {
        Metric mse = Metrics.get("mse");
        mse.update(Tensor.of(1f, 2f), Tensor.of(2f, 4f));
        assertEquals(2.5, mse.result(), 1e-12);
        Metric mae = Metrics.get("mae");
        mae.update(Tensor.of(1f, 2f), Tensor.of(2f, 4f));
        assertEquals(1.5, mae.result(), 1e-12);
        Metric top2 = new TopKCategoricalAccuracy(2);
        top2.update(Tensor.of(2, 0), Tensor.fromArray(new float[][] {{0.5f, 0.2f, 0.3f}, {0.1f, 0.5f, 0.4f}}));
        assertEquals(0.5, top2.result(), 1e-12);
    }

    @Test
    void mismatchedShapesAreNamed() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Metrics.get("mse").update(Tensor.zeros(3), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(4,)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.get("f1"));
    }

    private static final Tensor SCORES = Tensor.fromArray(new float[][] {{0.5f, 0.2f, 0.3f}, {0.1f, 0.5f, 0.4f}});

    @Test
    void sparseLabelsOutsideTheClassesAreRefusedByEveryMetricThatReadsThem() {
        for (Metric m : new Metric[] {
            Metrics.get("accuracy"), Metrics.get("sparse_categorical_accuracy"), new TopKCategoricalAccuracy(2)
        }) {
            String neg = assertThrows(IllegalArgumentException.class, () -> m.update(Tensor.of(0, -1), SCORES))
                    .getMessage();
            assertTrue(
                    neg.contains(m.name())
                            && neg.contains("label -1")
                            && neg.contains("row 1")
                            && neg.contains("3 classes"),
                    neg);
            String big = assertThrows(IllegalArgumentException.class, () -> m.update(Tensor.of(3, 0), SCORES))
                    .getMessage();
            assertTrue(big.contains("label 3") && big.contains("row 0"), big);
            String frac = assertThrows(IllegalArgumentException.class, () -> m.update(Tensor.of(0f, 1.5f), SCORES))
                    .getMessage();
            assertTrue(frac.contains("label 1.5") && frac.contains("row 1"), frac);
            assertTrue(Double.isNaN(m.result()), m.name() + " counted a refused batch");
        }
    }

    @Test
    void topKChecksTheNumberOfLabels() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> new TopKCategoricalAccuracy(1).update(Tensor.of(0), SCORES));
        assertTrue(e.getMessage().contains("1 labels for 2 rows"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new TopKCategoricalAccuracy(1).update(Tensor.zeros(2, 2), SCORES));
    }

    @Test
    void thresholdsMustBeNumbers() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Accuracy("binary_accuracy", Accuracy.Kind.BINARY, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMetric(ConfusionMetric.Kind.RECALL, 1.5));
        new Accuracy("binary_accuracy", Accuracy.Kind.BINARY, 0.0);
    }
}
