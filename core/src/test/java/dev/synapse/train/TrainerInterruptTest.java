package dev.synapse.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.io.AtomicFiles;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.loggers.CSVLogger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Thread#interrupt()} stops every Trainer loop between batches, flag kept, files whole. */
class TrainerInterruptTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearFlag() {
        Thread.interrupted();
    }

    private static Trainer.Builder quiet() {
        return Trainer.builder().verbose(0).printSummary(false);
    }

    /** Interrupts its own thread at one batch of one epoch, as another thread's {@code interrupt()} would. */
    private static final class InterruptAt implements Callback {
        private final int epoch;
        private final int batch;
        private int currentEpoch;

        InterruptAt(int epoch, int batch) {
            this.epoch = epoch;
            this.batch = batch;
        }

        @Override
        public void onEpochBegin(int e) {
            currentEpoch = e;
        }

        @Override
        public void onTrainBatchEnd(int b, Map<String, Double> logs) {
            if (currentEpoch == epoch && b == batch) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes a file atomically when training ends, through a file channel, which refuses to write while the flag is
     * set.
     */
    private static final class SummaryFile implements Callback {
        private final Path file;

        SummaryFile(Path file) {
            this.file = file;
        }

        @Override
        public void onTrainEnd(Map<String, Double> logs) {
            try {
                AtomicFiles.write(
                        file, out -> out.write(("last loss " + logs.get("loss")).getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void fitStopsAtTheNextBatchKeepsTheFlagAndLetsCallbacksFinishTheirFiles() throws IOException {
        Synapse.setSeed(4);
        TrainerTest.LinearModule m = new TrainerTest.LinearModule();
        CSVLogger logger = new CSVLogger(dir, "run");
        Path summary = dir.resolve("summary.txt");
        Trainer trainer = quiet().maxEpochs(50)
                .logger(logger)
                .callbacks(new InterruptAt(2, 1), new SummaryFile(summary))
                .build();

        TrainingInterruptedException e = assertThrows(
                TrainingInterruptedException.class,
                () -> trainer.fit(m, TrainerTest.data(5, 4), TrainerTest.data(1, 4)));

        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag stays set");
        assertEquals(2, e.history().epochs().size(), "epochs 0 and 1 finished before the interruption");
        assertEquals(2 * 5 + 2, trainer.globalStep(), "two batches of epoch 2 ran: the one interrupted and none after");
        assertTrue(e.getMessage().contains("interrupted") && e.getMessage().contains("epoch 2"), e.getMessage());
        Thread.interrupted();
        assertTrue(Files.readString(summary).startsWith("last loss "), "onTrainEnd wrote its file");
        assertEquals(3, Files.readAllLines(logger.file()).size(), "header and the two finished epochs");
    }

    @Test
    void predictValidateAndTestStopWhenInterrupted() {
        TrainerTest.LinearModule m = new TrainerTest.LinearModule() {
            @Override
            public Object predictStep(Tensor[] batch, int batchIndex) {
                return forward(batch[0]);
            }
        };
        Trainer trainer = quiet().maxEpochs(1).build();
        List<Tensor[]> data = TrainerTest.data(3, 4);
        for (Runnable loop : List.<Runnable>of(
                () -> trainer.predict(m, data), () -> trainer.validate(m, data), () -> trainer.test(m, data))) {
            Thread.currentThread().interrupt();
            TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class, loop::run);
            assertTrue(Thread.interrupted(), "the flag is kept: " + e.getMessage());
        }
        assertEquals(3, trainer.predict(m, data).size(), "the same loop runs to its end once the flag is cleared");
    }

    @Test
    void emptyTrainingDataIsAnErrorNotAnEmptyHistory() {
        Trainer trainer = quiet().maxEpochs(3).build();
        IllegalArgumentException known = assertThrows(
                IllegalArgumentException.class, () -> trainer.fit(new TrainerTest.LinearModule(), List.of(), null));
        assertTrue(known.getMessage().contains("nothing to train on"), known.getMessage());

        Iterable<Tensor[]> unknownSize = () -> List.<Tensor[]>of().iterator();
        IllegalArgumentException found = assertThrows(
                IllegalArgumentException.class, () -> trainer.fit(new TrainerTest.LinearModule(), unknownSize, null));
        assertTrue(found.getMessage().contains("nothing to train on"), found.getMessage());

        IllegalArgumentException validation = assertThrows(
                IllegalArgumentException.class,
                () -> trainer.fit(new TrainerTest.LinearModule(), TrainerTest.data(2, 4), List.of()));
        assertTrue(validation.getMessage().contains("validation data holds no batches"), validation.getMessage());
    }
}
