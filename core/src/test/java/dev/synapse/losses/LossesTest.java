package dev.synapse.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.autograd.GradCheck;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Values are the worked examples of Keras's loss documentation. */
class LossesTest {
    private static final Tensor Y01 = Tensor.fromArray(new float[][] {{0, 1}, {0, 0}});
    private static final Tensor P46 = Tensor.fromArray(new float[][] {{0.6f, 0.4f}, {0.4f, 0.6f}});

    @Test
    void regressionLosses() {
        Tensor yp = Tensor.fromArray(new float[][] {{1, 1}, {1, 0}});
        assertEquals(0.5, Losses.get("mse").call(Y01, yp).item(), 1e-6);
        assertEquals(0.5, Losses.get("mae").call(Y01, yp).item(), 1e-6);
        assertEquals(0.155, Losses.get("huber").call(Y01, P46).item(), 1e-6);
        assertEquals(0.45814, Losses.get("kld").call(Y01, P46).item(), 1e-4);
        Tensor ct = Tensor.fromArray(new float[][] {{0, 1}, {1, 1}});
        Tensor cp = Tensor.fromArray(new float[][] {{1, 0}, {1, 1}});
        assertEquals(-0.5, Losses.get("cosine_similarity").call(ct, cp).item(), 1e-6);
    }

    @Test
    void crossEntropies() {
        assertEquals(0.81492, Losses.get("binary_crossentropy").call(Y01, P46).item(), 1e-4);
        Tensor yt = Tensor.of(0f, 1f, 0f, 0f);
        Tensor logits = Tensor.of(-18.6f, 0.51f, 2.94f, -12.8f);
        assertEquals(0.86545, new BinaryCrossentropy(true).call(yt, logits).item(), 1e-4);
        Tensor oneHot = Tensor.fromArray(new float[][] {{0, 1, 0}, {0, 0, 1}});
        Tensor probs = Tensor.fromArray(new float[][] {{0.05f, 0.95f, 0}, {0.1f, 0.8f, 0.1f}});
        assertEquals(
                1.1769392,
                Losses.get("categorical_crossentropy").call(oneHot, probs).item(),
                1e-5);
        assertEquals(
                1.1769392,
                Losses.get("sparse_categorical_crossentropy")
                        .call(Tensor.of(1, 2), probs)
                        .item(),
                1e-5);
        assertEquals(
                1.1769392,
                Losses.get("sparse_categorical_crossentropy")
                        .call(Tensor.of(1f, 2f).reshape(2, 1), probs)
                        .item(),
                1e-5);
    }

    @Test
    void logitsAreStableForHugeValues() {
        Tensor logits = Tensor.fromArray(new float[][] {{1000f, -1000f, 0f}});
        double ce = new CategoricalCrossentropy(true)
                .call(Tensor.fromArray(new float[][] {{0, 1, 0}}), logits)
                .item();
        assertEquals(2000.0, ce, 1e-2);
        double sparse = new SparseCategoricalCrossentropy(true)
                .call(Tensor.of(0), logits)
                .item();
        assertEquals(0.0, sparse, 1e-6);
        double bce = new BinaryCrossentropy(true)
                .call(Tensor.of(0f), Tensor.of(500f))
                .item();
        assertEquals(500.0, bce, 1e-3);
    }

    @Test
    void labelSmoothingAndSampleWeights() {
        Tensor oneHot = Tensor.fromArray(new float[][] {{0, 1}});
        Tensor logits = Tensor.fromArray(new float[][] {{0f, 0f}});
        // Any smoothing of a uniform prediction keeps the loss at ln 2.
        assertEquals(
                Math.log(2),
                new CategoricalCrossentropy(true, 0.2).call(oneHot, logits).item(),
                1e-6);
        Tensor yt = Tensor.fromArray(new float[][] {{0f}, {1f}});
        Tensor yp = Tensor.fromArray(new float[][] {{1f}, {1f}});
        // per-sample MSE 1 and 0; weights 3 and 5: (3*1 + 5*0) / 2 samples.
        assertEquals(1.5, Losses.get("mse").call(yt, yp, Tensor.of(3f, 5f)).item(), 1e-6);
        assertEquals(2, new MeanSquaredError(Loss.Reduction.NONE).call(yt, yp).size());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Generator g = new Generator(9);
        Tensor logits = Tensor.normal(0, 2, g, 3, 4).to(DType.FLOAT64);
        Tensor oneHot = Tensor.of(0, 3, 1).oneHot(4).to(DType.FLOAT64);
        GradCheck.check(t -> new CategoricalCrossentropy(true, 0.1).call(oneHot, t[0]), logits);
        GradCheck.check(t -> new SparseCategoricalCrossentropy(true).call(Tensor.of(0, 3, 1), t[0]), logits);
        GradCheck.check(t -> new BinaryCrossentropy(true).call(oneHot, t[0]), logits);
        Tensor probs = Tensor.uniform(0.1, 0.9, g, 3, 4).to(DType.FLOAT64);
        GradCheck.check(t -> new CategoricalCrossentropy().call(oneHot, t[0]), probs);
        GradCheck.check(t -> new BinaryCrossentropy().call(oneHot, t[0]), probs);
        GradCheck.check(t -> new KLDivergence().call(oneHot.add(0.1), t[0]), probs);
        GradCheck.check(t -> new Huber().call(oneHot, t[0]), logits);
        GradCheck.check(t -> new CosineSimilarity().call(oneHot.add(0.5), t[0]), logits);
        GradCheck.check(t -> new MeanAbsoluteError().call(oneHot, t[0]), logits);
        GradCheck.check(t -> new MeanSquaredError().call(oneHot, t[0].t().t()), logits);
    }

    @Test
    void mistakesAreExplained() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Losses.get("categorical_crossentropy").call(Tensor.of(1, 2), Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("sparse_categorical_crossentropy"), e.getMessage());
        var s = assertThrows(
                IllegalArgumentException.class,
                () -> Losses.get("sparse_categorical_crossentropy").call(Tensor.zeros(2, 3), Tensor.zeros(2, 3)));
        assertTrue(s.getMessage().contains("categorical_crossentropy"), s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.get("hinge2"));
    }

    @Test
    void configsRoundTripWithTheirOptions() {
        for (Loss l : new Loss[] {
            new CategoricalCrossentropy(true, 0.1),
            new BinaryCrossentropy(true, 0.2, Loss.Reduction.SUM),
            new SparseCategoricalCrossentropy(true, Loss.Reduction.NONE),
            new Huber(2.5, Loss.Reduction.SUM_OVER_BATCH_SIZE),
            new MeanSquaredError(),
            new KLDivergence(),
            new CosineSimilarity(),
            new MeanAbsoluteError()
        }) {
            Loss back = Losses.fromConfig(l.getConfig());
            assertEquals(l.getClass(), back.getClass());
            assertEquals(l.getConfig(), back.getConfig());
        }
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Losses.fromConfig(java.util.Map.of("name", "huber", "delta", "big")));
        assertTrue(e.getMessage().contains("delta"), e.getMessage());
    }
}
