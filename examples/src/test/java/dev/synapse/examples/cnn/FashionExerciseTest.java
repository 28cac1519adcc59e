package dev.synapse.examples.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.Model;
import dev.synapse.testing.NeedsData;
import dev.synapse.testing.Slow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 002's exercise program on Fashion-MNIST (Debian's package, installed by ./synapse test), on a
 * budget: 2,048 training and 512 test pictures, 4 epochs with a checkpoint every 2.
 */
@NeedsData
@Slow
class FashionExerciseTest {

    @Test
    void handWrittenLoopLearnsAndCheckpointsEveryNEpochs(@TempDir Path out) throws IOException {
        FashionExercise.Result r = FashionExercise.run(
                FashionExercise.Settings.tutorial().withOut(out).with(4, 2, 2_048, 512));

        for (String png : java.util.List.of("learning_curves.png", "predictions.png")) {
            java.nio.file.Path f = out.resolve(png);
            org.junit.jupiter.api.Assertions.assertTrue(
                    java.nio.file.Files.isRegularFile(f) && f.toFile().length() > 1000, "picture " + f);
        }
        List<FashionExercise.Epoch> epochs = r.epochs();
        assertEquals(4, epochs.size());
        assertTrue(epochs.get(3).loss() < 0.7 * epochs.get(0).loss(), "training loss falls: " + epochs);
        assertTrue(
                epochs.get(3).valAccuracy() > 0.6,
                "val_accuracy " + epochs.get(3).valAccuracy());

        Path dir = out.resolve("checkpoints");
        assertEquals(List.of(dir.resolve("ckpt-02.synapse"), dir.resolve("ckpt-04.synapse")), r.checkpoints());

        // The saved model reloads to identical predictions; so does the last checkpoint, whose optimizer
        // comes back with its state (4 epochs of 8 batches); the earlier checkpoint is a different model.
        assertTrue(r.reloadedIdentical(), "the reloaded model predicts the same");
        Model saved = Model.load(r.savedModel());
        assertArrayEquals(
                r.predictions().toFloatArray(),
                saved.predict(r.testImages(), 256).toFloatArray());
        Model last = Model.load(r.checkpoints().get(1));
        assertArrayEquals(
                r.predictions().toFloatArray(),
                last.predict(r.testImages(), 256).toFloatArray());
        assertEquals(4 * 8, last.compiled().optimizer().iterations(), "optimizer steps in the checkpoint");
        Model earlier = Model.load(r.checkpoints().get(0));
        assertEquals(2 * 8, earlier.compiled().optimizer().iterations());
        assertFalse(Arrays.equals(
                r.predictions().toFloatArray(),
                earlier.predict(r.testImages(), 256).toFloatArray()));
    }
}
