package dev.synapse.interop.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.CorruptFileException;
import dev.synapse.nn.Model;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.keras.Fit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiled Keras models saved after two epochs (make_fixtures.py's resume_fixtures) load compiled with the
 * optimizer's state, and one more epoch in Synapse reaches Keras's third-epoch predictions.
 */
class KerasCompileTest {
    /**
     * Twelve float32 steps of a 29-weight model from the same state: rounding differences stay near 1e-6, while a
     * fresh optimizer state (or a slot in the wrong place) moves the predictions by 1e-3 or more.
     */
    private static final double TOLERANCE = 2e-5;

    @TempDir
    Path dir;

    static List<String> fixtures() {
        List<String> out = new ArrayList<>();
        for (String name : List.of("resume_adam", "resume_sgd", "resume_rmsprop")) {
            out.add(name + ".keras");
            out.add(name + ".h5");
        }
        return out;
    }

    /** The training inputs, their labels and Keras's predictions after the third epoch. */
    static Tensor[] resume(String model) throws IOException {
        return KerasFilesTest.tensors(model + ".resume.bin", 3);
    }

    private static double trainOneEpoch(Model model, Tensor[] io) {
        model.fit(io[0], io[1], Fit.batchSize(4).epochs(1).shuffle(false).verbose(0));
        return KerasFilesTest.maxRelativeDifference(model.apply(io[0]), io[2]);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fitContinuesWhereKerasStopped(String file) throws IOException {
        String name = file.substring(0, file.lastIndexOf('.'));
        Tensor[] io = resume(name);
        Model model = KerasFiles.load(KerasFilesTest.fixture(dir, file));
        assertNotNull(model.compiled(), "compiled as Keras compiled it");
        Optimizer o = model.compiled().optimizer();
        assertEquals(8, o.iterations(), "two epochs of four batches");
        assertEquals("sparse_categorical_crossentropy", model.compiled().loss().name());
        double diff = trainOneEpoch(model, io);
        System.out.printf("KerasCompileTest: %s after one more epoch, largest difference %.3g%n", file, diff);
        assertTrue(diff <= TOLERANCE, file + ": largest difference " + diff);

        // The restored state is what makes it match: the same settings from a fresh state end elsewhere.
        Model uncompiled = KerasFiles.load(dir.resolve(file), false);
        assertNull(uncompiled.compiled());
        uncompiled.compile(freshCopy(o), model.compiled().loss(), "accuracy");
        double off = trainOneEpoch(uncompiled, io);
        assertTrue(off > 100 * TOLERANCE, file + ": a fresh optimizer state also matched (" + off + ")");
    }

    /** Synapse writes the settings and state back as Keras does: loaded again, one more epoch still reaches Keras's. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void savedWithItsStateFitsOnAsBefore(String file) throws IOException {
        String name = file.substring(0, file.lastIndexOf('.'));
        Model model = KerasFiles.load(KerasFilesTest.fixture(dir, file));
        Path saved = dir.resolve("saved.keras");
        KerasFiles.save(model, saved);
        // With -Dsynapse.keras.dump=DIR the file is kept for check_resume_with_keras.py, which resumes it in Keras.
        String dump = System.getProperty("synapse.keras.dump");
        if (dump != null) {
            java.nio.file.Files.createDirectories(Path.of(dump));
            java.nio.file.Files.copy(
                    saved,
                    Path.of(dump, file.replace('.', '_') + ".keras"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Model again = KerasFiles.load(saved);
        assertNotNull(again.compiled());
        assertEquals(
                model.compiled().optimizer().name(),
                again.compiled().optimizer().name());
        assertEquals(8, again.compiled().optimizer().iterations());
        double diff = trainOneEpoch(again, resume(name));
        assertTrue(diff <= TOLERANCE, file + " saved by Synapse: largest difference " + diff);
    }

    @Test
    void settingsKerasCannotRebuildAreLeftOut() throws IOException {
        Model model = KerasFiles.load(KerasFilesTest.fixture(dir, "resume_adam.keras"), false);
        model.compile(new dev.synapse.optim.Adam(dev.synapse.optim.Adam.Options.torchDefaults()), "mse");
        Path saved = dir.resolve("torch_eps.keras");
        KerasFiles.save(model, saved);
        assertNull(KerasFiles.load(saved).compiled(), "PyTorch's epsilon placement has no Keras form");
    }

    /** A new optimizer with the loaded one's settings and no state. */
    private static Optimizer freshCopy(Optimizer loaded) throws IOException {
        return switch (loaded) {
            case dev.synapse.optim.SGD s -> new dev.synapse.optim.SGD(s.options());
            case dev.synapse.optim.RMSprop r -> new dev.synapse.optim.RMSprop(r.options());
            case dev.synapse.optim.Adam a -> new dev.synapse.optim.Adam(a.options());
            default -> throw new IOException("unexpected optimizer " + loaded);
        };
    }

    @Test
    void aModelKerasNeverCompiledLoadsUncompiled() throws IOException {
        assertNull(KerasFiles.load(KerasFilesTest.fixture(dir, "seed001_mlp.keras"))
                .compiled());
        assertNull(
                KerasFiles.load(KerasFilesTest.fixture(dir, "seed001_mlp.h5")).compiled());
    }

    @Test
    void optimizerVariablesThatDoNotFitTheModelAreRefused() throws IOException {
        Model model = KerasFiles.load(KerasFilesTest.fixture(dir, "resume_adam.keras"), false);
        KerasCompile.Settings s = Objects.requireNonNull(KerasCompile.read(
                java.util.Map.of(
                        "optimizer",
                        java.util.Map.of("class_name", "Adam", "config", java.util.Map.of("learning_rate", 0.05)),
                        "loss",
                        "sparse_categorical_crossentropy"),
                "optimizer",
                "test"));
        List<Tensor> tooFew = List.of(Tensor.scalar(3.0, dev.synapse.tensor.DType.FLOAT64), Tensor.scalar(0.05));
        CorruptFileException e = assertThrows(
                CorruptFileException.class, () -> KerasCompile.apply(model, s, tooFew, "f!optimizer/vars"));
        assertTrue(e.getMessage().contains("f!optimizer/vars: holds 2 optimizer variables"), e.getMessage());
        assertNull(model.compiled(), "a refused state leaves the model uncompiled");
    }

    @Test
    void settingsSynapseCannotRebuildLeaveTheModelUncompiled() {
        assertNull(KerasCompile.read(
                java.util.Map.of(
                        "optimizer",
                        java.util.Map.of("class_name", "Lion", "config", java.util.Map.of("learning_rate", 0.001)),
                        "loss",
                        "mse"),
                "optimizer",
                "test"));
        assertNull(KerasCompile.read(
                java.util.Map.of(
                        "optimizer",
                        java.util.Map.of(
                                "class_name",
                                "Adam",
                                "config",
                                java.util.Map.of("learning_rate", java.util.Map.of("class_name", "ExponentialDecay"))),
                        "loss",
                        "mse"),
                "optimizer",
                "test"));
        assertNull(KerasCompile.read(null, "optimizer", "test"));
        assertNull(KerasCompile.read(java.util.Map.of(), "optimizer", "never compiled"));
    }
}
