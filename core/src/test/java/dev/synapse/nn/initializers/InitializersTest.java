package dev.synapse.nn.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.layers.Dense;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InitializersTest {
    private static double std(double[] v) {
        double m = Arrays.stream(v).average().orElseThrow();
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).average().orElseThrow());
    }

    private static double[] draw(Initializer i, int... shape) {
        return i.create(shape, DType.FLOAT64).toDoubleArray();
    }

    @Test
    void glorotUniformStaysWithinTheLimit() {
        double limit = Math.sqrt(6.0 / (300 + 200));
        double[] v = draw(Initializers.glorotUniform(), 300, 200);
        assertTrue(Arrays.stream(v).allMatch(x -> Math.abs(x) <= limit));
        assertEquals(limit / Math.sqrt(3), std(v), 0.01 * limit);
    }

    @Test
    void truncatedVarianceScalingHasTheIntendedStandardDeviation() {
        // He normal: stddev sqrt(2 / fan_in) after the truncation correction.
        assertEquals(Math.sqrt(2.0 / 400), std(draw(Initializers.heNormal(), 400, 300)), 0.02 * Math.sqrt(2.0 / 400));
        assertEquals(
                Math.sqrt(2.0 / 700), std(draw(Initializers.glorotNormal(), 400, 300)), 0.02 * Math.sqrt(2.0 / 700));
        assertEquals(
                Math.sqrt(1.0 / 400), std(draw(Initializers.lecunNormal(), 400, 300)), 0.02 * Math.sqrt(1.0 / 400));
        VarianceScaling he = (VarianceScaling) Initializers.heNormal();
        assertEquals(Math.sqrt(2.0 / 144) / 0.87962566103423978, he.spread(new int[] {3, 3, 16, 32}), 1e-12);
        VarianceScaling gu = (VarianceScaling) Initializers.glorotUniform();
        assertEquals(Math.sqrt(6.0 / (144 + 288)), gu.spread(new int[] {3, 3, 16, 32}), 1e-12);
        assertEquals(
                Math.sqrt(6.0 / 50), ((VarianceScaling) Initializers.heUniform()).spread(new int[] {50, 7}), 1e-12);
        assertEquals(
                Math.sqrt(3.0 / 50), ((VarianceScaling) Initializers.lecunUniform()).spread(new int[] {50, 7}), 1e-12);
    }

    @Test
    void seed001TruncatedNormalKernelAndZeroBias() {
        Synapse.setSeed(0);
        Dense d = Dense.builder(100)
                .kernelInitializer(Initializers.truncatedNormal(0, 0.01))
                .build();
        d.buildFor(-1, 64);
        double[] w = d.kernel().value().toDoubleArray();
        assertTrue(Arrays.stream(w).allMatch(x -> Math.abs(x) <= 0.02 + 1e-7));
        assertEquals(0.0088, std(w), 0.0003);
        assertArrayEquals(new double[100], d.bias().value().toDoubleArray());
    }

    @Test
    void simpleInitializers() {
        assertArrayEquals(
                new float[] {0, 0},
                Initializers.zeros().create(new int[] {2}, DType.FLOAT32).toFloatArray());
        assertArrayEquals(
                new float[] {1, 1},
                Initializers.ones().create(new int[] {2}, DType.FLOAT32).toFloatArray());
        assertArrayEquals(
                new float[] {3, 3},
                Initializers.constant(3).create(new int[] {2}, DType.FLOAT32).toFloatArray());
        assertArrayEquals(
                new float[] {2, 0, 0, 0, 2, 0},
                Initializers.identity(2).create(new int[] {2, 3}, DType.FLOAT32).toFloatArray());
        double[] u = draw(Initializers.randomUniform(-1, 1), 1000);
        assertTrue(Arrays.stream(u).allMatch(x -> x >= -1 && x < 1));
        assertEquals(0.05, std(draw(Initializers.randomNormal(), 20000)), 0.002);
    }

    @Test
    void orthogonalGivesOrthonormalColumnsOrRows() {
        for (int[] shape : new int[][] {{6, 4}, {4, 6}, {3, 2, 5}}) {
            Tensor q = Initializers.orthogonal().create(shape, DType.FLOAT64);
            Tensor m = q.reshape(-1, shape[shape.length - 1]);
            Tensor gram = m.rank() == 2 && m.dim(0) >= m.dim(1) ? m.t().matmul(m) : m.matmul(m.t());
            int n = gram.dim(0);
            double[] g = gram.toDoubleArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(i == j ? 1.0 : 0.0, g[i * n + j], 1e-9);
                }
            }
        }
    }

    @Test
    void setSeedRepeatsDraws() {
        Synapse.setSeed(1102);
        double[] a = draw(Initializers.glorotUniform(), 5, 5);
        Synapse.setSeed(1102);
        assertArrayEquals(a, draw(Initializers.glorotUniform(), 5, 5));
    }

    @Test
    void kerasNamesAndConfigs() {
        for (String name : new String[] {
            "glorot_uniform",
            "GlorotNormal",
            "he_normal",
            "he_uniform",
            "lecun_normal",
            "lecun_uniform",
            "random_normal",
            "random_uniform",
            "truncated_normal",
            "zeros",
            "ones",
            "orthogonal",
            "identity",
            "constant"
        }) {
            Initializer i = Initializers.get(name);
            var serialized = dev.synapse.nn.Configs.initializer(i);
            Initializer back = Initializers.fromConfig(serialized);
            assertEquals(serialized, dev.synapse.nn.Configs.initializer(back), name);
        }
        assertEquals("HeNormal", Initializers.get("he_normal").className());
        assertThrows(IllegalArgumentException.class, () -> Initializers.get("bogus"));
    }
}
