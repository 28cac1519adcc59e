package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a module providing a {@link ModelFormat}, another framework's file is refused naming the module; a
 * Synapse file named {@code .keras}, as Keras's own, stays Synapse's.
 */
class ModelFormatTest {
    @TempDir
    Path dir;

    @Test
    void aKerasOrOnnxFileSaysWhichModuleReadsIt() throws Exception {
        for (String name : new String[] {"model.keras", "MODEL.H5", "m.onnx"}) {
            Path file = Files.write(dir.resolve(name), new byte[] {1, 2, 3});
            var e = assertThrows(dev.synapse.io.CorruptFileException.class, () -> Model.load(file));
            assertTrue(
                    e.getMessage().contains("synapse-interop") && e.getMessage().contains(name), e.getMessage());
        }
    }
}
