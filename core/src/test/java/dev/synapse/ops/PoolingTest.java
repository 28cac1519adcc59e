package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.autograd.GradCheck;
import dev.synapse.backend.Pool2dSpec;
import dev.synapse.ops.Convolutions.Padding;
import dev.synapse.ops.Pooling.Pool1dOptions;
import dev.synapse.ops.Pooling.Pool2dOptions;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PoolingTest {
    private static final Generator GEN = new Generator(17);

    private static Tensor rnd(int... shape) {
        return Tensor.normal(0, 1, GEN, shape).to(DType.FLOAT64);
    }

    @Test
    void outputSizesFollowKeras() {
        for (int h = 1; h <= 9; h++) {
            for (int k = 1; k <= 4; k++) {
                for (int s = 1; s <= 3; s++) {
                    Tensor x = Tensor.zeros(2, h, h + 1, 3);
                    Pool2dOptions o = Pool2dOptions.of(k).withStride(s);
                    assertArrayEquals(
                            new int[] {2, (h + s - 1) / s, (h + s) / s, 3},
                            x.maxPool2d(o.withPadding("same")).dims(),
                            "same h=" + h + " k=" + k + " s=" + s);
                    if (k <= h) {
                        assertArrayEquals(
                                new int[] {2, (h - k) / s + 1, (h + 1 - k) / s + 1, 3},
                                x.avgPool2d(o).dims());
                    } else {
                        assertThrows(IllegalArgumentException.class, () -> x.avgPool2d(o));
                    }
                }
            }
        }
        // Keras' default stride is the pool size.
        assertArrayEquals(
                new int[] {1, 14, 14, 24},
                Tensor.zeros(1, 28, 28, 24).maxPool2d(2).dims());
        assertArrayEquals(
                new int[] {1, 3, 5}, Pooling.maxPool1d(Tensor.zeros(1, 7, 5), 2).dims());
    }

    @Test
    void handComputedValues() {
        Tensor x = Tensor.arange(1, 17, 1).reshape(1, 4, 4, 1);
        assertArrayEquals(new float[] {6f, 8f, 14f, 16f}, x.maxPool2d(2).toFloatArray());
        assertArrayEquals(new float[] {3.5f, 5.5f, 11.5f, 13.5f}, x.avgPool2d(2).toFloatArray());
        assertArrayEquals(new float[] {16f}, x.globalMaxPool2d().toFloatArray());
        assertArrayEquals(new float[] {8.5f}, x.globalAvgPool2d().toFloatArray());
        assertArrayEquals(
                new int[] {1, 1, 1, 1}, Pooling.globalAvgPool2d(x, true).dims());
        // "same" with a 2x2 window on 3x3: the padded row/column sits at the bottom/right and is not counted.
        Tensor y = Tensor.arange(1, 10, 1).reshape(1, 3, 3, 1);
        Pool2dOptions same = Pool2dOptions.of(2).withStride(1).withPadding("same");
        assertArrayEquals(
                new float[] {5f, 6f, 6f, 8f, 9f, 9f, 8f, 9f, 9f},
                y.maxPool2d(same).toFloatArray());
        assertArrayEquals(
                new float[] {3f, 4f, 4.5f, 6f, 7f, 7.5f, 7.5f, 8.5f, 9f},
                y.avgPool2d(same).toFloatArray());
        // PyTorch's count_include_pad=True divides by the full window.
        Pool2dOptions padded = Pool2dOptions.of(3).withStride(3).withPadding(Padding.explicit(1));
        assertArrayEquals(
                new float[] {12f / 9},
                y.avgPool2d(padded.withCountIncludePad(true)).toFloatArray(),
                1e-6f);
        assertArrayEquals(new float[] {3f}, y.avgPool2d(padded).toFloatArray());
        // 1-D and global 1-D.
        Tensor seq = Tensor.of(3f, 1f, 4f, 1f, 5f, 9f).reshape(1, 6, 1);
        assertArrayEquals(new float[] {3f, 4f, 9f}, Pooling.maxPool1d(seq, 2).toFloatArray());
        assertArrayEquals(new float[] {2f, 2.5f, 7f}, Pooling.avgPool1d(seq, 2).toFloatArray());
        assertArrayEquals(new float[] {9f}, Pooling.globalMaxPool1d(seq).toFloatArray());
        assertArrayEquals(new float[] {23f / 6}, Pooling.globalAvgPool1d(seq).toFloatArray(), 1e-6f);
    }

    @Test
    void maxPoolGradients() {
        GradCheck.check(t -> t[0].maxPool2d(2), rnd(2, 4, 6, 3));
        GradCheck.check(t -> t[0].maxPool2d(Pool2dOptions.of(3).withStride(2).withPadding("same")), rnd(1, 5, 6, 2));
        GradCheck.check(
                t -> t[0].maxPool2d(Pool2dOptions.of(2, 3).withStride(1, 2).withPadding(Padding.explicit(1, 0, 2, 1))),
                rnd(1, 4, 5, 2));
        GradCheck.check(t -> Pooling.maxPool1d(t[0], new Pool1dOptions(3, 2, Padding.SAME, false)), rnd(2, 7, 3));
    }

    @Test
    void avgPoolGradients() {
        for (boolean include : new boolean[] {false, true}) {
            Pool2dOptions o = Pool2dOptions.of(3)
                    .withStride(2)
                    .withPadding(Padding.explicit(1, 2, 1, 0))
                    .withCountIncludePad(include);
            GradCheck.check(t -> t[0].avgPool2d(o), rnd(2, 5, 6, 3));
            GradCheck.check(
                    t -> Pooling.avgPool1d(
                            t[0],
                            Pool1dOptions.of(2)
                                    .withStride(1)
                                    .withPadding("same")
                                    .withCountIncludePad(include)),
                    rnd(1, 5, 2));
        }
        GradCheck.check(t -> t[0].avgPool2d(Pool2dOptions.of(2).withPadding("same")), rnd(1, 5, 5, 2));
        Pool2dSpec spec = new Pool2dSpec(3, 2, 2, 1, 1, 1, 0, 1, false);
        int[] in = {1, 5, 4, 2};
        GradCheck.check(t -> Pooling.avgPool2dBackward(t[0], spec, in), rnd(1, spec.outHeight(5), spec.outWidth(4), 2));
    }

    @Test
    void globalPoolGradients() {
        GradCheck.check(t -> t[0].globalAvgPool2d(), rnd(2, 3, 4, 5));
        GradCheck.check(t -> t[0].globalMaxPool2d(), rnd(2, 3, 4, 5));
        GradCheck.check(t -> Pooling.globalMaxPool2d(t[0], true), rnd(1, 2, 3, 2));
        GradCheck.check(t -> Pooling.globalAvgPool1d(t[0]), rnd(2, 5, 3));
        GradCheck.check(t -> Pooling.globalMaxPool1d(t[0]), rnd(2, 5, 3));
    }

    @Test
    void gradientsThroughStridedViews() {
        GradCheck.check(t -> t[0].permute(0, 2, 3, 1).maxPool2d(2), rnd(1, 3, 4, 4));
        GradCheck.check(
                t -> t[0].slice(2, 0, 8, 2).avgPool2d(Pool2dOptions.of(2).withStride(1)), rnd(1, 3, 8, 2));
        GradCheck.check(t -> t[0].permute(0, 2, 3, 1).globalMaxPool2d(), rnd(2, 3, 3, 2));
        GradCheck.check(t -> Pooling.maxPool1d(t[0].transpose(1, 2), 2), rnd(1, 3, 6));
    }

    @Test
    void errorsNameTheOpAndShapes() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(4, 4, 3).maxPool2d(2));
        assertTrue(
                e.getMessage()
                        .startsWith("maxPool2d: expected a rank-4 tensor [batch, height, width, channels], got shape "
                                + "(4, 4, 3)"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(1, 2, 2, 3).avgPool2d(3));
        assertTrue(
                e.getMessage().startsWith("avgPool2d: the window 3x3 does not fit in the input (1, 2, 2, 3)"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.zeros(1, 4, 4, 1).maxPool2d(Pool2dOptions.of(2).withPadding(Padding.explicit(2))));
        assertTrue(e.getMessage().contains("must be smaller than the window 2x2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pooling.maxPool1d(Tensor.zeros(1, 4, 4, 1), 2));
        assertTrue(e.getMessage().startsWith("maxPool1d: expected a rank-3 tensor"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.zeros(DType.INT64, 1, 4, 4, 1).maxPool2d(2));
        assertTrue(e.getMessage().startsWith("maxPool2d: expected a float32 or float64 tensor"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Pooling.maxPool2dBackward(
                        Tensor.zeros(1, 4, 4, 1),
                        Tensor.zeros(1, 3, 3, 1),
                        new Pool2dSpec(2, 2, 2, 2, 0, 0, 0, 0, false)));
        assertTrue(
                e.getMessage().contains("expected an output gradient of shape (1, 2, 2, 1), got (1, 3, 3, 1)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pool2dOptions.of(0));
        assertTrue(e.getMessage().startsWith("pool2d:"), e.getMessage());
    }
}
