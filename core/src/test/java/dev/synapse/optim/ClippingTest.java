package dev.synapse.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.synapse.tensor.Tensor;
import dev.synapse.train.Trainer;
import dev.synapse.train.TrainingModule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Norm clipping, computed on the gradients' device: SGD with learning rate 1 from zero weights leaves each weight at
 * minus its clipped gradient, whose values follow by hand from norms of 3-4-5 triangles.
 */
class ClippingTest {
    private static float[] after(Optimizer.Common common, float[]... gradients) {
        SGD sgd = new SGD(1.0);
        sgd.withCommon(common);
        List<Tensor> weights = new java.util.ArrayList<>();
        List<Tensor> grads = new java.util.ArrayList<>();
        for (float[] g : gradients) {
            weights.add(Tensor.zeros(g.length));
            grads.add(Tensor.of(g));
        }
        sgd.applyGradients(grads, weights);
        float[] out = new float[gradients.length * gradients[0].length];
        for (int i = 0; i < weights.size(); i++) {
            float[] w = weights.get(i).toFloatArray();
            System.arraycopy(w, 0, out, i * w.length, w.length);
        }
        return out;
    }

    @Test
    void clipNormScalesEachGradientAboveTheNormToIt() {
        // |(3, 4)| = 5 > 1: scaled by 1/5; |(0.3, 0.4)| = 0.5 <= 1: kept.
        assertArrayEquals(
                new float[] {-3f * (float) (1 / 5.0), -4f * (float) (1 / 5.0), -0.3f, -0.4f},
                after(new Optimizer.Common(1, 0, 0, 0), new float[] {3, 4}, new float[] {0.3f, 0.4f}),
                0f);
    }

    @Test
    void globalClipNormScalesEveryGradientByTheSameFactor() {
        // The global norm of (3, 0) and (0, 4) is 5.
        assertArrayEquals(
                new float[] {-3f * (float) (2.5 / 5), 0, 0, -4f * (float) (2.5 / 5)},
                after(new Optimizer.Common(0, 0, 2.5, 0), new float[] {3, 0}, new float[] {0, 4}),
                0f);
        assertArrayEquals(
                new float[] {-3, 0, 0, -4},
                after(new Optimizer.Common(0, 0, 5, 0), new float[] {3, 0}, new float[] {0, 4}),
                0f,
                "a norm equal to the bound is not clipped");
    }

    /** Loss {@code w · (3, 4)}: the gradient is (3, 4) whatever w. */
    private static final class Dot extends TrainingModule<Integer> {
        final Tensor w = Tensor.zeros(2).requiresGrad(true);

        @Override
        public Tensor trainingStep(Integer batch, int batchIndex) {
            return w.mul(Tensor.of(3f, 4f)).sum();
        }

        @Override
        public Optimizer configureOptimizers() {
            return new SGD(1.0);
        }

        @Override
        public List<Tensor> parameters() {
            return List.of(w);
        }
    }

    @Test
    void theTrainersGradientClipValScalesByTheBoundOverTheNormPlusEpsilon() {
        Dot module = new Dot();
        Trainer.builder()
                .maxEpochs(1)
                .verbose(0)
                .printSummary(false)
                .gradientClipVal(1)
                .build()
                .fit(module, List.of(0), null);
        float scale = (float) (1 / (5 + 1e-6));
        assertArrayEquals(new float[] {-3f * scale, -4f * scale}, module.w.toFloatArray(), 0f);
        Dot unclipped = new Dot();
        Trainer.builder()
                .maxEpochs(1)
                .verbose(0)
                .printSummary(false)
                .gradientClipVal(6)
                .build()
                .fit(unclipped, List.of(0), null);
        assertArrayEquals(new float[] {-3, -4}, unclipped.w.toFloatArray(), 0f);
    }
}
