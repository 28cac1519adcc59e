package dev.synapse.train.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.Names;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Dense;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.Callback;
import dev.synapse.train.TrainingInterruptedException;
import dev.synapse.train.callbacks.ModelCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras's fit, evaluate and predict: interrupts between batches, and no fit on nothing. */
class KerasLoopsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        Names.clearSession();
        Synapse.setSeed(8);
    }

    @AfterEach
    void clearFlag() {
        Thread.interrupted();
    }

    private static Model model() {
        Model m = new Sequential(Input.of(3), new Dense(4, "relu"), new Dense(1));
        m.compile("sgd", "mse");
        return m;
    }

    @Test
    void predictAndEvaluateStopWhenTheThreadIsInterrupted() {
        Model m = model();
        Tensor x = Tensor.randn(40, 3);
        Tensor y = Tensor.randn(40, 1);
        Thread.currentThread().interrupt();
        assertThrows(TrainingInterruptedException.class, () -> m.predict(x, 8));
        assertTrue(Thread.interrupted(), "predict keeps the flag");
        Thread.currentThread().interrupt();
        assertThrows(TrainingInterruptedException.class, () -> m.evaluate(x, y, 8));
        assertTrue(Thread.interrupted(), "evaluate keeps the flag");
        assertEquals(40, m.predict(x, 8).dim(0));
    }

    @Test
    void anInterruptedFitKeepsTheLastWholeCheckpoint() throws IOException {
        Model m = model();
        Path ckpt = dir.resolve("ckpt.keras");
        Callback interruptInEpoch2 = new Callback() {
            private int epoch;

            @Override
            public void onEpochBegin(int e) {
                epoch = e;
            }

            @Override
            public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
                if (epoch == 2 && batch == 0) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        TrainingInterruptedException e = assertThrows(
                TrainingInterruptedException.class,
                () -> m.fit(
                        Tensor.randn(32, 3),
                        Tensor.randn(32, 1),
                        Fit.batchSize(8)
                                .epochs(10)
                                .verbose(0)
                                .callbacks(new ModelCheckpoint(ckpt.toString()), interruptInEpoch2)));
        assertTrue(Thread.interrupted());
        assertEquals(2, e.history().epochs().size());
        Model reloaded = Model.load(ckpt); // the checkpoint of epoch 1, whole
        assertEquals(m.layers().size(), reloaded.layers().size());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(ckpt), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void fitOnZeroSamplesSaysThereIsNothingToTrainOn() {
        Model m = model();
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class,
                () -> m.fit(
                        Tensor.zeros(0, 3), Tensor.zeros(0, 1), Fit.epochs(2).verbose(0)));
        assertTrue(none.getMessage().contains("nothing to train on"), none.getMessage());

        IllegalArgumentException noValidation = assertThrows(
                IllegalArgumentException.class,
                () -> m.fit(
                        Tensor.randn(8, 3),
                        Tensor.randn(8, 1),
                        Fit.epochs(2).verbose(0).validationData(Tensor.zeros(0, 3), Tensor.zeros(0, 1))));
        assertTrue(
                noValidation.getMessage().contains("validation data")
                        && noValidation.getMessage().contains("nothing to validate on"),
                noValidation.getMessage());

        IllegalArgumentException emptyBatch = assertThrows(
                IllegalArgumentException.class, () -> m.trainOnBatch(Tensor.zeros(0, 3), Tensor.zeros(0, 1)));
        assertTrue(emptyBatch.getMessage().contains("nothing to train on"), emptyBatch.getMessage());
    }
}
