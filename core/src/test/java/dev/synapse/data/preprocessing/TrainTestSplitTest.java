package dev.synapse.data.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrainTestSplitTest {

    @Test
    void sizesFollowScikitLearnAndRowsStayPaired() {
        Tensor x = Tensor.arange(0, 1797, 1).reshape(1797, 1);
        Tensor y = Tensor.arange(0, 1797, 1, DType.INT64);
        TrainTestSplit s = TrainTestSplit.trainTestSplit(x, y, 0.20, 17);
        // sklearn: ceil(0.2 * 1797) = 360 test samples, 1437 train samples.
        assertEquals(1437, s.xTrain().dim(0));
        assertEquals(360, s.xTest().dim(0));
        assertArrayEquals(s.yTest().toLongArray(), s.xTest().toLongArray());
        long[] all = new long[1797];
        System.arraycopy(s.yTrain().toLongArray(), 0, all, 0, 1437);
        System.arraycopy(s.yTest().toLongArray(), 0, all, 1437, 360);
        Arrays.sort(all);
        for (int i = 0; i < all.length; i++) {
            assertEquals(i, all[i]);
        }
        TrainTestSplit again = TrainTestSplit.trainTestSplit(x, y, 0.20, 17);
        assertArrayEquals(s.yTest().toLongArray(), again.yTest().toLongArray());
        assertEquals(5, TrainTestSplit.trainTestSplit(x, y, 5, 1).xTest().dim(0));
    }

    @Test
    void stratifiedKeepsClassProportions() {
        long[] labels = new long[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 80 ? 0 : 1;
        }
        Tensor y = Tensor.wrap(labels, 100);
        Tensor x = Tensor.zeros(100, 3);
        TrainTestSplit s = TrainTestSplit.trainTestSplit(x, y, 0.25, 4, true);
        assertArrayEquals(new long[] {20, 5}, Categorical.classCounts(s.yTest()));
        assertArrayEquals(new long[] {60, 15}, Categorical.classCounts(s.yTrain()));
    }

    @Test
    void badSizesAreRefused() {
        Tensor x = Tensor.zeros(10, 1);
        Tensor y = Tensor.zeros(10);
        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.trainTestSplit(x, y, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.trainTestSplit(x, y, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.trainTestSplit(x, Tensor.zeros(9), 0.2, 1));
    }
}
