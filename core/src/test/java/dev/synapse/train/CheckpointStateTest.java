package dev.synapse.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.data.DataLoader;
import dev.synapse.data.TensorDataset;
import dev.synapse.io.CorruptFileException;
import dev.synapse.io.ModelArchive;
import dev.synapse.io.internal.JsonFields;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.Names;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.optim.Adam;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.callbacks.EarlyStopping;
import dev.synapse.train.callbacks.ModelCheckpoint;
import dev.synapse.train.callbacks.ReduceLROnPlateau;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume checks the whole checkpoint before restoring any of it: a checkpoint with one bad piece is
 * refused naming the file and the entry, and the model, the optimizer, the loaders, the callbacks and
 * the random state are left bit for bit as they were.
 */
class CheckpointStateTest {
    @TempDir
    Path dir;

    private Path checkpoint;

    private record Run(RegressionModule net, DataLoader train, DataLoader val, List<Callback> callbacks) {}

    private static Run build(long seed) {
        Names.clearSession();
        Synapse.setSeed(seed);
        Model m = new Sequential(Input.of(4), new Dense(8, "relu"), new Dropout(0.2, null, 3L), new Dense(2));
        Synapse.setSeed(11);
        Tensor x = Tensor.randn(24, 4);
        Tensor y = Tensor.randn(24, 2);
        DataLoader train = DataLoader.builder(new TensorDataset(x.slice(0, 0, 16), y.slice(0, 0, 16)))
                .batchSize(4)
                .shuffle(true)
                .seed(5)
                .build();
        DataLoader val = DataLoader.builder(new TensorDataset(x.slice(0, 16, 24), y.slice(0, 16, 24)))
                .batchSize(4)
                .seed(6)
                .build();
        List<Callback> cbs =
                List.of(new EarlyStopping("val_loss", 50, true), new ReduceLROnPlateau("val_loss", 0.5, 1));
        return new Run(new RegressionModule(m, new Adam(0.01)), train, val, cbs);
    }

    private static Trainer trainer(int epochs, List<Callback> cbs) {
        return Trainer.builder()
                .maxEpochs(epochs)
                .callbacks(cbs)
                .verbose(0)
                .printSummary(false)
                .build();
    }

    @BeforeEach
    void writeCheckpoint() {
        Run first = build(1);
        List<Callback> cbs = new ArrayList<>(first.callbacks());
        cbs.add(new ModelCheckpoint(dir.resolve("good.ckpt").toString()));
        trainer(2, cbs).fit(first.net(), first.train(), first.val());
        checkpoint = dir.resolve("good.ckpt");
    }

    /** Everything a resume may touch, as exact bits and texts. */
    private static Map<String, Object> snapshot(Run r) {
        Map<String, Object> s = new LinkedHashMap<>();
        r.net().namedWeights().forEach((k, t) -> s.put("weight " + k, bits(t)));
        r.net().optimizer.state(r.net().parameters()).forEach((k, t) -> s.put("slot " + k, bits(t)));
        s.put("iterations", r.net().optimizer.iterations());
        s.put("learning rate", r.net().optimizer.learningRate());
        s.put("train epoch", r.train().epoch());
        s.put("val epoch", r.val().epoch());
        s.put("global generator", Arrays.toString(Generator.global().getState()));
        r.net().namedGenerators().forEach((k, g) -> s.put("generator " + k, Arrays.toString(g.getState())));
        for (int i = 0; i < r.callbacks().size(); i++) {
            for (Map.Entry<String, Object> e : r.callbacks().get(i).stateDict().entrySet()) {
                s.put("callback " + i + " " + e.getKey(), e.getValue() instanceof Tensor t ? bits(t) : e.getValue());
            }
        }
        return s;
    }

    private static List<Integer> bits(Tensor t) {
        List<Integer> out = new ArrayList<>();
        for (float v : t.toFloatArray()) {
            out.add(Float.floatToRawIntBits(v));
        }
        return out;
    }

    /** A live run one epoch in, so that every piece of state holds something. */
    private static Run live() {
        Run r = build(2);
        trainer(1, r.callbacks()).fit(r.net(), r.train(), r.val());
        Generator.global().nextGaussian();
        return r;
    }

    private Path damaged(Consumer<ModelArchive> damage) throws IOException {
        ModelArchive a = ModelArchive.read(checkpoint);
        damage.accept(a);
        Path f = dir.resolve("damaged.ckpt");
        a.write(f);
        return f;
    }

    /** The JSON object at {@code key} of {@code m}, to be changed in place. */
    private static Map<String, Object> object(Map<String, Object> m, String key) {
        try {
            return JsonFields.map(m, key, "checkpoint");
        } catch (CorruptFileException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <E extends Exception> E assertResumeFailsAndChangesNothing(Class<E> type, Path file, String... words) {
        Run r = live();
        Map<String, Object> before = snapshot(r);
        E e = assertThrows(type, () -> trainer(4, r.callbacks()).fit(r.net(), r.train(), r.val(), file));
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' not in: " + e.getMessage());
        }
        Map<String, Object> after = snapshot(r);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertEquals(v, after.get(k), k));
        return e;
    }

    private static String firstWeight(ModelArchive a) {
        return a.weights().keySet().iterator().next();
    }

    @Test
    void aScalarInPlaceOfEarlyStoppingsBestWeightsIsACorruptFile() throws IOException {
        String[] name = new String[1];
        Path f = damaged(a -> {
            name[0] = "EarlyStopping#0/best_weights." + firstWeight(a);
            a.trainingTensors().put(name[0], Tensor.scalar(3));
        });
        assertResumeFailsAndChangesNothing(
                CorruptFileException.class,
                f,
                f.toString(),
                "EarlyStopping#0",
                name[0].substring(name[0].indexOf('/') + 1));
    }

    @Test
    void bestWeightsOfAnUnknownWeightAreACorruptFile() throws IOException {
        Path f = damaged(a -> a.trainingTensors().put("EarlyStopping#0/best_weights.no_such.kernel", Tensor.zeros(2)));
        assertResumeFailsAndChangesNothing(CorruptFileException.class, f, f.toString(), "best_weights.no_such.kernel");
    }

    @Test
    void aLoaderSeedMismatchChangesNothing() throws IOException {
        Path f = damaged(a -> object(a.training(), "train_loader").put("seed", 99L));
        assertResumeFailsAndChangesNothing(IllegalStateException.class, f, "seed(99)");
    }

    @Test
    void aCallbackValueOfTheWrongTypeIsACorruptFile() throws IOException {
        Path f = damaged(a ->
                object(object(a.training(), "callbacks"), "ReduceLROnPlateau#0").put("wait", "x"));
        assertResumeFailsAndChangesNothing(
                CorruptFileException.class, f, f.toString(), "ReduceLROnPlateau#0", "'wait'");
    }

    @Test
    void anOptimizerSlotOfTheWrongShapeIsACorruptFile() throws IOException {
        String[] slot = new String[1];
        Path f = damaged(a -> {
            List<String> keys = new ArrayList<>(a.optimizerSlots().keySet());
            slot[0] = keys.get(keys.size() - 1);
            a.optimizerSlots().put(slot[0], Tensor.zeros(1, 1));
        });
        assertResumeFailsAndChangesNothing(CorruptFileException.class, f, f.toString(), "optimizer.safetensors");
    }

    @Test
    void generatorStatesMustNameTheModulesSeededLayers() throws IOException {
        Path f = damaged(a -> object(a.training(), "layer_generators").put("dropout_9", List.of(1L, 2L, 3L, 4L)));
        assertResumeFailsAndChangesNothing(CorruptFileException.class, f, f.toString(), "dropout_9");
        Path g = damaged(a -> a.training().put("global_step", -3L));
        assertResumeFailsAndChangesNothing(CorruptFileException.class, g, g.toString(), "global_step");
    }

    @Test
    void aGoodCheckpointStillResumes() throws IOException {
        Run r = live();
        History h = trainer(3, r.callbacks()).fit(r.net(), r.train(), r.val(), checkpoint);
        assertEquals(List.of(2), h.epochs());
        assertEquals(3, r.train().epoch());
    }
}
