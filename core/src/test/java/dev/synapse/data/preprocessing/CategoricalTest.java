package dev.synapse.data.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.data.Dataset;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CategoricalTest {

    @Test
    void toCategoricalLikeKeras() {
        Tensor y = Tensor.wrap(new long[] {0, 2, 1}, 3);
        Tensor oh = Categorical.toCategorical(y, 3);
        assertEquals(DType.FLOAT32, oh.dtype());
        assertArrayEquals(new int[] {3, 3}, oh.dims());
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, oh.toFloatArray());
        assertArrayEquals(oh.toFloatArray(), Categorical.toCategorical(y).toFloatArray());
        assertEquals(DType.INT64, Categorical.oneHot(y, 4).dtype());
        assertArrayEquals(new int[] {3, 4}, Categorical.oneHot(y, 4).dims());
        assertArrayEquals(new long[] {0, 2, 1}, Categorical.argmaxLabels(oh).toLongArray());
    }

    @Test
    void labelsOutsideTheRangeAreRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Categorical.toCategorical(Tensor.wrap(new long[] {26}, 1), 26));
        assertTrue(e.getMessage().contains("subtract 1"), e.getMessage());
        String negative = assertThrows(IllegalArgumentException.class, () -> Categorical.oneHot(Tensor.of(0, 1, -1), 3))
                .getMessage();
        assertTrue(
                negative.contains("label -1") && negative.contains("row 2") && negative.contains("3 classes"),
                negative);
    }

    @Test
    void fractionalLabelsAreRefusedNotTruncated() {
        String m = assertThrows(IllegalArgumentException.class, () -> Categorical.toCategorical(Tensor.of(0f, 1.5f), 3))
                .getMessage();
        assertTrue(m.contains("label 1.5") && m.contains("row 1"), m);
        assertThrows(IllegalArgumentException.class, () -> Categorical.toCategorical(Tensor.of(2.7f)));
        assertThrows(IllegalArgumentException.class, () -> Categorical.classCounts(Tensor.of(0.5f, 1f)));
    }

    @Test
    void classCountsOfTensorsAndDatasets() {
        Tensor y = Tensor.wrap(new long[] {3, 1, 1, 0}, 4);
        assertArrayEquals(new long[] {1, 2, 0, 1}, Categorical.classCounts(y));
        assertArrayEquals(
                new long[] {1, 2, 0, 1}, Categorical.classCounts(Dataset.fromTensorSlices(Tensor.zeros(4, 2), y)));
        assertArrayEquals(new long[] {1, 1}, Categorical.classCounts(Tensor.of(1, 0)));
        assertEquals(DType.INT32, Tensor.of(1, 0).dtype());
    }
}
