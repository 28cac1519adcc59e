package dev.synapse.data.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class StandardScalerTest {

    @Test
    void matchesScikitLearnOnASmallTable() {
        // sklearn: StandardScaler().fit([[0, 0], [0, 0], [1, 1], [1, 1]]) -> mean_ [0.5 0.5], scale_ [0.5 0.5]
        Tensor x = Tensor.of(0f, 0, 0, 0, 1, 1, 1, 1).reshape(4, 2);
        StandardScaler s = new StandardScaler();
        Tensor z = s.fitTransform(x);
        assertArrayEquals(new double[] {0.5, 0.5}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, s.scale(), 1e-12);
        assertArrayEquals(new float[] {-1, -1, -1, -1, 1, 1, 1, 1}, z.toFloatArray(), 1e-6f);
        // sklearn: scaler.transform([[2, 2]]) -> [[3. 3.]]
        assertArrayEquals(
                new float[] {3, 3}, s.transform(Tensor.of(2f, 2).reshape(1, 2)).toFloatArray(), 1e-6f);
        assertArrayEquals(x.toFloatArray(), s.inverseTransform(z).toFloatArray(), 1e-6f);
    }

    @Test
    void constantFeaturesKeepScaleOneAndOneRowRoundTrips() {
        Tensor x = Tensor.of(3f, 1, 3, 2, 3, 3).reshape(3, 2);
        StandardScaler s = new StandardScaler().fit(x);
        assertArrayEquals(new double[] {1, Math.sqrt(2.0 / 3)}, s.scale(), 1e-12);
        Tensor row = Tensor.of(3f, 2);
        assertArrayEquals(new float[] {0, 0}, s.transform(row).toFloatArray(), 1e-6f);
        assertArrayEquals(
                new float[] {3, 2}, s.inverseTransform(s.transform(row)).toFloatArray(), 1e-6f);
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertThrows(IllegalStateException.class, () -> new StandardScaler().transform(Tensor.zeros(2, 2)));
        StandardScaler s = new StandardScaler().fit(Tensor.zeros(2, 3));
        assertThrows(IllegalArgumentException.class, () -> s.transform(Tensor.zeros(2, 2)));
    }
}
