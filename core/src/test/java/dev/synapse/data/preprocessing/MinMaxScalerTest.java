package dev.synapse.data.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MinMaxScalerTest {

    @Test
    void matchesScikitLearn() {
        // sklearn docs: MinMaxScaler().fit_transform([[-1, 2], [-0.5, 6], [0, 10], [1, 18]])
        //   -> [[0. 0.], [0.25 0.25], [0.5 0.5], [1. 1.]]; transform([[2, 2]]) -> [[1.5 0.]]
        Tensor x = Tensor.of(-1f, 2, -0.5f, 6, 0, 10, 1, 18).reshape(4, 2);
        MinMaxScaler s = new MinMaxScaler();
        assertArrayEquals(
                new float[] {0, 0, 0.25f, 0.25f, 0.5f, 0.5f, 1, 1},
                s.fitTransform(x).toFloatArray(),
                1e-6f);
        assertArrayEquals(
                new float[] {1.5f, 0},
                s.transform(Tensor.of(2f, 2).reshape(1, 2)).toFloatArray(),
                1e-6f);
        assertArrayEquals(x.toFloatArray(), s.inverseTransform(s.transform(x)).toFloatArray(), 1e-6f);
    }

    @Test
    void customRangeAndConstantFeature() {
        Tensor x = Tensor.of(5f, 0, 5, 4).reshape(2, 2);
        MinMaxScaler s = new MinMaxScaler(-1, 1);
        assertArrayEquals(new float[] {-1, -1, -1, 1}, s.fitTransform(x).toFloatArray(), 1e-6f);
    }
}
