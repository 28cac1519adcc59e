package dev.synapse.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.data.Batch;
import dev.synapse.losses.Losses;
import dev.synapse.nn.Input;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Names;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A module whose steps call {@code net.apply(x)} without a flag: the Trainer runs training steps in
 * training mode and validation, test and predict in inference mode, then puts the modes back.
 */
class TrainerModeTest {
    @BeforeEach
    void reset() {
        Names.clearSession();
        Synapse.setSeed(12);
    }

    /** Records, for each step, whether the net was in training mode and whether dropout zeroed anything. */
    static class Net extends TrainingModule<Batch> {
        final Dropout dropout = new Dropout(0.5);
        final BatchNormalization norm = new BatchNormalization();
        final Sequential net = new Sequential(Input.of(16), dropout, norm, new Dense(1));
        final List<String> seen = new ArrayList<>();

        private Tensor forward(String step, Tensor x) {
            Tensor dropped = dropout.apply(x);
            boolean zeros = false;
            for (float v : dropped.toFloatArray()) {
                zeros |= v == 0f;
            }
            seen.add(step + (net.isTraining() ? ":train" : ":eval") + (zeros ? ":dropped" : ""));
            return net.apply(x);
        }

        @Override
        public Tensor trainingStep(Batch b, int i) {
            return Losses.meanSquaredError().call(b.y(), forward("fit", b.x()));
        }

        @Override
        public Object validationStep(Batch b, int i) {
            forward("val", b.x());
            return null;
        }

        @Override
        public Object predictStep(Batch b, int i) {
            return forward("predict", b.x());
        }

        @Override
        public Optimizer configureOptimizers() {
            return new SGD(0.01);
        }

        @Override
        public List<Tensor> parameters() {
            return net.trainableVariables();
        }
    }

    private static List<Batch> batches(int n) {
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Batch(Tensor.ones(8, 16), Tensor.zeros(8, 1)));
        }
        return out;
    }

    private static Trainer trainer(int epochs) {
        return Trainer.builder()
                .maxEpochs(epochs)
                .verbose(0)
                .printSummary(false)
                .build();
    }

    @Test
    void theModuleFindsItsLayerFields() {
        Net m = new Net();
        List<Layer> layers = m.layers();
        assertEquals(3, layers.size());
        assertTrue(layers.contains(m.net) && layers.contains(m.dropout) && layers.contains(m.norm));
    }

    @Test
    void trainingStepsTrainAndValidationStepsInfer() {
        Net m = new Net();
        float[] movingBefore = m.norm.movingMean().value().toFloatArray();
        trainer(2).fit(m, batches(2), batches(1));
        assertEquals(
                List.of(
                        "fit:train:dropped",
                        "fit:train:dropped",
                        "val:eval",
                        "fit:train:dropped",
                        "fit:train:dropped",
                        "val:eval"),
                m.seen);
        assertTrue(
                m.norm.movingMean().value().toFloatArray()[0] != movingBefore[0],
                "batch normalization updated its moving mean in the training steps");
        assertFalse(m.net.isTraining(), "fit gives the layers their mode back (inference, as made)");
    }

    @Test
    void predictValidateAndTestRunInInferenceModeAndRestoreTheMode() {
        Net m = new Net();
        m.net.train();
        Trainer t = trainer(1);
        t.predict(m, batches(1));
        t.validate(m, batches(1));
        t.test(m, batches(1));
        assertEquals(List.of("predict:eval", "val:eval", "val:eval"), m.seen);
        assertTrue(m.net.isTraining() && m.dropout.isTraining(), "the mode set before is back");
    }

    @Test
    void aLayerSetToInferenceInTheEpochStartHookStaysSoForTheEpoch() {
        Net m = new Net() {
            @Override
            public void onTrainEpochStart() {
                net.eval(); // as Lightning users freeze a backbone
            }
        };
        trainer(1).fit(m, batches(1), null);
        assertEquals(List.of("fit:eval"), m.seen);
    }

    @Test
    void aBlockInsideTheNetSetToInferenceInTheHookKeepsItsStatistics() {
        Net m = new Net() {
            @Override
            public void onTrainEpochStart() {
                norm.eval(); // PyTorch's way to keep a BatchNorm's statistics while the rest trains
            }
        };
        float[] before = m.norm.movingMean().value().toFloatArray();
        trainer(2).fit(m, batches(2), null);
        assertEquals(
                List.of("fit:train:dropped", "fit:train:dropped", "fit:train:dropped", "fit:train:dropped"), m.seen);
        assertEquals(before[0], m.norm.movingMean().value().toFloatArray()[0]);
        assertFalse(m.norm.isTraining());
    }
}
