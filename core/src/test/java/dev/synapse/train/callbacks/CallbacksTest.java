package dev.synapse.train.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.train.History;
import dev.synapse.train.tensorboard.EventFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbacksTest {

    private static Map<String, Double> logs(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        FakeContext ctx = new FakeContext();
        EarlyStopping es = new EarlyStopping("val_loss", 2, true);
        es.setContext(ctx);
        es.onTrainBegin();
        double[] valLoss = {1.0, 0.5, 0.6, 0.7, 0.4};
        int epoch = 0;
        for (; epoch < valLoss.length && !ctx.isStopping(); epoch++) {
            ctx.weights.get("dense.kernel").fill(epoch);
            es.onEpochEnd(epoch, logs("val_loss", valLoss[epoch]));
        }
        assertEquals(3, es.stoppedEpoch(), "best at epoch 1, two epochs without improvement");
        assertEquals(1, es.bestEpoch());
        es.onTrainEnd(Map.of());
        assertArrayEquals(new float[] {1, 1}, ctx.weights.get("dense.kernel").toFloatArray());
    }

    @Test
    void earlyStoppingOnAccuracyMaximizes() {
        FakeContext ctx = new FakeContext();
        EarlyStopping es = new EarlyStopping("val_accuracy", 1);
        es.setContext(ctx);
        es.onTrainBegin();
        es.onEpochEnd(0, logs("val_accuracy", 0.5));
        es.onEpochEnd(1, logs("val_accuracy", 0.6));
        assertFalse(ctx.isStopping());
        es.onEpochEnd(2, logs("val_accuracy", 0.55));
        assertTrue(ctx.isStopping());
    }

    @Test
    void reduceLrOnPlateauLowersTheRate() {
        FakeContext ctx = new FakeContext();
        ReduceLROnPlateau r = new ReduceLROnPlateau("loss", 0.5, 2);
        r.setContext(ctx);
        r.onTrainBegin();
        double[] loss = {1.0, 1.0, 1.0, 1.0, 1.0};
        for (int e = 0; e < loss.length; e++) {
            r.onEpochEnd(e, logs("loss", loss[e]));
        }
        assertEquals(0.025, ctx.optimizer.learningRate(), 1e-12, "halved after epochs 2 and 4");
    }

    @Test
    void terminateOnNaN() {
        FakeContext ctx = new FakeContext();
        TerminateOnNaN t = new TerminateOnNaN();
        t.setContext(ctx);
        t.onTrainBatchEnd(0, logs("loss", 1.0));
        assertFalse(ctx.isStopping());
        t.onTrainBatchEnd(1, logs("loss", Double.NaN));
        assertTrue(ctx.isStopping());
        assertTrue(t.reason().contains("batch 1"));
    }

    @Test
    void historyAndCsv(@TempDir Path dir) throws IOException {
        History h = new History();
        Path csv = dir.resolve("log.csv");
        CSVLogger c = new CSVLogger(csv);
        c.onTrainBegin();
        for (int e = 0; e < 3; e++) {
            Map<String, Double> l = logs("loss", 1.0 / (e + 1), "accuracy", 0.5 + e * 0.1);
            h.onEpochEnd(e, l);
            c.onEpochEnd(e, l);
        }
        c.onTrainEnd(Map.of());
        assertEquals(List.of(0, 1, 2), h.epochs());
        assertEquals(0.5, h.get("loss").get(1), 1e-12);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,accuracy", lines.get(0));
        assertEquals("1,0.50000000,0.60000000", lines.get(2));
    }

    @Test
    void tensorBoardScalarsMatchTheLogs(@TempDir Path dir) throws IOException {
        FakeContext ctx = new FakeContext();
        TensorBoard tb = new TensorBoard(dir, 1);
        tb.setContext(ctx);
        tb.onTrainBegin();
        tb.onEpochEnd(0, logs("loss", 0.75, "val_loss", 0.9));
        tb.onEpochEnd(1, logs("loss", 0.5, "val_loss", 0.8));
        tb.onTrainEnd(Map.of());
        Path trainFile;
        try (var files = Files.list(tb.trainDir())) {
            trainFile = files.findFirst().orElseThrow();
        }
        List<EventFileReader.Event> ev = EventFileReader.read(trainFile);
        List<Float> losses = ev.stream()
                .flatMap(e -> e.values().stream())
                .filter(v -> "epoch_loss".equals(v.tag()))
                .map(EventFileReader.Value::scalar)
                .toList();
        assertEquals(List.of(0.75f, 0.5f), losses);
        assertTrue(ev.stream()
                .flatMap(e -> e.values().stream())
                .anyMatch(v -> "dense/kernel".equals(v.tag()) && v.histogram() != null));
        Path valFile;
        try (var files = Files.list(tb.validationDir())) {
            valFile = files.findFirst().orElseThrow();
        }
        List<Float> val = EventFileReader.read(valFile).stream()
                .flatMap(e -> e.values().stream())
                .filter(v -> "epoch_loss".equals(v.tag()))
                .map(EventFileReader.Value::scalar)
                .toList();
        assertEquals(List.of(0.9f, 0.8f), val);
    }
}
