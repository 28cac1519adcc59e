package dev.synapse.interop.keras;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.nn.Model;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Model.load} reads Keras files once this module is on the class path, as keras.models.load_model does. */
class KerasModelFormatTest {
    @TempDir
    Path dir;

    @Test
    void kerasAndH5FilesLoadThroughModelLoadWithKerassOutputs() throws IOException {
        for (String file : new String[] {"seed002_cnn.keras", "seed002_cnn.h5"}) {
            Model model = Model.load(KerasFilesTest.fixture(dir, file));
            Tensor[] io = KerasFilesTest.io("seed002_cnn");
            double diff = KerasFilesTest.maxRelativeDifference(model.apply(io[0]), io[1]);
            assertTrue(diff <= 2e-5, file + ": largest difference " + diff);
        }
    }

    @Test
    void aSynapseFileNamedKerasStaysSynapses() throws IOException {
        Model m = new dev.synapse.nn.Sequential(dev.synapse.nn.Input.of(3), new dev.synapse.nn.layers.Dense(2, "relu"));
        m.compile("adam", "mse");
        Path file = dir.resolve("mine.keras");
        m.save(file);
        Model back = Model.load(file);
        org.junit.jupiter.api.Assertions.assertNotNull(
                back.compiled(), "Synapse's own file keeps its compile settings");
        Tensor x = Tensor.of(new float[] {1, -2, 3}).reshape(1, 3);
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                m.predict(x).toFloatArray(), back.predict(x).toFloatArray());
    }
}
