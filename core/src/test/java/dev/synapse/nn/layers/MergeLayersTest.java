package dev.synapse.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.Input;
import dev.synapse.nn.LayerHarness;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MergeLayersTest {
    private final Tensor a = Tensor.fromArray(new double[][] {{1, 5}});
    private final Tensor b = Tensor.fromArray(new double[][] {{3, 2}});

    private static double[] run(dev.synapse.nn.Layer l, Tensor... xs) {
        return l.apply(List.of(xs), false).toDoubleArray();
    }

    static List<LayerHarness.Case> harnessCases() {
        return List.of(
                LayerHarness.of(Add::new, 2, 3).and(2, 3).and(2, 3),
                LayerHarness.of(Subtract::new, 2, 3).and(2, 3),
                LayerHarness.of(Multiply::new, 2, 3).and(2, 3),
                LayerHarness.of(Average::new, 2, 3, 2).and(2, 3, 2),
                LayerHarness.of(Maximum::new, 2, 3).and(2, 3),
                LayerHarness.of(Minimum::new, 2, 3).and(2, 3),
                LayerHarness.of(Divide::new, 2, 3).and(2, 3),
                LayerHarness.of(() -> new Concatenate(1), 2, 1, 3).and(2, 2, 3),
                LayerHarness.of(Concatenate::new, 2, 3).and(2, 4),
                LayerHarness.of(() -> new Dot(1, 1, true), 2, 3).and(2, 3),
                LayerHarness.of(() -> new Dot(1), 2, 3, 2).and(2, 3, 4),
                LayerHarness.of(() -> new Dot(1, 2, true), 2, 3, 4).and(2, 5, 3),
                LayerHarness.of(() -> new Dot(-1), 2, 3).and(2, 3),
                LayerHarness.of(() -> new Concatenate(-2), 2, 3, 2).and(2, 1, 2),
                LayerHarness.of(Average::new, 2, 3).and(2, 3).and(2, 3),
                LayerHarness.of(Maximum::new, 2, 3).and(2, 3).and(2, 3),
                LayerHarness.of(() -> new Dot(2), 2, 3, 4).and(2, 5, 4));
    }

    @ParameterizedTest
    @MethodSource("harnessCases")
    void passesTheLayerHarness(LayerHarness.Case c) {
        c.check();
    }

    @Test
    void elementwiseMerges() {
        assertArrayEquals(new double[] {4, 7}, run(new Add(), a, b));
        assertArrayEquals(new double[] {-2, 3}, run(new Subtract(), a, b));
        assertArrayEquals(new double[] {3, 10}, run(new Multiply(), a, b));
        assertArrayEquals(new double[] {2, 3.5}, run(new Average(), a, b));
        assertArrayEquals(new double[] {3, 5}, run(new Maximum(), a, b));
        assertArrayEquals(new double[] {1, 2}, run(new Minimum(), a, b));
        assertArrayEquals(new double[] {1 / 3.0, 2.5}, run(new Divide(), a, b), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new Divide().apply(Input.of(2), Input.of(2), Input.of(2)));
        assertArrayEquals(new double[] {5, 12}, run(new Add(), a, b, a));
        assertThrows(IllegalArgumentException.class, () -> new Subtract().apply(Input.of(2), Input.of(2), Input.of(2)));
        var e = assertThrows(IllegalArgumentException.class, () -> new Add().apply(Input.of(2), Input.of(3)));
        assertTrue(e.getMessage().contains("same shape"), e.getMessage());
    }

    @Test
    void concatenateJoinsAlongTheAxis() {
        assertArrayEquals(new double[] {1, 5, 3, 2}, run(new Concatenate(), a, b));
        assertArrayEquals(
                new int[] {2, 2}, new Concatenate(0).apply(List.of(a, b), false).dims());
        assertArrayEquals(
                new int[] {-1, 3, 9},
                new Concatenate().apply(Input.of(3, 4), Input.of(3, 5)).shape());
    }

    @Test
    void dotProducts() {
        assertArrayEquals(new double[] {13}, run(new Dot(1), a, b));
        double cos = 13 / (Math.sqrt(26) * Math.sqrt(13));
        assertArrayEquals(new double[] {cos}, run(new Dot(1, 1, true), a, b), 1e-9);
        assertArrayEquals(
                new int[] {-1, 3, 5},
                new Dot(2).apply(Input.of(3, 4), Input.of(5, 4)).shape());
        assertArrayEquals(
                new int[] {-1, 4, 6},
                new Dot(1).apply(Input.of(3, 4), Input.of(3, 6)).shape());
        Tensor x = CoreLayersTest.rnd(2, 3, 4);
        Tensor y = CoreLayersTest.rnd(2, 5, 4);
        Tensor d = new Dot(2).apply(List.of(x, y), false);
        assertArrayEquals(x.matmul(y.transpose(1, 2)).toDoubleArray(), d.toDoubleArray(), 1e-12);
    }
}
