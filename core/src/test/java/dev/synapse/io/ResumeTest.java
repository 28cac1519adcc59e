package dev.synapse.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.data.DataLoader;
import dev.synapse.data.TensorDataset;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.Names;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.nn.layers.GaussianNoise;
import dev.synapse.optim.Adam;
import dev.synapse.optim.LearningRateSchedule;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.Callback;
import dev.synapse.train.RegressionModule;
import dev.synapse.train.Trainer;
import dev.synapse.train.callbacks.EarlyStopping;
import dev.synapse.train.callbacks.ModelCheckpoint;
import dev.synapse.train.callbacks.ReduceLROnPlateau;
import dev.synapse.train.keras.Fit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train N epochs straight, or k epochs, checkpoint, then resume with new objects and a scrambled
 * global random state: the final weights must be bit-identical. Dropout draws from its own seeded
 * generator and noise from the global one, the loader shuffles, the learning rate follows a schedule and is cut by
 * ReduceLROnPlateau, batch norm moves its statistics and EarlyStopping keeps the best weights.
 * The models use no exp/log/tanh: the vectorized transcendental kernels may round differently
 * before and after the JIT compiles them, which would make two runs in one JVM differ by an ulp.
 */
class ResumeTest {
    @TempDir
    Path dir;

    private static final int EPOCHS = 6;
    private static final int INTERRUPT_AFTER = 3;

    private static Tensor[] data() {
        Synapse.setSeed(42);
        Tensor x = Tensor.randn(48, 4);
        float[] y = new float[48 * 3];
        float[] xs = x.toFloatArray();
        for (int i = 0; i < 48; i++) {
            y[3 * i] = xs[4 * i] + xs[4 * i + 1];
            y[3 * i + 1] = xs[4 * i + 2] * xs[4 * i + 3];
            y[3 * i + 2] = Math.abs(xs[4 * i]);
        }
        return new Tensor[] {x, Tensor.wrap(y, 48, 3)};
    }

    private record Run(RegressionModule net, DataLoader train, DataLoader val, List<Callback> callbacks) {}

    private static Run build(long globalSeed, Tensor[] d) {
        Names.clearSession();
        Synapse.setSeed(globalSeed);
        Model m = new Sequential(
                Input.of(4),
                new Dense(16, "relu"),
                new BatchNormalization(),
                new Dropout(0.3, null, 7L),
                new GaussianNoise(0.1),
                new Dense(3));
        Optimizer opt = new Adam(0.02);
        opt.setLearningRate(LearningRateSchedule.exponentialDecay(0.02, 5, 0.8, false));
        DataLoader train = DataLoader.builder(new TensorDataset(d[0].slice(0, 0, 40), d[1].slice(0, 0, 40)))
                .batchSize(8)
                .shuffle(true)
                .seed(5)
                .build();
        DataLoader val = DataLoader.builder(new TensorDataset(d[0].slice(0, 40, 48), d[1].slice(0, 40, 48)))
                .batchSize(8)
                .seed(6)
                .build();
        List<Callback> cbs =
                List.of(new EarlyStopping("val_loss", 100, true), new ReduceLROnPlateau("val_loss", 0.5, 1));
        return new Run(new RegressionModule(m, opt), train, val, cbs);
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> weights) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        weights.forEach((k, v) -> out.put(k, v.detach().copy()));
        return out;
    }

    private static void assertSameWeights(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            IoAssertions.assertSameBits(a.get(k), b.get(k));
        }
    }

    private static Trainer trainer(int epochs, List<Callback> cbs) {
        return Trainer.builder()
                .maxEpochs(epochs)
                .callbacks(cbs)
                .verbose(0)
                .printSummary(false)
                .build();
    }

    @Test
    void trainerResumesBitIdentically() throws IOException {
        Tensor[] d = data();
        Run straight = build(1, d);
        trainer(EPOCHS, straight.callbacks()).fit(straight.net(), straight.train(), straight.val());
        Map<String, Tensor> expected = copy(straight.net().model.stateDict());
        double expectedLr = straight.net().optimizer.learningRate();

        Run first = build(1, d);
        var checkpoint = new ModelCheckpoint(dir.resolve("ckpt-{epoch}.ckpt").toString());
        List<Callback> cbs = new java.util.ArrayList<>(first.callbacks());
        cbs.add(checkpoint);
        trainer(INTERRUPT_AFTER, cbs).fit(first.net(), first.train(), first.val());
        Path ckpt = dir.resolve("ckpt-" + INTERRUPT_AFTER + ".ckpt");
        assertTrue(Files.exists(ckpt));

        Run resumed = build(987654321, d); // new objects, other initial weights, other random state
        Generator.global().nextGaussian();
        Trainer t = trainer(EPOCHS, resumed.callbacks());
        var history = t.fit(resumed.net(), resumed.train(), resumed.val(), ckpt);
        assertEquals(List.of(3, 4, 5), history.epochs());
        assertEquals(expectedLr, resumed.net().optimizer.learningRate());
        assertSameWeights(expected, resumed.net().model.stateDict());
        // EarlyStopping put back the best weights; the optimizer's moments show every step was the same.
        assertSameWeights(
                straight.net().optimizer.state(straight.net().parameters()),
                resumed.net().optimizer.state(resumed.net().parameters()));
        assertEquals(
                straight.net().optimizer.iterations(), resumed.net().optimizer.iterations());
        assertEquals(EPOCHS * 5L, t.globalStep());
    }

    @Test
    void resumeRefusesALoaderWithAnotherSeed() throws IOException {
        Tensor[] d = data();
        Run first = build(1, d);
        List<Callback> cbs = List.of(new ModelCheckpoint(dir.resolve("c.ckpt").toString()));
        trainer(1, cbs).fit(first.net(), first.train(), first.val());
        Run other = build(1, d);
        DataLoader reseeded = DataLoader.builder(other.train().dataset())
                .batchSize(8)
                .shuffle(true)
                .seed(99)
                .build();
        var e = assertThrows(
                IllegalStateException.class,
                () -> trainer(2, List.of()).fit(other.net(), reseeded, other.val(), dir.resolve("c.ckpt")));
        assertTrue(e.getMessage().contains("seed(5)"), e.getMessage());
    }

    private static Sequential kerasModel(long seed) {
        Names.clearSession();
        Synapse.setSeed(seed);
        Sequential m = new Sequential(Input.of(4), new Dense(16, "relu"), new Dropout(0.2, null, 11L), new Dense(3));
        m.compile(new Adam(0.01), "mse", "mae");
        return m;
    }

    @Test
    void kerasFitResumesBitIdentically() throws IOException {
        Tensor[] d = data();
        Sequential straight = kerasModel(3);
        straight.fit(
                d[0],
                d[1],
                Fit.batchSize(8)
                        .epochs(EPOCHS)
                        .validationSplit(0.25)
                        .verbose(0)
                        .callbacks(new EarlyStopping("val_loss", 50)));
        Map<String, Tensor> expected = copy(straight.stateDict());

        Sequential first = kerasModel(3);
        first.fit(
                d[0],
                d[1],
                Fit.batchSize(8)
                        .epochs(INTERRUPT_AFTER)
                        .validationSplit(0.25)
                        .verbose(0)
                        .callbacks(
                                new EarlyStopping("val_loss", 50),
                                new ModelCheckpoint(
                                        dir.resolve("k-{epoch}.synapse").toString())));
        Path ckpt = dir.resolve("k-" + INTERRUPT_AFTER + ".synapse");

        Sequential resumed = kerasModel(2024);
        var h = resumed.fit(
                d[0],
                d[1],
                Fit.batchSize(8)
                        .epochs(EPOCHS)
                        .validationSplit(0.25)
                        .verbose(0)
                        .callbacks(new EarlyStopping("val_loss", 50))
                        .resumeFrom(ckpt));
        assertEquals(List.of(3, 4, 5), h.epochs());
        assertSameWeights(expected, resumed.stateDict());

        // A checkpoint of fit is also a model file.
        Model loaded = Model.load(ckpt);
        assertNotNull(loaded.compiled());
        IoAssertions.assertSameBits(first.predict(d[0]), loaded.predict(d[0]));
    }

    @Test
    void aModelFileIsNotACheckpoint() throws IOException {
        Tensor[] d = data();
        Sequential m = kerasModel(3);
        Path f = dir.resolve("m.synapse");
        m.save(f);
        var e = assertThrows(
                java.io.UncheckedIOException.class,
                () -> kerasModel(3).fit(d[0], d[1], Fit.epochs(2).verbose(0).resumeFrom(f)));
        assertTrue(e.getMessage().contains("not a checkpoint"), e.getMessage());
    }
}
