package dev.synapse.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static TensorDataset tens() {
        return new TensorDataset(Tensor.arange(0, 20, 1).reshape(10, 2), Tensor.arange(0, 10, 1, DType.INT64));
    }

    @Test
    void tensorDatasetSlicesRows() {
        TensorDataset d = tens();
        assertEquals(10, d.size());
        Sample s = d.get(3);
        assertArrayEquals(new float[] {6, 7}, s.x().toFloatArray());
        assertEquals(3, s.y().item());
        assertArrayEquals(new int[] {}, s.y().dims());
        assertThrows(IndexOutOfBoundsException.class, () -> d.get(10));
    }

    @Test
    void mismatchedFirstDimensionsAreRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(4, 2), Tensor.zeros(5)));
        assertTrue(e.getMessage().contains("(4, 2)") && e.getMessage().contains("(5,)"), e.getMessage());
    }

    @Test
    void mapSubsetConcatAndRange() {
        Dataset d = tens().map(x -> x.mul(10)).mapLabels(y -> y.add(1));
        assertArrayEquals(new float[] {20, 30}, d.get(1).x().toFloatArray());
        assertEquals(2, d.get(1).y().item());
        Dataset sub = d.subset(9, 0);
        assertEquals(2, sub.size());
        assertEquals(10, sub.get(0).y().item());
        Dataset both = sub.concat(tens().range(4, 6), tens().range(0, 0), tens().range(7, 8));
        assertEquals(5, both.size());
        assertEquals(10, both.get(0).y().item());
        assertEquals(4, both.get(2).y().item());
        assertEquals(5, both.get(3).y().item());
        assertEquals(7, both.get(4).y().item());
        assertThrows(IndexOutOfBoundsException.class, () -> both.get(5));
        assertThrows(IndexOutOfBoundsException.class, () -> tens().subset(10));
    }

    @Test
    void randomSplitIsDisjointCompleteAndSeeded() {
        List<Dataset> parts = Dataset.randomSplit(tens(), new double[] {0.7, 0.3}, 5);
        assertEquals(7, parts.get(0).size());
        assertEquals(3, parts.get(1).size());
        Set<Long> seen = new HashSet<>();
        for (Dataset p : parts) {
            for (int i = 0; i < p.size(); i++) {
                assertTrue(seen.add((long) p.get(i).y().item()));
            }
        }
        assertEquals(10, seen.size());
        List<Dataset> again = Dataset.randomSplit(tens(), new int[] {7, 3}, 5);
        for (int i = 0; i < 3; i++) {
            assertEquals(parts.get(1).get(i).y().item(), again.get(1).get(i).y().item());
        }
        assertThrows(IllegalArgumentException.class, () -> Dataset.randomSplit(tens(), new int[] {5, 4}, 1));
    }

    @Test
    void collateStacksAndChecksShapes() {
        Batch b = Batch.collate(List.of(tens().get(0), tens().get(5)));
        assertArrayEquals(new int[] {2, 2}, b.x().dims());
        assertArrayEquals(new float[] {0, 1, 10, 11}, b.x().toFloatArray());
        assertArrayEquals(new long[] {0, 5}, b.y().toLongArray());
        Sample odd = new Sample(Tensor.zeros(3), Tensor.scalar(1, DType.INT64));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Batch.collate(List.of(tens().get(0), odd)));
        assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
    }

    @Test
    void collateCopiesNonContiguousViews() {
        Tensor t = Tensor.arange(0, 6, 1).reshape(2, 3).t();
        Batch b = Batch.collate(List.of(new Sample(t, null), new Sample(t, null)));
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5, 0, 3, 1, 4, 2, 5}, b.x().toFloatArray());
    }
}
