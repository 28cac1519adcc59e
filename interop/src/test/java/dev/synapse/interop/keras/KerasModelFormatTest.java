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
}
