package dev.synapse.examples.seed002;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.Model;
import dev.synapse.optim.Adam;
import dev.synapse.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 002's exercise program on Fashion-MNIST (Debian's package, installed by ./synapse test), on a
 * budget: 2,048 training and 512 test pictures, 4 epochs with a checkpoint every 2.
 */
class FashionExerciseTest {

    @Test
    void handWrittenLoopLearnsAndCheckpointsEveryNEpochs(@TempDir Path out) {
        FashionExercise.Result r = FashionExercise.run(FashionExercise.Settings.tutorial().withOut(out).with(4, 2, 2_048, 512));

        List<FashionExercise.Epoch> epochs = r.epochs();
        assertEquals(4, epochs.size());
        assertTrue(epochs.get(3).loss() < 0.7 * epochs.get(0).loss(), "training loss falls: " + epochs);
        assertTrue(epochs.get(3).valAccuracy() > 0.6, "val_accuracy " + epochs.get(3).valAccuracy());

        Path dir = out.resolve("checkpoints");
        assertEquals(List.of(dir.resolve("ckpt-2.safetensors"), dir.resolve("ckpt-4.safetensors")), r.checkpoints());

        // The last checkpoint restores the trained model exactly; the earlier one is a different model.
        Model restored = FashionExercise.createModel();
        Adam optimizer = new Adam(1e-2);
        assertEquals(4, FashionExercise.restoreCheckpoint(r.checkpoints().get(1), restored, optimizer));
        assertEquals(4 * 8, optimizer.iterations(), "4 epochs of 8 batches");
        Tensor again = restored.predict(r.testImages(), 256);
        assertArrayEquals(r.predictions().toFloatArray(), again.toFloatArray());

        Model earlier = FashionExercise.createModel();
        assertEquals(2, FashionExercise.restoreCheckpoint(r.checkpoints().get(0), earlier, null));
        assertFalse(Arrays.equals(r.predictions().toFloatArray(), earlier.predict(r.testImages(), 256).toFloatArray()));
    }
}
