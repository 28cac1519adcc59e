package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.Input;
import dev.synapse.nn.LayerHarness;
import dev.synapse.nn.Weight;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NormalizationLayersTest {
    static List<LayerHarness.Case> harnessCases() {
        return List.of(
                LayerHarness.of(BatchNormalization::new, 4, 3),
                LayerHarness.of(BatchNormalization::new, 4, 3).training(),
                LayerHarness.of(BatchNormalization::new, 3, 2, 2, 2).training(),
                LayerHarness.of(() -> new BatchNormalization(1, 0.9, 1e-5, false, true), 3, 2, 4)
                        .training(),
                LayerHarness.of(NormalizationLayersTest::frozenBatchNormalization, 4, 3)
                        .training(),
                LayerHarness.of(() -> new BatchNormalization(-1, 0.9, 1e-3, false, false), 4, 3)
                        .training(),
                LayerHarness.of(() -> new BatchNormalization(2, 0.5, 1e-3, true, true), 4, 3, 2)
                        .training(),
                LayerHarness.of(LayerNormalization::new, 3, 4),
                LayerHarness.of(LayerNormalization::new, 2, 3, 4),
                LayerHarness.of(() -> new LayerNormalization(1e-6, true, false), 2, 3, 4),
                LayerHarness.of(() -> new LayerNormalization(1e-3, false, false), 2, 3),
                LayerHarness.of(() -> new Embedding(6, 2), 2, 3, 2).integers(0, 6),
                LayerHarness.of(() -> new Embedding(5, 3), 2, 4).integers(0, 5),
                LayerHarness.of(() -> new Embedding(10, 4), 3).integers(0, 10));
    }

    private static BatchNormalization frozenBatchNormalization() {
        BatchNormalization bn = new BatchNormalization();
        bn.setTrainable(false);
        return bn;
    }

    @ParameterizedTest
    @MethodSource("harnessCases")
    void passesTheLayerHarness(LayerHarness.Case c) {
        c.check();
    }

    @Test
    void batchNormTrainingUsesBatchStatisticsAndUpdatesMovingOnes() {
        BatchNormalization bn = new BatchNormalization();
        Tensor x = Tensor.fromArray(new double[][] {{1, 10}, {3, 30}});
        Tensor y = bn.apply(x, true);
        double s = 1 / Math.sqrt(1 + 1e-3);
        assertEquals(-s, y.getDouble(0, 0), 1e-9);
        assertEquals(s, y.getDouble(1, 0), 1e-9);
        assertArrayEquals(new float[] {0.02f, 0.2f}, bn.movingMean().value().toFloatArray(), 1e-6f);
        assertArrayEquals(
                new float[] {0.99f + 0.01f, 0.99f + 1f},
                bn.movingVariance().value().toFloatArray(),
                1e-5f);
        // Inference uses the moving statistics.
        Tensor inf = bn.apply(x, false);
        assertEquals((1 - 0.02) / Math.sqrt(1 + 1e-3), inf.getDouble(0, 0), 1e-6);
        List<Weight> ws = bn.weights();
        assertEquals(
                List.of("gamma", "beta", "moving_mean", "moving_variance"),
                ws.stream().map(Weight::name).toList());
        assertEquals(2, bn.trainableWeights().size());
        assertEquals(2, bn.nonTrainableWeights().size());
        assertFalse(bn.movingMean().value().requiresGrad());
    }

    @Test
    void frozenBatchNormRunsInInferenceMode() {
        BatchNormalization bn = new BatchNormalization();
        Tensor x = Tensor.fromArray(new double[][] {{1}, {3}});
        bn.setTrainable(false);
        Tensor y = bn.apply(x, true);
        assertArrayEquals(new double[] {1 / Math.sqrt(1.001), 3 / Math.sqrt(1.001)}, y.toDoubleArray(), 1e-6);
        assertEquals(0f, bn.movingMean().value().toFloatArray()[0]);
        assertEquals(4, bn.nonTrainableWeights().size());
    }

    @Test
    void batchNormOnImages() {
        BatchNormalization bn = new BatchNormalization();
        assertArrayEquals(
                new int[] {-1, 26, 26, 32}, bn.apply(Input.of(26, 26, 32)).shape());
        assertEquals(128, bn.countParams());
    }

    @Test
    void layerNormNormalizesEachSample() {
        LayerNormalization ln = new LayerNormalization();
        Tensor y = ln.apply(Tensor.fromArray(new double[][] {{1, 3}, {10, 10}}));
        double s = 1 / Math.sqrt(1 + 1e-3);
        assertArrayEquals(new double[] {-s, s, 0, 0}, y.toDoubleArray(), 1e-9);
    }

    @Test
    void embeddingLooksUpRows() {
        Embedding e = new Embedding(4, 2);
        assertArrayEquals(
                new int[] {-1, 5, 2}, e.apply(Input.of(DType.INT32, 5)).shape());
        e.setWeights(Tensor.fromArray(new float[][] {{0, 0}, {1, 1}, {2, 2}, {3, 3}}));
        Tensor out = e.apply(Tensor.fromArray(new int[][] {{3, 1}}));
        assertArrayEquals(new int[] {1, 2, 2}, out.dims());
        assertArrayEquals(new float[] {3, 3, 1, 1}, out.toFloatArray());
        assertTrue(e.apply(Tensor.fromArray(new float[][] {{2}})).toFloatArray()[0] == 2f);
    }

    @Test
    void embeddingRefusesFractionalFloatIndicesRatherThanTruncating() {
        Embedding e = new Embedding(4, 2);
        e.apply(Tensor.fromArray(new float[][] {{3, 0}}));
        IllegalArgumentException x = assertThrows(
                IllegalArgumentException.class, () -> e.apply(Tensor.fromArray(new float[][] {{1, 2.5f}})));
        assertTrue(
                x.getMessage().contains("index 2.5")
                        && x.getMessage().contains("position 1")
                        && x.getMessage().contains("[0, 4)"),
                x.getMessage());
    }
}
