package dev.synapse.train.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.SafeTensors;
import dev.synapse.train.Monitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {

    @Test
    void everyTenEpochsWeightsOnly(@TempDir Path dir) throws IOException {
        FakeContext ctx = new FakeContext();
        ModelCheckpoint cp = ModelCheckpoint.everyNEpochs(
                dir.resolve("w-{epoch:02d}.safetensors").toString(), 10, true);
        cp.setContext(ctx);
        cp.onTrainBegin();
        for (int e = 0; e < 25; e++) {
            ctx.weights.get("dense.kernel").fill(e);
            cp.onEpochEnd(e, Map.of("val_loss", 1.0));
        }
        assertTrue(Files.exists(dir.resolve("w-10.safetensors")));
        assertTrue(Files.exists(dir.resolve("w-20.safetensors")));
        assertFalse(Files.exists(dir.resolve("w-11.safetensors")));
        var saved = SafeTensors.read(dir.resolve("w-20.safetensors"));
        assertArrayEquals(
                new float[] {19, 19}, saved.tensors().get("dense.kernel").toFloatArray());
        assertEquals("20", saved.metadata().get("epoch"));
    }

    @Test
    void saveBestOnlySkipsWorseEpochs(@TempDir Path dir) {
        FakeContext ctx = new FakeContext();
        ModelCheckpoint cp = new ModelCheckpoint(new ModelCheckpoint.Options(
                dir.resolve("best-{epoch}.st").toString(), "val_loss", true, false, Monitor.AUTO, 1));
        cp.setContext(ctx);
        cp.onTrainBegin();
        double[] losses = {0.5, 0.7, 0.4, 0.45};
        for (int e = 0; e < losses.length; e++) {
            cp.onEpochEnd(e, Map.of("val_loss", losses[e]));
        }
        assertTrue(Files.exists(dir.resolve("best-1.st")));
        assertFalse(Files.exists(dir.resolve("best-2.st")));
        assertTrue(Files.exists(dir.resolve("best-3.st")));
        assertFalse(Files.exists(dir.resolve("best-4.st")));
        assertEquals(dir.resolve("best-3.st"), cp.lastSaved());
    }

    @Test
    void aBadPatternFailsWhenTheCallbackIsMadeNotAfterAnEpoch() {
        for (String bad : new String[] {"m-{epoch:02q}.ckpt", "m-{epoch.ckpt", "m-{}.ckpt", "m-{val_loss:d}.ckpt"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint(bad));
            assertTrue(
                    e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("epoch"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.bestOnly("{loss:>8}", "loss", false));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.bestOnly("m.ckpt", null, false))
                .getMessage()
                .contains("monitor"));
    }

    @Test
    void anUnknownNameStopsTheRunAtTheFirstEpochEvenWhenSavingLater(@TempDir Path dir) {
        ModelCheckpoint cp =
                ModelCheckpoint.everyNEpochs(dir.resolve("m-{val_acc:.2f}").toString(), 10, true);
        cp.setContext(new FakeContext());
        cp.onTrainBegin();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> cp.onEpochEnd(0, Map.of("loss", 1.0, "val_loss", 1.0, "val_accuracy", 0.5)));
        assertTrue(
                e.getMessage().contains("{val_acc}")
                        && e.getMessage().contains("val_accuracy")
                        && e.getMessage().contains("epoch"),
                e.getMessage());
    }
}
