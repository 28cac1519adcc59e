package dev.synapse.interop.keras;

import dev.synapse.nn.Model;
import dev.synapse.nn.ModelFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Keras's {@code .keras} and legacy {@code .h5} files for {@link Model#load}: {@link KerasFiles#load}. */
public final class KerasModelFormat implements ModelFormat {
    /** Made by {@link java.util.ServiceLoader}. */
    public KerasModelFormat() {}

    @Override
    public String name() {
        return "Keras";
    }

    @Override
    public List<String> extensions() {
        return List.of(".keras", ".h5", ".hdf5");
    }

    @Override
    public Model read(Path file) throws IOException {
        return KerasFiles.load(file);
    }
}
